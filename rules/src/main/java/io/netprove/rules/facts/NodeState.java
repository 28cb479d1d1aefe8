package io.netprove.rules.facts;

import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;

/**
 * A node whose forwarding state was given: its name, the kube-proxy {@code mode} its iptables dump shows and the
 * rule (or chain) that shows it ({@code evidence}; the first dump file when the mode is NONE), and the parsed
 * rulesets (one per address family read).
 */
public record NodeState(String name, ProxyMode mode, SourceLocation evidence, List<Ruleset> rulesets) {

    public NodeState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(evidence, "evidence");
        rulesets = List.copyOf(rulesets);
    }
}
