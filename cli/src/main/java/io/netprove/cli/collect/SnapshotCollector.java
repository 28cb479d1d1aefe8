package io.netprove.cli.collect;

import io.netprove.grammar.InputError;
import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.grammar.snapshot.SnapshotMeta;
import io.netprove.grammar.snapshot.SnapshotMetaWriter;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Node;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a snapshot folder from a live cluster: the Kubernetes objects with {@code kubectl get -o yaml}, then each
 * selected node through a capture pod ({@link NodeCapture}), a few at a time, then meta.json. It only reads the
 * cluster, except for creating and deleting its own capture pods, which carry the run's label so that a last
 * sweep ({@code kubectl delete pods -l netprove.io/run=ID}) removes any that a failure left behind.
 */
final class SnapshotCollector {

    /** What to collect and how. */
    record Settings(Path output, List<String> nodes, List<String> namespaces, String image, Duration nodeTimeout,
                    String podNamespace, int parallel, Duration pollInterval, List<IpPrefix> podNetworks,
                    List<IpPrefix> serviceNetworks) {
    }

    /** What was collected: per node, per kind of object, what could not be captured, what could not be cleaned. */
    record Result(SnapshotMeta meta, List<NodeCapture.Result> nodes, Map<String, Integer> objects,
                  List<String> notCaptured, List<String> cleanup, String runId) {

        long failed() {
            return nodes.stream().filter(n -> n.status() != SnapshotMeta.CaptureStatus.CAPTURED).count();
        }
    }

    /** A failure that stops the collection (kubectl cannot list the nodes, the output folder cannot be made). */
    static final class CollectError extends RuntimeException {
        CollectError(String message) {
            super(message, null, false, false);
        }
    }

    private record Kind(String resource, String file, boolean namespaced, boolean required) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("namespaces", "namespaces", false, false),
            new Kind("nodes", "nodes", false, true),
            new Kind("pods", "pods", true, true),
            new Kind("services", "services", true, true),
            new Kind("endpointslices", "endpointslices", true, true),
            new Kind("networkpolicies", "networkpolicies", true, false),
            new Kind("ingresses", "ingresses", true, false));

    private static final Pattern SERVICE_RANGE = Pattern.compile("--service-cluster-ip-range=([0-9A-Fa-f.:/,]+)");
    private static final Pattern CLUSTER_CIDR = Pattern.compile("--cluster-cidr=([0-9A-Fa-f.:/,]+)");

    private final Kubectl kubectl;
    private final Settings settings;
    private final String runId;

    SnapshotCollector(Kubectl kubectl, Settings settings, String runId) {
        this.kubectl = kubectl;
        this.settings = settings;
        this.runId = runId;
    }

    /**
     * Collects. {@code nodesChosen} hears how many nodes will be captured; {@code nodeDone} hears each finished
     * node (from worker threads).
     */
    Result collect(Consumer<Integer> nodesChosen, Consumer<NodeCapture.Result> nodeDone) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path out = settings.output();
        Path clusterDir = out.resolve("cluster");
        try {
            Files.createDirectories(clusterDir);
            Files.createDirectories(out.resolve("nodes"));
        } catch (IOException e) {
            throw new CollectError("cannot create " + out + ": " + e.getMessage());
        }
        Duration getLimit = settings.nodeTimeout().compareTo(Duration.ofSeconds(60)) > 0 ? settings.nodeTimeout()
                : Duration.ofSeconds(60);
        List<String> notCaptured = new ArrayList<>();
        StringBuilder podsText = new StringBuilder();
        String nodesText = null;
        for (Kind k : KINDS) {
            List<List<String>> calls = new ArrayList<>();
            List<String> files = new ArrayList<>();
            if (k.namespaced() && !settings.namespaces().isEmpty()) {
                for (String ns : settings.namespaces()) {
                    calls.add(List.of("get", k.resource(), "-n", ns, "-o", "yaml"));
                    files.add(k.file() + "." + ns + ".yaml");
                }
            } else if (k.namespaced()) {
                calls.add(List.of("get", k.resource(), "--all-namespaces", "-o", "yaml"));
                files.add(k.file() + ".yaml");
            } else if (k.resource().equals("namespaces") && !settings.namespaces().isEmpty()) {
                List<String> args = new ArrayList<>(List.of("get", "namespaces"));
                args.addAll(settings.namespaces());
                args.addAll(List.of("-o", "yaml"));
                calls.add(args);
                files.add(k.file() + ".yaml");
            } else {
                calls.add(List.of("get", k.resource(), "-o", "yaml"));
                files.add(k.file() + ".yaml");
            }
            for (int i = 0; i < calls.size(); i++) {
                Kubectl.Result r = kubectl.run(calls.get(i), null, getLimit);
                if (!r.ok()) {
                    if (k.resource().equals("nodes")) {
                        throw new CollectError("kubectl get nodes failed: " + r.firstError());
                    }
                    notCaptured.add(k.resource() + (calls.size() > 1 ? " of namespace " + settings.namespaces().get(i)
                            : "") + " (kubectl get " + k.resource() + ": " + r.firstError() + ")"
                            + (k.required() ? "" : "; answers that need them will say so"));
                    continue;
                }
                write(clusterDir.resolve(files.get(i)), r.out());
                if (k.resource().equals("pods")) {
                    podsText.append(r.out());
                } else if (k.resource().equals("nodes")) {
                    nodesText = r.out();
                }
            }
        }
        ClusterObjects nodeObjects;
        try {
            nodeObjects = new ManifestReader().readText("nodes.yaml", nodesText == null ? "" : nodesText);
        } catch (InputError e) {
            throw new CollectError("kubectl get nodes gave what netprove cannot read: " + e.getMessage());
        }
        Map<String, Node> byName = new TreeMap<>();
        for (Node n : nodeObjects.nodes()) {
            byName.put(n.metadata().name(), n);
        }
        List<String> chosen = new ArrayList<>();
        if (settings.nodes().isEmpty()) {
            chosen.addAll(byName.keySet());
        } else {
            for (String n : settings.nodes()) {
                if (!byName.containsKey(n)) {
                    throw new CollectError("--nodes: the cluster has no node '" + n + "'; it has "
                            + (byName.size() > 10 ? byName.size() + " nodes, for example "
                            + String.join(", ", new ArrayList<>(byName.keySet()).subList(0, 10))
                            : String.join(", ", byName.keySet())));
                }
                if (!chosen.contains(n)) {
                    chosen.add(n);
                }
            }
        }
        nodesChosen.accept(chosen.size());
        NodeCapture capture = new NodeCapture(kubectl, settings.podNamespace(), settings.image(), runId,
                settings.nodeTimeout(), settings.pollInterval());
        List<NodeCapture.Result> results = captureAll(capture, chosen, nodeDone);
        List<String> cleanup = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            String problem = capture.delete(chosen.get(i));
            NodeCapture.Result r = results.get(i);
            results.set(i, new NodeCapture.Result(r.node(), r.status(), r.message(), r.files(), r.notCaptured(),
                    r.pod(), problem == null, r.kubeProxyMode()));
            if (problem != null) {
                cleanup.add("pod " + r.pod() + ": " + problem);
            }
        }
        Kubectl.Result sweep = kubectl.run(List.of("delete", "pods", "-n", settings.podNamespace(), "-l",
                "netprove.io/run=" + runId, "--ignore-not-found", "--wait=false"), null, Duration.ofSeconds(60));
        if (!sweep.ok()) {
            cleanup.add("the final sweep failed (" + sweep.firstError() + "): remove leftovers with kubectl delete"
                    + " pods -n " + settings.podNamespace() + " -l netprove.io/run=" + runId);
        }
        List<SnapshotMeta.NodeEntry> entries = new ArrayList<>();
        Set<String> modes = new LinkedHashSet<>();
        for (NodeCapture.Result r : results) {
            Node n = byName.get(r.node());
            List<IpAddress> addresses = n.internalIPs().isEmpty() ? n.externalIPs() : n.internalIPs();
            entries.add(new SnapshotMeta.NodeEntry(r.node(), addresses, r.status(), Optional.ofNullable(r.message())));
            if (r.kubeProxyMode() != null) {
                modes.add(r.kubeProxyMode());
            }
        }
        List<IpPrefix> pods = !settings.podNetworks().isEmpty() ? settings.podNetworks()
                : flagValue(CLUSTER_CIDR, podsText.toString());
        if (pods.isEmpty()) {
            for (Node n : byName.values()) {
                pods.addAll(n.podCIDRs());
            }
        }
        List<IpPrefix> services = !settings.serviceNetworks().isEmpty() ? settings.serviceNetworks()
                : flagValue(SERVICE_RANGE, podsText.toString());
        if (services.isEmpty()) {
            services = serviceCidrs();
        }
        if (services.isEmpty()) {
            notCaptured.add("the service network (no ServiceCIDR object and no kube-apiserver pod with"
                    + " --service-cluster-ip-range; give it with --service-network)");
        }
        Kubectl.Result cluster = kubectl.run(List.of("config", "view", "--minify", "-o",
                "jsonpath={.contexts[0].context.cluster}"), null, Duration.ofSeconds(30));
        SnapshotMeta meta = new SnapshotMeta(SnapshotMeta.FORMAT_VERSION, Optional.of(start),
                cluster.ok() && !cluster.out().isBlank() ? Optional.of(cluster.out().strip()) : Optional.empty(),
                pods, services, modes.size() == 1 ? Optional.of(modes.iterator().next()) : Optional.empty(), entries,
                notCaptured, Optional.of("netprove 0.1.0"), "meta.json");
        write(out.resolve(SnapshotMeta.FILE_NAME), SnapshotMetaWriter.write(meta));
        Map<String, Integer> counts = new LinkedHashMap<>();
        try {
            ClusterObjects objects = new ManifestReader().read(clusterDir);
            counts.put("namespaces", objects.namespaces().size());
            counts.put("nodes", objects.nodes().size());
            counts.put("pods", objects.pods().size());
            counts.put("services", objects.services().size());
            counts.put("endpointslices", objects.endpointSlices().size());
            counts.put("networkpolicies", objects.networkPolicies().size());
            counts.put("ingresses", objects.ingresses().size());
        } catch (InputError e) {
            notCaptured.add("cluster/ could not be read back: " + e.getMessage());
        }
        return new Result(meta, results, counts, notCaptured, cleanup, runId);
    }

    private List<NodeCapture.Result> captureAll(NodeCapture capture, List<String> nodes,
                                                Consumer<NodeCapture.Result> nodeDone) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(settings.parallel(),
                Math.max(1, nodes.size()))), r -> {
            Thread t = new Thread(r, "netprove-capture");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<NodeCapture.Result>> futures = new ArrayList<>();
            for (String n : nodes) {
                futures.add(pool.submit(() -> {
                    NodeCapture.Result r = capture.capture(n, settings.output().resolve("nodes").resolve(n));
                    nodeDone.accept(r);
                    return r;
                }));
            }
            List<NodeCapture.Result> out = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (java.util.concurrent.ExecutionException e) {
                    out.add(new NodeCapture.Result(nodes.get(i), SnapshotMeta.CaptureStatus.FAILED,
                            "internal error: " + e.getCause(), List.of(), Map.of(), capture.podName(nodes.get(i)),
                            false, null));
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectError("interrupted; remove the capture pods with kubectl delete pods -n "
                    + settings.podNamespace() + " -l netprove.io/run=" + runId);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The CIDRs a control-plane flag names in the collected pods (kubeadm's static pods show their flags). */
    private static List<IpPrefix> flagValue(Pattern flag, String text) {
        List<IpPrefix> out = new ArrayList<>();
        Matcher m = flag.matcher(text);
        if (m.find()) {
            for (String s : m.group(1).split(",")) {
                IpPrefix p = IpPrefix.tryParse(s);
                if (p != null && s.contains("/") && !out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The ServiceCIDR objects' ranges (Kubernetes 1.31 and later); empty when the API is not there. */
    private List<IpPrefix> serviceCidrs() {
        Kubectl.Result r = kubectl.run(List.of("get", "servicecidrs", "-o", "jsonpath={.items[*].spec.cidrs[*]}"),
                null, Duration.ofSeconds(30));
        List<IpPrefix> out = new ArrayList<>();
        if (r.ok()) {
            for (String s : r.out().trim().split("\\s+")) {
                IpPrefix p = s.contains("/") ? IpPrefix.tryParse(s) : null;
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CollectError("cannot write " + file + ": " + e.getMessage());
        }
    }
}
