package io.netprove.cli;

import io.netprove.cli.report.Report;
import io.netprove.cli.report.ReportFormat;
import io.netprove.cli.report.ReportWriter;
import io.netprove.grammar.InputError;
import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.rules.CompiledRules;
import io.netprove.rules.LintInput;
import io.netprove.rules.LintResult;
import io.netprove.rules.NodeDump;
import io.netprove.rules.RuleError;
import io.netprove.rules.RulesEngine;
import io.netprove.rules.RunLimits;
import io.netprove.rules.Severity;
import io.netprove.rules.UserRules;
import io.netprove.rules.facts.ProxyMode;
import io.netprove.rules.facts.RuleContext;
import io.netprove.rules.facts.Zone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code netprove lint}: the built-in rule packs (and user rules) over manifests and node dumps. */
@Command(name = "lint", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the built-in rule packs (and your own .drl rules) over Kubernetes manifests and node "
                + "dumps, reporting recognisable networking mistakes.",
        footer = {"", "Examples:",
                "  netprove lint --manifests examples/shop/cluster \\",
                "      --node-state examples/shop/nodes",
                "  netprove lint --manifests k8s/ --rules policy/ --format sarif \\",
                "      --report-file lint.sarif",
                "  netprove lint --manifests k8s/ --iptables dump.txt --node node-1 \\",
                "      --expect-proxy-mode ipvs",
                "", "A node state folder holds iptables-save.txt (optionally ip6tables-save.txt);",
                "a folder of such folders gives one node per subfolder, named after it.",
                "", "Exit status: 0 no finding at or above --fail-on, 4 some finding at or",
                "above it, 2 usage error, bad input or a rule that does not compile,",
                "throws, loops or times out, 1 internal error."})
public final class LintCommand implements Callable<Integer> {

    /** The dump file names a node state folder may hold. */
    static final String IPTABLES_FILE = "iptables-save.txt";
    static final String IP6TABLES_FILE = "ip6tables-save.txt";

    @Spec
    CommandSpec spec;

    @Option(names = "--manifests", paramLabel = "PATH",
            description = "Kubernetes manifests: a file or a folder tree of .yaml/.yml/.json (repeatable).")
    List<Path> manifests = new ArrayList<>();

    @Option(names = "--iptables", paramLabel = "FILE",
            description = "iptables-save dump (or kube-proxy restore inputs, in order) of the node --node names "
                    + "(repeatable).")
    List<Path> iptables = new ArrayList<>();

    @Option(names = "--node", paramLabel = "NAME", description = "The node the --iptables files belong to.")
    String node;

    @Option(names = "--node-state", paramLabel = "DIR",
            description = "A node state folder (" + IPTABLES_FILE + "), or a folder of them, one per node "
                    + "(repeatable).")
    List<Path> nodeStates = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "DIR",
            description = "A folder of your own .drl rules, run after the built-in ones (repeatable).")
    List<Path> ruleDirs = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, junit or sarif (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--report-file", paramLabel = "FILE", description = "Write the report there instead of stdout.")
    Path reportFile;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error",
            description = "Lowest severity that fails the run (exit 4): error, warning or info "
                    + "(default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--node-port-range", paramLabel = "FIRST-LAST", defaultValue = "30000-32767",
            description = "The API server's --service-node-port-range (default: ${DEFAULT-VALUE}).")
    String nodePortRange;

    @Option(names = "--dns-service", paramLabel = "NS/NAME", defaultValue = "kube-system/kube-dns",
            description = "The cluster DNS Service (default: ${DEFAULT-VALUE}).")
    String dnsService;

    @Option(names = "--pod-cidr", paramLabel = "CIDR", split = ",", description = "The cluster's pod network(s).")
    List<String> podCidrs = new ArrayList<>();

    @Option(names = "--service-cidr", paramLabel = "CIDR", split = ",", description = "The service network(s).")
    List<String> serviceCidrs = new ArrayList<>();

    @Option(names = "--node-cidr", paramLabel = "CIDR", split = ",",
            description = "The network(s) the nodes live on.")
    List<String> nodeCidrs = new ArrayList<>();

    @Option(names = "--zone", paramLabel = "NAME=CIDR[,CIDR...]",
            description = "A named zone outside the cluster, e.g. office=10.0.0.0/8 (repeatable).")
    List<String> zones = new ArrayList<>();

    @Option(names = "--expect-proxy-mode", paramLabel = "MODE",
            description = "The kube-proxy mode the cluster is configured for: iptables or ipvs.")
    String expectProxyMode;

    @Option(names = "--macvlan-network", paramLabel = "NAME", split = ",",
            description = "A network attachment (NAME or NS/NAME) that is MAC-VLAN (repeatable).")
    List<String> macvlanNetworks = new ArrayList<>();

    @Option(names = "--macvlan-node", paramLabel = "NAME", split = ",",
            description = "A node whose pod network is MAC-VLAN (repeatable).")
    List<String> macvlanNodes = new ArrayList<>();

    @Override
    public Integer call() {
        CompletableFuture<CompiledRules> builtIn = BuiltInRulesPrefetch.take();
        ReportFormat reportFormat = ReportFormat.lookup(format);
        if (reportFormat == null) {
            throw new UsageError("--format " + format + ": expected text, json, junit or sarif");
        }
        Severity threshold = Severity.lookup(failOn).orElseThrow(
                () -> new UsageError("--fail-on " + failOn + ": expected error, warning or info"));
        RuleContext context = context();
        if (manifests.isEmpty() && iptables.isEmpty() && nodeStates.isEmpty()) {
            throw new UsageError("nothing to lint: expected --manifests PATH, --node-state DIR or --iptables FILE");
        }
        ClusterObjects cluster = manifests.isEmpty() ? ClusterObjects.EMPTY : new ManifestReader().read(manifests);
        List<NodeDump> nodes = nodeDumps();
        List<String> notes = notes(cluster, nodes);
        LintResult result;
        try {
            List<CompiledRules> packs = new ArrayList<>();
            packs.add(await(builtIn));
            if (!ruleDirs.isEmpty()) {
                packs.add(UserRules.compile(ruleDirs));
            }
            LintInput input = new LintInput(cluster, nodes, context, List.of());
            result = new RulesEngine(packs, RunLimits.DEFAULT).run(input);
        } catch (RuleError e) {
            throw new InputError(e.location(), e.reason());
        }
        Report report = Report.lint(result.findings(), result.rules(), notes, threshold);
        String rendered = ReportWriter.render(report, reportFormat);
        if (reportFile != null) {
            try {
                Files.writeString(reportFile, rendered, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InputError(SourceLocation.of(reportFile.toString(), 0),
                        "cannot write the report: " + e.getMessage());
            }
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(rendered);
            out.flush();
        }
        return report.exitStatus();
    }

    private static CompiledRules await(CompletableFuture<CompiledRules> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the built-in rules", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot load the built-in rules: " + e.getCause(), e.getCause());
        }
    }

    private RuleContext context() {
        RuleContext c = RuleContext.DEFAULT.withNodePortRange(portRange(nodePortRange));
        int slash = dnsService.indexOf('/');
        if (slash <= 0 || slash == dnsService.length() - 1 || dnsService.indexOf('/', slash + 1) >= 0) {
            throw new UsageError("--dns-service " + dnsService + ": expected NAMESPACE/NAME");
        }
        c = c.withDnsService(dnsService.substring(0, slash), dnsService.substring(slash + 1));
        c = c.withNetworks(prefixes(podCidrs, "--pod-cidr"), prefixes(serviceCidrs, "--service-cidr"),
                prefixes(nodeCidrs, "--node-cidr"));
        List<Zone> declared = new ArrayList<>();
        for (String z : zones) {
            int eq = z.indexOf('=');
            if (eq <= 0 || eq == z.length() - 1) {
                throw new UsageError("--zone " + z + ": expected NAME=CIDR[,CIDR...]");
            }
            declared.add(new Zone(z.substring(0, eq), prefixes(List.of(z.substring(eq + 1).split(",")),
                    "--zone " + z.substring(0, eq)), SourceLocation.NONE));
        }
        c = c.withZones(declared);
        if (expectProxyMode != null) {
            Optional<ProxyMode> mode = ProxyMode.lookupExpected(expectProxyMode);
            if (mode.isEmpty()) {
                throw new UsageError("--expect-proxy-mode " + expectProxyMode + ": expected iptables or ipvs");
            }
            c = c.withExpectedProxyMode(mode);
        }
        return c.withMacvlan(new LinkedHashSet<>(trimmed(macvlanNetworks)), new LinkedHashSet<>(trimmed(macvlanNodes)));
    }

    private static List<String> trimmed(List<String> values) {
        return values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private static PortRange portRange(String text) {
        String[] parts = text.split("-", -1);
        try {
            if (parts.length == 2) {
                int first = Integer.parseInt(parts[0].trim());
                int last = Integer.parseInt(parts[1].trim());
                if (first >= 1 && first <= last && last <= 65535) {
                    return new PortRange(first, last);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageError("--node-port-range " + text + ": expected FIRST-LAST, ports from 1 to 65535");
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

    private List<NodeDump> nodeDumps() {
        List<NodeDump> out = new ArrayList<>();
        if (!iptables.isEmpty()) {
            if (node == null || node.isBlank()) {
                throw new UsageError("--iptables needs --node NAME (the node the dump belongs to)");
            }
            out.add(new NodeDump(node, List.of(IptablesFrontEnd.readFiles(iptables, null))));
        } else if (node != null) {
            throw new UsageError("--node " + node + " needs --iptables FILE");
        }
        for (Path dir : nodeStates) {
            if (!Files.isDirectory(dir)) {
                throw new UsageError("--node-state " + dir + ": expected a folder");
            }
            if (Files.isRegularFile(dir.resolve(IPTABLES_FILE))) {
                out.add(nodeFolder(dir));
                continue;
            }
            List<Path> folders;
            try (Stream<Path> list = Files.list(dir)) {
                folders = list.filter(p -> Files.isRegularFile(p.resolve(IPTABLES_FILE))).sorted().toList();
            } catch (IOException e) {
                throw new InputError(SourceLocation.of(dir.toString(), 0), "cannot list the folder: "
                        + e.getMessage());
            }
            if (folders.isEmpty()) {
                throw new UsageError("--node-state " + dir + ": expected " + IPTABLES_FILE
                        + " in it or in its subfolders (one per node)");
            }
            for (Path f : folders) {
                out.add(nodeFolder(f));
            }
        }
        List<String> names = new ArrayList<>();
        for (NodeDump d : out) {
            if (names.contains(d.node())) {
                throw new UsageError("node " + d.node() + " is given twice");
            }
            names.add(d.node());
        }
        return out;
    }

    private static NodeDump nodeFolder(Path dir) {
        List<Ruleset> rulesets = new ArrayList<>();
        rulesets.add(IptablesFrontEnd.readFiles(List.of(dir.resolve(IPTABLES_FILE)), null));
        if (Files.isRegularFile(dir.resolve(IP6TABLES_FILE))) {
            rulesets.add(IptablesFrontEnd.readFiles(List.of(dir.resolve(IP6TABLES_FILE)), AddressFamily.IPV6));
        }
        return new NodeDump(dir.toAbsolutePath().normalize().getFileName().toString(), rulesets);
    }

    /** The warnings of the front ends and the assumptions about the dumps, shown once. */
    private static List<String> notes(ClusterObjects cluster, List<NodeDump> nodes) {
        List<String> out = new ArrayList<>();
        for (Diagnostic d : cluster.diagnostics()) {
            out.add(d.toString());
        }
        for (NodeDump n : nodes) {
            for (Ruleset rs : n.rulesets()) {
                for (Diagnostic d : rs.diagnostics()) {
                    out.add(d.toString());
                }
                for (String a : rs.assumptions()) {
                    out.add(n.node() + ": " + a);
                }
            }
        }
        return out;
    }
}
