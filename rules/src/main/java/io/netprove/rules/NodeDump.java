package io.netprove.rules;

import io.netprove.model.netfilter.Ruleset;

import java.util.List;
import java.util.Objects;

/** The forwarding state given for one node: its name and its parsed iptables rulesets (one per address family). */
public record NodeDump(String node, List<Ruleset> rulesets) {

    public NodeDump {
        Objects.requireNonNull(node, "node");
        rulesets = List.copyOf(rulesets);
    }
}
