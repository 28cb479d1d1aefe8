package io.netprove.verifier.sim;

import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;
import io.netprove.model.netfilter.SourceLocation;

import io.netprove.model.space.Field;
import io.netprove.model.space.HeaderSpace;
import io.netprove.model.space.IntervalSet;

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
        this(ruleset, java.util.List.of(), node);
    }

    /**
     * A node whose netfilter state is an iptables ruleset (possibly empty) and nftables tables; the tables of the
     * ruleset's family ({@code ip}/{@code ip6}) and {@code inet} tables run at their hooks with iptables' tables.
     */
    public NetfilterSimulator(Ruleset ruleset, java.util.List<io.netprove.model.nft.NftTable> nft, NodeContext node) {
        java.util.List<io.netprove.model.nft.NftTable> mine = new java.util.ArrayList<>();
        String own = ruleset.family() == io.netprove.model.net.AddressFamily.IPV4 ? "ip" : "ip6";
        for (io.netprove.model.nft.NftTable t : nft) {
            if (t.family().equals(own) || t.family().equals("inet")) {
                mine.add(t);
            }
        }
        this.rules = new CompiledRuleset(ruleset, mine);
        this.node = node;
    }

    /** The nftables tables that run for this family. */
    public java.util.List<io.netprove.model.nft.NftTable> nftTables() {
        return rules.nftTables;
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

    /**
     * Every outcome of a packet that arrives at this node from another one (a pod packet through a tunnel, a
     * forwarded packet): it takes the PREROUTING path even when its source is one of this node's addresses.
     */
    public List<Outcome> simulateArriving(Packet packet) {
        Choices choices = new Choices();
        Walk walk = new Walk(rules, node, choices);
        List<Outcome> outcomes = new ArrayList<>();
        while (choices.next()) {
            if (outcomes.size() == MAX_ALTERNATIVES) {
                outcomes.add(new Outcome(Disposition.UNKNOWN, packet, false, null, List.of(), List.of(),
                        List.of("exploration cut short after " + MAX_ALTERNATIVES + " alternatives")));
                break;
            }
            outcomes.add(walk.runArriving(packet));
        }
        return outcomes;
    }

    /** The paths of a symbolic exploration, and whether every path was explored. */
    public record Exploration(List<SymbolicOutcome> paths, boolean complete, long walks) {
    }

    /**
     * Explores every path that packets of {@code space} can take: addresses and ports are variables constrained to
     * the space; protocol, ICMP type/code, state, mark and interfaces come from {@code template}. Sources that are
     * the node's own addresses take the node's OUTPUT path, the others arrive from outside. Stops after
     * {@code maxPaths} paths (then {@code complete} is false).
     */
    public Exploration explore(Packet template, HeaderSpace space, int maxPaths) {
        if (template.family() != rules.ruleset.family() || space.family() != rules.ruleset.family()) {
            throw new IllegalArgumentException("packet family does not match the ruleset's "
                    + rules.ruleset.family());
        }
        List<SymbolicOutcome> paths = new ArrayList<>();
        IntervalSet local = rules.localSet(node, template.family());
        IntervalSet src = space.get(Field.SRC_ADDR);
        long walks = 0;
        for (boolean fromNode : new boolean[] {false, true}) {
            IntervalSet part = fromNode ? src.intersect(local) : src.minus(local);
            if (part.isEmpty()) {
                continue;
            }
            HeaderSpace start = space.with(Field.SRC_ADDR, part);
            if (start.isEmpty()) {
                continue;
            }
            Choices choices = new Choices();
            Walk walk = new Walk(rules, node, choices);
            while (choices.next()) {
                if (paths.size() >= maxPaths) {
                    return new Exploration(paths, false, walks + choices.walks());
                }
                paths.add(walk.runSymbolic(template, start, fromNode));
            }
            walks += choices.walks();
        }
        return new Exploration(paths, true, walks);
    }

    /**
     * Explores a path that left another node and arrives here as a new connection: the arriving header (with the
     * fields of {@code varMask} still the original variables), and the constraints the earlier hops put on them.
     */
    public Exploration exploreContinued(Packet arriving, int varMask, HeaderSpace space,
                                        List<io.netprove.model.space.Condition> carried, int maxPaths) {
        List<SymbolicOutcome> paths = new ArrayList<>();
        Choices choices = new Choices();
        Walk walk = new Walk(rules, node, choices);
        while (choices.next()) {
            if (paths.size() >= maxPaths) {
                return new Exploration(paths, false, choices.walks());
            }
            paths.add(walk.runContinued(arriving, varMask, space, carried));
        }
        return new Exploration(paths, true, choices.walks());
    }
}
