package io.netprove.verifier.sim;

import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;

/**
 * Answers "where does this packet end up?" for one node's iptables state: every possible outcome, each with the
 * rule-by-rule steps that decided it. Thread-safe: each call uses its own walk state.
 */
public final class NetfilterSimulator {

    /** Alternatives explored per packet before the answer is cut short (and said to be incomplete). */
    public static final int MAX_ALTERNATIVES = 4096;

    private final CompiledRuleset rules;
    private final NodeContext node;

    public NetfilterSimulator(Ruleset ruleset, NodeContext node) {
        this.rules = new CompiledRuleset(ruleset);
        this.node = node;
    }

    public Ruleset ruleset() {
        return rules.ruleset;
    }

    public NodeContext node() {
        return node;
    }

    /** Every outcome the packet can have, in rule order of the choices that lead to them. */
    public List<Outcome> simulate(Packet packet) {
        if (packet.family() != rules.ruleset.family()) {
            throw new IllegalArgumentException("an " + packet.family() + " packet cannot be traced through an "
                    + rules.ruleset.family() + " ruleset");
        }
        Choices choices = new Choices();
        Walk walk = new Walk(rules, node, choices);
        List<Outcome> outcomes = new ArrayList<>();
        while (choices.next()) {
            if (outcomes.size() == MAX_ALTERNATIVES) {
                outcomes.add(new Outcome(Disposition.UNKNOWN, packet, false, null,
                        List.of(new TraceStep("", "", "", SourceLocation.NONE, "",
                                "more than " + MAX_ALTERNATIVES + " alternatives; the rest were not explored")),
                        List.of(), List.of("exploration cut short after " + MAX_ALTERNATIVES + " alternatives")));
                break;
            }
            outcomes.add(walk.run(packet));
        }
        return outcomes;
    }
}
