package io.netprove.cli;

import io.netprove.compiler.CompiledNode;
import io.netprove.compiler.KubeProxyCompiler;
import io.netprove.compiler.KubeProxyConfig;
import io.netprove.compiler.KubeProxyMode;
import io.netprove.compiler.LocalTrafficDetector;
import io.netprove.compiler.SnapshotWriter;
import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Node;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.Diagnostic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code netprove compile}: predicts, from manifests, the state kube-proxy writes on nodes, as a snapshot folder that
 * {@code netprove check --state} reads.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Predict what kube-proxy writes on a node from the Services and EndpointSlices of manifests"
                + " (EndpointSlices missing? then from Endpoints objects or the pods a selector picks): the"
                + " iptables-restore input of iptables mode, the virtual servers, ipsets and iptables rules of IPVS"
                + " mode, or the nftables table of nftables mode. Writes DIR/nodes/NAME/ (iptables-save.txt,"
                + " ipvsadm-save.txt and ipset-save.txt, or nft-ruleset.txt, and kube-proxy-mode), a snapshot node"
                + " folder that netprove check --state DIR reads.",
                "Node addresses default to the InternalIP (else ExternalIP) addresses of the node's Node object."},
        footer = {"", "Examples:",
                "  netprove compile --manifests examples/shop/cluster --node node-1 --mode iptables \\",
                "      --cluster-cidr 10.244.0.0/16 --output predicted",
                "  netprove check examples/shop/intent.np --state predicted",
                "  netprove compile --manifests k8s/ --node node-1 --node node-2 --mode nftables \\",
                "      --cluster-cidr 10.244.0.0/16 --service-cidr 10.96.0.0/12 --output predicted",
                "", "Exit status: 0 written, 2 usage or input error, 1 internal error."})
public final class CompileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--manifests", paramLabel = "PATH", arity = "1..*", required = true,
            description = "Manifest files or folders (YAML or JSON; folders are read recursively).")
    List<Path> manifests = new ArrayList<>();

    @Option(names = "--node", paramLabel = "NAME", required = true,
            description = "The node to compile for, as kube-proxy's --hostname-override (repeatable).")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", required = true,
            description = "kube-proxy's mode: iptables, ipvs or nftables.")
    String mode;

    @Option(names = "--output", paramLabel = "DIR", required = true,
            description = "The snapshot folder to write DIR/nodes/NAME/ into (created if needed; the state files of"
                    + " that node are replaced).")
    Path output;

    @Option(names = "--node-ip", paramLabel = "IP", arity = "1..*",
            description = "The node's addresses, first of each family the node IP (only with a single --node);"
                    + " default: the addresses of its Node object.")
    List<String> nodeIPs = new ArrayList<>();

    @Option(names = "--cluster-cidr", paramLabel = "CIDR", arity = "1..*",
            description = "The pod network, one CIDR per family: kube-proxy's --cluster-cidr (local-traffic"
                    + " detection; without it kube-proxy cannot tell pod traffic apart).")
    List<String> clusterCIDRs = new ArrayList<>();

    @Option(names = "--detect-local-mode", paramLabel = "MODE",
            description = "ClusterCIDR (default with --cluster-cidr), NodeCIDR (the Node's podCIDRs),"
                    + " BridgeInterface or InterfaceNamePrefix.")
    String detectLocalMode;

    @Option(names = "--pod-bridge-interface", paramLabel = "NAME",
            description = "The pods' bridge, for --detect-local-mode BridgeInterface.")
    String bridge;

    @Option(names = "--pod-interface-name-prefix", paramLabel = "PREFIX",
            description = "The pods' interface name prefix, for --detect-local-mode InterfaceNamePrefix.")
    String interfacePrefix;

    @Option(names = "--masquerade-all", description = "kube-proxy's --masquerade-all.")
    boolean masqueradeAll;

    @Option(names = "--nodeport-addresses", paramLabel = "CIDR", split = ",",
            description = "kube-proxy's --nodeport-addresses: CIDRs (or 'primary') whose node addresses accept"
                    + " NodePorts; default: all.")
    List<String> nodePortAddresses = new ArrayList<>();

    @Option(names = "--localhost-nodeports", paramLabel = "BOOL", defaultValue = "true", arity = "1",
            description = "kube-proxy's --iptables-localhost-nodeports (default: ${DEFAULT-VALUE}).")
    boolean localhostNodePorts;

    @Option(names = "--masquerade-bit", paramLabel = "N", defaultValue = "14",
            description = "kube-proxy's --iptables-masquerade-bit (default: ${DEFAULT-VALUE}).")
    int masqueradeBit;

    @Option(names = "--ipvs-scheduler", paramLabel = "NAME", defaultValue = "rr",
            description = "kube-proxy's --ipvs-scheduler (default: ${DEFAULT-VALUE}).")
    String scheduler;

    @Option(names = "--service-cidr", paramLabel = "CIDR", arity = "1..*",
            description = "The service IP ranges; nftables mode drops traffic to their unallocated addresses.")
    List<String> serviceCIDRs = new ArrayList<>();

    @Option(names = "--random-fully", paramLabel = "BOOL", defaultValue = "true", arity = "1",
            description = "Whether the node's iptables has MASQUERADE --random-fully (1.6.2+; default:"
                    + " ${DEFAULT-VALUE}).")
    boolean randomFully;

    @Option(names = "--nfacct", paramLabel = "BOOL", defaultValue = "true", arity = "1",
            description = "Whether kube-proxy (1.29+) has its nfacct counters (default: ${DEFAULT-VALUE}).")
    boolean nfacct;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KubeProxyMode m = KubeProxyMode.fromFlagValue(mode)
                .orElseThrow(() -> new UsageError("--mode " + mode + ": expected iptables, ipvs or nftables"));
        if (!nodeIPs.isEmpty() && nodes.size() > 1) {
            throw new UsageError("--node-ip applies to a single node; with several --node, addresses come from"
                    + " their Node objects");
        }
        if (masqueradeBit < 0 || masqueradeBit > 31) {
            throw new UsageError("--masquerade-bit " + masqueradeBit + ": expected 0 to 31");
        }
        for (String a : nodePortAddresses) {
            if (!a.equals("primary") && IpPrefix.tryParse(a) == null) {
                throw new UsageError("--nodeport-addresses " + a + ": expected a CIDR or 'primary'");
            }
        }
        ClusterObjects cluster = new ManifestReader().read(manifests);
        for (Diagnostic d : cluster.diagnostics()) {
            err.println(d);
        }
        List<IpPrefix> clusterCidrs = prefixes(clusterCIDRs, "--cluster-cidr");
        List<IpPrefix> serviceCidrs = prefixes(serviceCIDRs, "--service-cidr");
        for (String node : nodes) {
            KubeProxyConfig config = KubeProxyConfig.defaults(m, node, addresses(cluster, node))
                    .withLocalDetector(detector(cluster, node, clusterCidrs))
                    .withMasqueradeAll(masqueradeAll)
                    .withNodePortAddresses(nodePortAddresses)
                    .withLocalhostNodePorts(localhostNodePorts)
                    .withMasqueradeBit(masqueradeBit)
                    .withIpvsScheduler(scheduler)
                    .withServiceCIDRs(serviceCidrs)
                    .withRandomFully(randomFully)
                    .withNfacctCounters(nfacct);
            CompiledNode compiled = KubeProxyCompiler.compile(cluster, config);
            List<Path> written;
            try {
                written = SnapshotWriter.write(compiled, output);
            } catch (IOException e) {
                throw new UsageError("--output " + output + ": cannot write: " + e.getMessage());
            }
            out.println("node " + node + " (" + m.flagValue() + " mode, addresses " + config.nodeIPs() + "): wrote "
                    + written.size() + " files to " + SnapshotWriter.nodeFolder(output, node));
            for (String n : compiled.notes()) {
                err.println("note: " + n);
            }
        }
        out.flush();
        err.flush();
        return ExitCode.OK;
    }

    private List<IpAddress> addresses(ClusterObjects cluster, String node) {
        if (!nodeIPs.isEmpty()) {
            List<IpAddress> out = new ArrayList<>();
            for (String s : nodeIPs) {
                IpAddress a = IpAddress.tryParse(s);
                if (a == null) {
                    throw new UsageError("--node-ip " + s + ": expected an IP address");
                }
                out.add(a);
            }
            return out;
        }
        Node n = cluster.node(node).orElse(null);
        if (n == null) {
            throw new UsageError("node " + node + " has no Node object in the manifests: give its addresses with"
                    + " --node-ip");
        }
        List<IpAddress> out = new ArrayList<>(n.internalIPs());
        out.addAll(n.externalIPs());
        if (out.isEmpty()) {
            throw new UsageError("node " + node + ": its Node object has no InternalIP or ExternalIP address; give"
                    + " them with --node-ip");
        }
        return out;
    }

    private LocalTrafficDetector detector(ClusterObjects cluster, String node, List<IpPrefix> clusterCidrs) {
        String modeName = detectLocalMode != null ? detectLocalMode : clusterCidrs.isEmpty() ? "" : "ClusterCIDR";
        switch (modeName) {
            case "":
                return new LocalTrafficDetector.None();
            case "ClusterCIDR":
                if (clusterCidrs.isEmpty()) {
                    throw new UsageError("--detect-local-mode ClusterCIDR needs --cluster-cidr");
                }
                return byCidr(clusterCidrs, "--cluster-cidr");
            case "NodeCIDR": {
                List<IpPrefix> podCidrs = cluster.node(node).map(Node::podCIDRs).orElse(List.of());
                if (podCidrs.isEmpty()) {
                    throw new UsageError("--detect-local-mode NodeCIDR: node " + node + " has no Node object with"
                            + " podCIDRs in the manifests");
                }
                return byCidr(podCidrs, "the podCIDRs of node " + node);
            }
            case "BridgeInterface":
                if (bridge == null) {
                    throw new UsageError("--detect-local-mode BridgeInterface needs --pod-bridge-interface");
                }
                return new LocalTrafficDetector.ByBridgeInterface(bridge);
            case "InterfaceNamePrefix":
                if (interfacePrefix == null) {
                    throw new UsageError("--detect-local-mode InterfaceNamePrefix needs --pod-interface-name-prefix");
                }
                return new LocalTrafficDetector.ByInterfaceNamePrefix(interfacePrefix);
            default:
                throw new UsageError("--detect-local-mode " + detectLocalMode + ": expected ClusterCIDR, NodeCIDR,"
                        + " BridgeInterface or InterfaceNamePrefix");
        }
    }

    private static LocalTrafficDetector byCidr(List<IpPrefix> cidrs, String what) {
        try {
            return new LocalTrafficDetector.ByCidr(cidrs);
        } catch (IllegalArgumentException e) {
            throw new UsageError(what + ": expected at most one CIDR per address family");
        }
    }

    private static List<IpPrefix> prefixes(List<String> texts, String option) {
        List<IpPrefix> out = new ArrayList<>();
        for (String t : texts) {
            IpPrefix p = IpPrefix.tryParse(t);
            if (p == null) {
                throw new UsageError(option + " " + t + ": expected a CIDR such as 10.244.0.0/16");
            }
            out.add(p);
        }
        return out;
    }
}
