package io.netprove.verifier.fuzz;

import io.netprove.model.ipvs.RealServer;
import io.netprove.model.ipvs.VirtualService;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.NatRange;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.Table;
import io.netprove.model.netfilter.Target;
import io.netprove.model.nft.NftTable;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.verifier.cluster.ServiceCatalog;
import io.netprove.verifier.cluster.ServicePortView;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.SymbolicOutcome;
import io.netprove.verifier.smt.SmtContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Fuzzes one node's forwarding state for one address family: {@code iterations} boundary-biased packets through the
 * concrete simulator and the symbolic explorer (they must agree), Z3 witnesses for a sample of the symbolic paths
 * (each must replay to its path), the rules no packet can match, DNATs (and IPVS real servers) outside the pod and
 * node networks, and ClusterIP service ports without endpoints whose connections are not rejected. Everything
 * random is drawn from {@code seed}, so a run is reproducible.
 */
public final class NodeFuzzer {

    /** How much to do: packets, seed, paths per exploration, solver timeout, witnesses per protocol. */
    public record Options(int iterations, long seed, int maxPaths, int timeoutMillis, int witnesses) {
    }

    /**
     * What is known about the cluster around the node: its pod and node networks (either may be empty: then the DNAT
     * check is skipped) and its services (null when no manifests were found: then the no-endpoints check is
     * skipped).
     */
    public record Context(List<IpPrefix> podNetworks, List<IpPrefix> nodeNetworks, ServiceCatalog services) {
        public Context {
            podNetworks = List.copyOf(podNetworks);
            nodeNetworks = List.copyOf(nodeNetworks);
        }
    }

    /** Progress: a step per fuzzed packet and per explored template, and a word on the current phase. */
    public interface Progress {
        void phase(String what, int steps);

        void step();
    }

    /** What the node's run found, with notes on what was assumed or skipped and what was done. */
    public record Result(List<FuzzFinding> findings, List<String> notes, int packets, int witnesses) {
    }

    private final String node;
    private final NetfilterSimulator sim;
    private final Context context;
    private final Options options;

    public NodeFuzzer(String node, NetfilterSimulator sim, Context context, Options options) {
        this.node = node;
        this.sim = sim;
        this.context = context;
        this.options = options;
    }

    /** The number of progress steps {@link #run} takes. */
    public int steps() {
        return options.iterations() + NeverMatchingRules.templates(edges()).size();
    }

    private RuleBoundaries edges() {
        return RuleBoundaries.of(sim.ruleset(), sim.nftTables(), sim.node().localAddresses());
    }

    public Result run(Progress progress) {
        List<FuzzFinding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        AddressFamily family = sim.ruleset().family();
        String where = node + " (" + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6") + ")";
        RuleBoundaries edges = edges();
        CrossCheck check = new CrossCheck(sim, options.maxPaths());
        progress.phase("packets " + where, options.iterations());
        BoundaryPackets packets = new BoundaryPackets(edges, new Random(options.seed() ^ where.hashCode()));
        int disagreements = 0;
        List<Protocol> incomplete = new ArrayList<>();
        for (int i = 0; i < options.iterations(); i++) {
            Packet p = packets.next();
            progress.step();
            if (!check.exploration(p.protocol()).complete()) {
                if (!incomplete.contains(p.protocol())) {
                    incomplete.add(p.protocol());
                    notes.add(where + ": exploring " + p.protocol() + " stopped after " + options.maxPaths()
                            + " paths; its packets were not cross-checked (raise --max-paths)");
                }
                continue;
            }
            CrossCheck.Disagreement d = check.check(p);
            if (d != null && disagreements++ < 10) {
                findings.add(new FuzzFinding(FuzzFinding.Kind.DISAGREEMENT, node, "packet " + p,
                        "the concrete simulator predicts " + d.concrete() + " but the symbolic paths predict "
                                + d.symbolic() + " (packet " + (i + 1) + " of seed " + options.seed() + ")",
                        SourceLocation.NONE));
            }
        }
        int witnesses = 0;
        try (SmtContext ctx = new SmtContext(family, options.timeoutMillis())) {
            for (Protocol proto : edges.protocols()) {
                NetfilterSimulator.Exploration ex = check.exploration(proto);
                if (!ex.complete() || ex.paths().isEmpty()) {
                    continue;
                }
                Random pick = new Random(options.seed() ^ proto.number());
                for (int k = 0; k < Math.min(options.witnesses(), ex.paths().size()); k++) {
                    SymbolicOutcome path = ex.paths().get(pick.nextInt(ex.paths().size()));
                    CrossCheck.WitnessCheck w = check.witness(ctx, proto, path);
                    witnesses++;
                    if (!w.agrees()) {
                        findings.add(new FuzzFinding(FuzzFinding.Kind.DISAGREEMENT, node, "witness " + w.witness(),
                                "Z3's witness of a symbolic path " + (w.satisfiesPath() ? "" : "misses the path and ")
                                        + "replays to " + w.replayedFates() + " instead of " + w.claimedFate()
                                        + " (seed " + options.seed() + ")", SourceLocation.NONE));
                    }
                }
            }
            progress.phase("rules that never match " + where, NeverMatchingRules.templates(edges).size());
            NeverMatchingRules.Result never = NeverMatchingRules.find(sim, edges, options.maxPaths(), ctx,
                    progress::step);
            notes.addAll(never.notes().stream().map(n -> where + ": " + n).toList());
            for (NeverMatchingRules.Unmatched u : never.unmatched()) {
                findings.add(unmatched(u, never.templates()));
            }
        }
        dnats(findings, notes, where);
        noEndpoints(findings, notes, where);
        return new Result(findings, notes, options.iterations(), witnesses);
    }

    private FuzzFinding unmatched(NeverMatchingRules.Unmatched u, List<String> templates) {
        String subject = u.table() + " " + u.chain() + ": " + u.rule().text();
        if (u.chain().startsWith("KUBE-")) {
            return new FuzzFinding(FuzzFinding.Kind.KUBE_PROXY_DEAD_RULE, node, subject, "no packet matches this"
                    + " rule of kube-proxy's (" + u.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + "): it is redundant and has no effect", u.rule().location());
        }
        return switch (u.reason()) {
            case SHADOWED -> new FuzzFinding(FuzzFinding.Kind.SHADOWED_RULE, node, subject,
                    "no packet matches this rule: the rules before it in " + u.chain() + " (or on the way there) take"
                            + " every packet it selects, or its criteria contradict each other (explored every"
                            + " address and port of " + templates.size() + " packet kinds: "
                            + String.join(", ", templates.subList(0, Math.min(4, templates.size())))
                            + (templates.size() > 4 ? ", ..." : "") + ")", u.rule().location());
            case UNREFERENCED_CHAIN -> new FuzzFinding(FuzzFinding.Kind.UNREACHABLE_RULE, node, subject,
                    "no rule jumps to chain " + u.chain(), u.rule().location());
            case UNREACHED_CHAIN -> new FuzzFinding(FuzzFinding.Kind.UNREACHABLE_RULE, node, subject,
                    "no packet reaches chain " + u.chain() + ": every rule that jumps to it never matches",
                    u.rule().location());
        };
    }

    private boolean insideCluster(IpAddress a) {
        for (IpPrefix p : context.podNetworks()) {
            if (p.contains(a)) {
                return true;
            }
        }
        for (IpPrefix p : context.nodeNetworks()) {
            if (p.contains(a)) {
                return true;
            }
        }
        return sim.node().isLocal(a);
    }

    private void dnats(List<FuzzFinding> findings, List<String> notes, String where) {
        if (context.podNetworks().isEmpty()) {
            notes.add(where + ": DNAT targets not checked: the pod network is unknown (give --pod-cidr, or a snapshot"
                    + " with meta.json or cluster/nodes.yaml)");
            return;
        }
        List<Chain> chains = new ArrayList<>();
        for (Table t : sim.ruleset().tables().values()) {
            chains.addAll(t.chains().values());
        }
        for (NftTable t : sim.nftTables()) {
            chains.addAll(t.chains().values());
        }
        for (Chain c : chains) {
            for (Rule r : c.rules()) {
                if (r.target() instanceof Target.Dnat d) {
                    for (NatRange range : d.ranges()) {
                        if (range.addresses() == null) {
                            continue;
                        }
                        IpAddress first = range.addresses().first();
                        IpAddress last = range.addresses().last();
                        if (first.family() == sim.ruleset().family() && (!insideCluster(first)
                                || !insideCluster(last))) {
                            findings.add(new FuzzFinding(FuzzFinding.Kind.DNAT_OUTSIDE_CLUSTER, node,
                                    c.name() + ": " + r.text(), "DNAT to " + range + ", outside the pod networks "
                                    + context.podNetworks() + " and the node networks " + context.nodeNetworks(),
                                    r.location()));
                        }
                    }
                }
            }
        }
        if (sim.node().ipvs() != null) {
            for (VirtualService vs : sim.node().ipvs().services()) {
                for (RealServer rs : vs.realServers()) {
                    if (rs.address().family() == sim.ruleset().family() && !insideCluster(rs.address())) {
                        findings.add(new FuzzFinding(FuzzFinding.Kind.DNAT_OUTSIDE_CLUSTER, node,
                                "IPVS " + vs.key() + " real server " + rs.address().withPort(rs.port()),
                                "IPVS sends connections to " + rs.address() + ", outside the pod networks "
                                        + context.podNetworks() + " and the node networks " + context.nodeNetworks(),
                                rs.location()));
                    }
                }
            }
        }
    }

    private void noEndpoints(List<FuzzFinding> findings, List<String> notes, String where) {
        if (context.services() == null) {
            notes.add(where + ": ClusterIPs without endpoints not checked: no Services were found (a snapshot's"
                    + " cluster/ folder)");
            return;
        }
        IpAddress client = podClient();
        for (ServicePortView v : context.services().ports()) {
            if (!v.usableEndpoints().isEmpty()) {
                continue;
            }
            for (IpAddress ip : v.clusterIPs()) {
                if (ip.family() != sim.ruleset().family()) {
                    continue;
                }
                Packet p = Packet.newConnection(client, ip, v.port().protocol(), v.port().port());
                List<Outcome> outcomes = sim.simulate(p);
                List<String> other = outcomes.stream().filter(o -> o.disposition() != Disposition.REJECTED)
                        .map(Fates::of).distinct().toList();
                if (!other.isEmpty()) {
                    findings.add(new FuzzFinding(FuzzFinding.Kind.NO_ENDPOINTS_NOT_REJECTED, node,
                            "Service " + v.key(), "has no endpoints, yet " + p + " is " + String.join(" or ", other)
                            + " instead of rejected: clients wait for a timeout instead of failing at once",
                            v.service().location()));
                }
            }
        }
    }

    /** A pod address to send from: inside the first pod network of the family, else a documentation address. */
    private IpAddress podClient() {
        for (IpPrefix p : context.podNetworks()) {
            if (p.family() == sim.ruleset().family() && p.length() < p.family().bits()) {
                return p.network().plus(7);
            }
        }
        return sim.ruleset().family() == AddressFamily.IPV4 ? IpAddress.parse("192.0.2.7")
                : IpAddress.parse("2001:db8::7");
    }
}
