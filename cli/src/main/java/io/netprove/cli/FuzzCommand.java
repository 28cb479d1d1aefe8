package io.netprove.cli;

import io.netprove.cli.report.Report;
import io.netprove.cli.report.ReportFormat;
import io.netprove.cli.report.ReportWriter;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.node.NodeState;
import io.netprove.rules.Finding;
import io.netprove.rules.RuleInfo;
import io.netprove.rules.Severity;
import io.netprove.verifier.check.ClusterContext;
import io.netprove.verifier.fuzz.FuzzFinding;
import io.netprove.verifier.fuzz.NodeFuzzer;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.NodeContext;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code netprove fuzz}: attacks one node's (or a snapshot's) forwarding state with packets biased to the rules'
 * boundaries and reports what a person should look at: disagreements between netprove's concrete and symbolic
 * simulation (bugs in netprove, with the seed), rules that can never match, DNATs to addresses outside the pod and
 * node networks, and ClusterIP services without endpoints that are not rejected.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fuzz a node's forwarding state: packets biased to the rules' boundaries through the concrete "
                + "and symbolic simulators, rules that can never match, DNATs leaving the cluster, ClusterIPs "
                + "without endpoints that are not rejected.",
        footer = {"", "Examples:",
                "  netprove fuzz --state examples/shop/nodes/node-1",
                "  netprove fuzz --state examples/snapshots/before --iterations 20000 --seed 42",
                "  netprove fuzz --state examples/shop-ipvs/nodes/node-1 --intent examples/shop-ipvs/intent.np",
                "  netprove fuzz --state snap/ --format sarif --report-file fuzz.sarif",
                "", "DIR is a node folder (iptables-save.txt, ipvsadm-save.txt, nft-ruleset.txt, ...), a folder of",
                "node folders, or a snapshot (nodes/NAME/, cluster/, meta.json). Pod and node networks, node",
                "addresses and Services come from the snapshot around DIR (meta.json, cluster/), --intent and",
                "the flags.",
                "", "Exit status: 0 nothing found at or above --fail-on, 4 findings, 2 usage error or bad input,",
                "1 internal error. Every run prints its seed; --seed repeats it exactly."})
public final class FuzzCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"--state", "--snapshot"}, paramLabel = "DIR", required = true,
            description = "A node folder, a folder of node folders, or a snapshot folder.")
    Path state;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "2000",
            description = "Packets per node and address family (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the run (default: a new one, printed).")
    Long seed;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, junit or sarif (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--report-file", paramLabel = "FILE", description = "Write the report there instead of stdout.")
    Path reportFile;

    @Option(names = "--pod-cidr", paramLabel = "CIDR", split = ",",
            description = "The cluster's pod network(s), added to those of meta.json and the Node objects.")
    List<String> podCidrs = new ArrayList<>();

    @Option(names = "--node-cidr", paramLabel = "CIDR", split = ",",
            description = "The network(s) the nodes live on (default: the nodes' own addresses).")
    List<String> nodeCidrs = new ArrayList<>();

    @Option(names = "--local-address", paramLabel = "IP", split = ",",
            description = "Addresses of the node(s), added to those of meta.json and the Node objects.")
    List<String> localAddresses = new ArrayList<>();

    @Option(names = "--intent", paramLabel = "FILE",
            description = "An intent file whose cluster block gives pod networks, node addresses and manifests.")
    Path intent;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "warning",
            description = "Lowest severity that fails the run (exit 4): error, warning or info "
                    + "(default: ${DEFAULT-VALUE}; rules in chains nothing reaches are info).")
    String failOn;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Solver timeout per query in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--max-paths", paramLabel = "N", defaultValue = "200000", hidden = true,
            description = "Paths explored per packet template before giving up.")
    int maxPaths;

    /** Severity of each kind of finding. */
    static final Map<FuzzFinding.Kind, Severity> SEVERITY = new EnumMap<>(Map.of(
            FuzzFinding.Kind.DISAGREEMENT, Severity.ERROR,
            FuzzFinding.Kind.SHADOWED_RULE, Severity.WARNING,
            FuzzFinding.Kind.UNREACHABLE_RULE, Severity.INFO,
            FuzzFinding.Kind.DNAT_OUTSIDE_CLUSTER, Severity.WARNING,
            FuzzFinding.Kind.NO_ENDPOINTS_NOT_REJECTED, Severity.WARNING,
            FuzzFinding.Kind.KUBE_PROXY_DEAD_RULE, Severity.INFO));

    @Override
    public Integer call() {
        ReportFormat reportFormat = ReportFormat.lookup(format);
        if (reportFormat == null || reportFormat.needsExposure()) {
            throw new UsageError("--format " + format + ": expected text, json, junit or sarif");
        }
        Severity threshold = Severity.lookup(failOn).orElseThrow(
                () -> new UsageError("--fail-on " + failOn + ": expected error, warning or info"));
        if (iterations < 0) {
            throw new UsageError("--iterations " + iterations + ": expected 0 or more");
        }
        if (timeoutSeconds < 1 || maxPaths < 1) {
            throw new UsageError("--timeout and --max-paths: expected at least 1");
        }
        long s = seed != null ? seed : System.nanoTime() ^ ProcessHandle.current().pid() * 0x9E3779B97F4A7C15L;
        PrintWriter err = spec.commandLine().getErr();
        err.println("netprove fuzz: seed " + s + " (repeat this run with --seed " + s + ")");
        err.flush();
        io.netprove.model.intent.ClusterSpec cluster = intent == null ? null
                : io.netprove.api.Intent.parse(intent).model().cluster().orElseThrow(() -> new UsageError("--intent "
                        + intent + ": the intent has no cluster block (pod network, nodes, manifests)"));
        FuzzScope scope = FuzzScope.of(state, prefixes(podCidrs, "--pod-cidr"), prefixes(nodeCidrs, "--node-cidr"),
                addresses(localAddresses), cluster);
        List<String> notes = new ArrayList<>(scope.notes());
        notes.add(0, "seed " + s + " (repeat with --seed " + s + ")");
        NodeFuzzer.Options options = new NodeFuzzer.Options(iterations, s, maxPaths, timeoutSeconds * 1000,
                Math.max(4, Math.min(64, iterations / 100)));
        List<NodeFuzzer> fuzzers = new ArrayList<>();
        for (FuzzScope.Node n : scope.nodes()) {
            NodeState st = n.state();
            NodeContext ctx = ClusterContext.nodeContext(n.addresses(), st);
            for (AddressFamily f : AddressFamily.values()) {
                NetfilterSimulator sim = simulator(st, f, ctx);
                if (sim != null) {
                    fuzzers.add(new NodeFuzzer(n.name(), sim, scope.context(), options));
                }
            }
            if (n.addresses().isEmpty()) {
                notes.add(n.name() + ": the node's addresses are unknown (give --local-address, or a snapshot with"
                        + " meta.json or cluster/nodes.yaml): traffic to them is treated as passing through");
            }
        }
        if (fuzzers.isEmpty()) {
            throw new UsageError("--state " + state + ": no iptables or nftables rules found to fuzz");
        }
        List<Finding> findings = new ArrayList<>();
        int total = fuzzers.stream().mapToInt(NodeFuzzer::steps).sum();
        long started = System.nanoTime();
        int packets = 0;
        int witnesses = 0;
        try (ProgressBar bar = progressBar(total, err)) {
            for (NodeFuzzer fz : fuzzers) {
                NodeFuzzer.Result r = fz.run(new NodeFuzzer.Progress() {
                    @Override
                    public void phase(String what, int steps) {
                        bar.setExtraMessage(what);
                    }

                    @Override
                    public void step() {
                        bar.step();
                    }
                });
                packets += r.packets();
                witnesses += r.witnesses();
                notes.addAll(r.notes());
                for (FuzzFinding f : r.findings()) {
                    findings.add(new Finding(f.kind().id(), SEVERITY.get(f.kind()), f.node() + ": " + f.subject(),
                            f.message(), f.location(), f.kind().id() + " " + f.kind().title()));
                }
            }
        }
        findings.sort(Finding.ORDER);
        notes.add(String.format(java.util.Locale.ROOT, "fuzzed %d packets and %d Z3 witnesses on %d node/family"
                + " states", packets, witnesses, fuzzers.size()));
        err.printf(java.util.Locale.ROOT, "netprove fuzz: %d packets, %d witnesses, %d states in %.1f s (seed %d)%n",
                packets, witnesses, fuzzers.size(), (System.nanoTime() - started) / 1e9, s);
        List<RuleInfo> checks = new ArrayList<>();
        for (FuzzFinding.Kind k : FuzzFinding.Kind.values()) {
            checks.add(new RuleInfo(k.id(), k.title(), k.id() + " " + k.title(), SourceLocation.NONE));
        }
        Report report = Report.lint(findings, checks, notes, threshold);
        String rendered = ReportWriter.render(report, reportFormat);
        if (reportFile != null) {
            CheckOptions.write(reportFile, rendered);
            if (reportFormat != ReportFormat.TEXT) {
                report.notes().forEach(n -> err.println("note: " + n));
            }
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(rendered);
            out.flush();
            if (reportFormat != ReportFormat.TEXT) {
                report.notes().forEach(n -> err.println("note: " + n));
            }
        }
        err.flush();
        return report.exitStatus() == ExitCode.INCONCLUSIVE ? ExitCode.OK : report.exitStatus();
    }

    /** One node's simulator for a family: its iptables ruleset and nftables tables; null when it has neither. */
    static NetfilterSimulator simulator(NodeState st, AddressFamily f, NodeContext ctx) {
        java.util.Optional<Ruleset> rs = f == AddressFamily.IPV4 ? st.iptables() : st.ip6tables();
        List<io.netprove.model.nft.NftTable> nft = st.nft().map(n -> n.tables()).orElse(List.of());
        String own = f == AddressFamily.IPV4 ? "ip" : "ip6";
        boolean anyNft = nft.stream().anyMatch(t -> t.family().equals(own) || t.family().equals("inet"));
        if (rs.isEmpty() && !anyNft || rs.isPresent() && rs.get().ruleCount() == 0 && !anyNft) {
            return null;
        }
        Ruleset base = rs.orElseGet(() -> new Ruleset(f, Map.of(), List.of(), List.of(), List.of()));
        return new NetfilterSimulator(base, nft, ctx);
    }

    private static ProgressBar progressBar(int total, PrintWriter err) {
        boolean interactive = System.console() != null;
        String[] last = {""};
        DelegatingProgressBarConsumer consumer = new DelegatingProgressBarConsumer(line -> {
            if (interactive) {
                err.print('\r' + line);
                err.flush();
                return;
            }
            // not a terminal: a line per tenth, so logs stay short
            int slash = line.indexOf('%');
            String key = slash > 0 ? line.substring(Math.max(0, slash - 3), slash).trim() : line;
            key = key.isEmpty() ? key : key.substring(0, Math.max(1, key.length() - 1));
            if (!key.equals(last[0])) {
                last[0] = key;
                err.println(line.strip());
                err.flush();
            }
        }, 100);
        return new ProgressBarBuilder().setTaskName("fuzzing").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(consumer).setUpdateIntervalMillis(interactive ? 250 : 100).build();
    }

    private static List<IpPrefix> prefixes(List<String> texts, String option) {
        List<IpPrefix> out = new ArrayList<>();
        for (String t : texts) {
            IpPrefix p = IpPrefix.tryParse(t.trim());
            if (p == null) {
                throw new UsageError(option + " " + t + ": expected an address block such as 10.244.0.0/16");
            }
            out.add(p);
        }
        return out;
    }

    private static List<IpAddress> addresses(List<String> texts) {
        List<IpAddress> out = new ArrayList<>();
        for (String t : texts) {
            IpAddress a = IpAddress.tryParse(t.trim());
            if (a == null) {
                throw new UsageError("--local-address " + t + ": expected an IP address");
            }
            out.add(a);
        }
        return out;
    }
}
