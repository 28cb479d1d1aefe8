package io.netprove.cli;

import io.netprove.cli.collect.CollectRun;
import io.netprove.model.net.IpPrefix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code netprove collect --output DIR}: a snapshot of a live cluster, taken with the user's kubectl. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Build a snapshot folder (docs/snapshots.md) from the cluster your kubectl points at: the"
                + " Kubernetes objects (kubectl get -o yaml), and per node the output of iptables-save,"
                + " ip6tables-save, ipvsadm -S -n, ipset save, nft list ruleset, ip route/rule/addr and kube-proxy's"
                + " mode, read by a short-lived privileged pod that runs the node's own binaries in the host's"
                + " namespaces (chroot /host, host network and PID, the host's root mounted read-only).",
                "It changes nothing but those pods, which it deletes; they carry the label netprove.io/run=ID."},
        footer = {"", "Examples:",
                "  netprove collect --output snapshots/monday",
                "  netprove collect --output snap --nodes node-1,node-2 --namespace shop --namespace kube-system",
                "  netprove collect --output snap --image registry.example.com/busybox:1.36 --timeout 120",
                "", "Needs: kubectl on PATH, rights to get the objects above and to create, read the log of, and",
                "delete pods in --pod-namespace; privileged pods must be allowed there (Pod Security 'privileged').",
                "", "Exit status: 0 every node captured, 3 the snapshot was written but some nodes could not be",
                "captured (listed), 2 usage error or the cluster could not be read, 1 internal error."})
public final class CollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--output", paramLabel = "DIR", required = true,
            description = "The snapshot folder to create (it must not exist, or be empty).")
    Path output;

    @Option(names = "--nodes", paramLabel = "NODE", split = ",",
            description = "Capture only these nodes (comma-separated or repeated); default: every node.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--namespace", paramLabel = "NS",
            description = "Collect namespaced objects (pods, services, ...) of these namespaces only (repeatable);"
                    + " default: every namespace.")
    List<String> namespaces = new ArrayList<>();

    @Option(names = "--image", paramLabel = "IMAGE", defaultValue = "busybox:1.36",
            description = "Image of the capture pods; it needs only chroot, the node's own sh and tools do the rest"
                    + " (default: ${DEFAULT-VALUE}).")
    String image;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Time allowed per node, from creating its pod to reading its log (default:"
                    + " ${DEFAULT-VALUE}); also the pod's activeDeadlineSeconds.")
    int timeoutSeconds;

    @Option(names = "--pod-namespace", paramLabel = "NS", defaultValue = "default",
            description = "Namespace for the capture pods (default: ${DEFAULT-VALUE}).")
    String podNamespace;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "8",
            description = "Nodes captured at the same time (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context to use.")
    String context;

    @Option(names = "--kubectl", paramLabel = "PATH",
            description = "The kubectl binary (default: kubectl on PATH).")
    String kubectl;

    @Option(names = "--pod-network", paramLabel = "CIDR",
            description = "The cluster's pod network(s) for meta.json (default: kube-controller-manager's"
                    + " --cluster-cidr when its pod is visible, else the nodes' pod CIDRs).")
    List<String> podNetworks = new ArrayList<>();

    @Option(names = "--service-network", paramLabel = "CIDR",
            description = "The cluster's service network(s) for meta.json (default: the ServiceCIDR objects, or"
                    + " kube-apiserver's --service-cluster-ip-range when its pod is visible).")
    List<String> serviceNetworks = new ArrayList<>();

    @Option(names = "--poll-interval-ms", paramLabel = "MS", defaultValue = "1000", hidden = true,
            description = "How often a capture pod's phase is asked for.")
    int pollMillis;

    /** The environment kubectl runs in (tests replace it to put a fake kubectl on PATH). */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        if (timeoutSeconds < 1) {
            throw new UsageError("--timeout " + timeoutSeconds + ": expected at least 1 second");
        }
        if (parallel < 1) {
            throw new UsageError("--parallel " + parallel + ": expected at least 1");
        }
        if (Files.exists(output) && (!Files.isDirectory(output) || !isEmpty(output))) {
            throw new UsageError("--output " + output + ": exists and is not an empty folder; choose a new folder"
                    + " (a snapshot is never merged into another)");
        }
        CollectRun.Options o = new CollectRun.Options(output, nodes, namespaces, image,
                Duration.ofSeconds(timeoutSeconds), podNamespace, parallel, Duration.ofMillis(Math.max(10, pollMillis)),
                cidrs("--pod-network", podNetworks), cidrs("--service-network", serviceNetworks), context, kubectl);
        try {
            return CollectRun.run(o, environment, spec.commandLine().getOut(), spec.commandLine().getErr(),
                    System.console() != null);
        } catch (CollectRun.Failure e) {
            throw new UsageError(e.getMessage());
        }
    }

    private static List<IpPrefix> cidrs(String option, List<String> texts) {
        List<IpPrefix> out = new ArrayList<>();
        for (String t : texts) {
            IpPrefix p = t.contains("/") ? IpPrefix.tryParse(t) : null;
            if (p == null) {
                throw new UsageError(option + " " + t + ": expected a CIDR block such as 10.244.0.0/16");
            }
            out.add(p);
        }
        return out;
    }

    private static boolean isEmpty(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
