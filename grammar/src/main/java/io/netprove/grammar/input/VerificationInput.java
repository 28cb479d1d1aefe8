package io.netprove.grammar.input;

import io.netprove.grammar.InputError;
import io.netprove.grammar.intent.IntentReader;
import io.netprove.grammar.intent.IntentResolver;
import io.netprove.grammar.intent.KnownClusterNames;
import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.grammar.snapshot.NodeStateReader;
import io.netprove.grammar.snapshot.SnapshotMeta;
import io.netprove.grammar.snapshot.SnapshotMetaReader;
import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.FileRef;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.NodeSpec;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.node.NodeState;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * An intent file and everything it points to, read and cross-checked: the manifests named in its cluster block,
 * each node's captured state, and the names its statements use (services, namespaces, labels), which must exist
 * in the manifests. Every problem is an {@link InputError} with the file, line and column at fault.
 */
public record VerificationInput(Intent intent, ClusterObjects objects, Map<String, NodeState> nodes,
                                List<String> notes) {

    public VerificationInput {
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        notes = List.copyOf(notes);
    }

    /** Reads the intent at {@code path} and what it refers to. */
    public static VerificationInput load(Path path) {
        Intent intent = IntentReader.read(path);
        return load(intent, null);
    }

    /**
     * Completes an intent with its manifests and node states. {@code stateOverride}, when not null, is a snapshot
     * folder: every node's state is read from {@code stateOverride/nodes/NAME}, and the manifests from
     * {@code stateOverride/cluster} when that folder exists (for diff and for checking another capture). When the
     * folder has a meta.json, nodes it marks as failed or timed out say so in the "not captured" notes.
     */
    public static VerificationInput load(Intent intent, Path stateOverride) {
        return load(intent, stateOverride, name -> true);
    }

    /**
     * Like {@link #load(Intent, Path)}, but reads the state of only the nodes {@code readState} accepts; the others
     * keep their addresses and get no state and no note (a shard of a fleet check reads only its own nodes).
     */
    public static VerificationInput load(Intent intent, Path stateOverride, Predicate<String> readState) {
        ClusterSpec spec = intent.cluster().orElseThrow(() -> new InputError(
                new io.netprove.model.netfilter.SourceLocation(intent.files().isEmpty() ? "intent"
                        : intent.files().get(0).toString(), 1, 1),
                "no cluster block: expected 'cluster { pod network ... node NAME address IP state \"PATH\" ... }'"));
        List<Path> manifestPaths = new ArrayList<>();
        Path snapshotCluster = stateOverride == null ? null : stateOverride.resolve("cluster");
        if (stateOverride != null && !stateOverride.toFile().isDirectory()) {
            throw new InputError(new io.netprove.model.netfilter.SourceLocation(stateOverride.toString(), 0, 0),
                    "not a folder: expected a snapshot folder with nodes/NAME/ (and optionally cluster/)");
        }
        if (snapshotCluster != null && snapshotCluster.toFile().isDirectory()) {
            manifestPaths.add(java.nio.file.Paths.get(io.netprove.grammar.DisplayPath.of(snapshotCluster)));
        }
        for (FileRef f : snapshotCluster != null && !manifestPaths.isEmpty() ? List.<FileRef>of() : spec.manifests()) {
            if (!f.path().toFile().exists()) {
                throw new InputError(f.location(), "manifests not found at " + f.path()
                        + ": expected a file or folder of Kubernetes YAML/JSON");
            }
            manifestPaths.add(java.nio.file.Paths.get(io.netprove.grammar.DisplayPath.of(f.path())));
        }
        ClusterObjects objects = manifestPaths.isEmpty() ? ClusterObjects.EMPTY
                : new ManifestReader().read(manifestPaths);
        List<String> notes = new ArrayList<>();
        for (Diagnostic d : objects.diagnostics()) {
            notes.add(d.toString());
        }
        if (manifestPaths.isEmpty()) {
            notes.add("no manifests given: services, pods and labels are unknown");
        }
        IntentResolver.check(intent, names(objects));
        SnapshotMeta meta = null;
        if (stateOverride != null && stateOverride.resolve(SnapshotMeta.FILE_NAME).toFile().isFile()) {
            meta = SnapshotMetaReader.read(stateOverride.resolve(SnapshotMeta.FILE_NAME));
        }
        if (meta != null) {
            for (String m : meta.notCaptured()) {
                notes.add("not captured: " + m + " (" + meta.file() + ")");
            }
        }
        Map<String, NodeState> nodes = new LinkedHashMap<>();
        for (NodeSpec n : spec.nodes()) {
            if (!readState.test(n.name())) {
                continue;
            }
            Path state = stateOverride != null ? stateOverride.resolve("nodes").resolve(n.name())
                    : n.state().map(FileRef::path).orElse(null);
            if (state == null) {
                notes.add("node " + n.name() + ": no state given (not captured)");
                continue;
            }
            if (stateOverride != null && !state.toFile().exists()) {
                notes.add("node " + n.name() + ": not captured in " + stateOverride + capture(meta, n.name()));
                continue;
            }
            NodeState st = NodeStateReader.read(n.name(), n.addresses(), state,
                    n.state().map(FileRef::location).orElse(n.location()));
            for (String m : st.notCaptured()) {
                // IPVS, ipset and routing captures matter only to answers that use them; those say so themselves
                if ((m.startsWith("iptables-save") && !nftCovers(st, "ip"))
                        || (m.startsWith("ip6tables-save") && !nftCovers(st, "ip6"))) {
                    notes.add("not captured: " + m + capture(meta, n.name()));
                }
            }
            nodes.put(n.name(), st);
        }
        return new VerificationInput(intent, objects, nodes, notes);
    }

    /**
     * The state of one node as {@link #load(Intent, Path, Predicate)} would read it, or null when none was given or
     * captured (a shard reads the nodes of other shards this way, when a path goes there).
     */
    public static NodeState readNode(Intent intent, Path stateOverride, String name) {
        NodeSpec n = intent.cluster().flatMap(c -> c.node(name)).orElse(null);
        if (n == null) {
            return null;
        }
        Path state = stateOverride != null ? stateOverride.resolve("nodes").resolve(n.name())
                : n.state().map(FileRef::path).orElse(null);
        if (state == null || stateOverride != null && !state.toFile().exists()) {
            return null;
        }
        return NodeStateReader.read(n.name(), n.addresses(), state,
                n.state().map(FileRef::location).orElse(n.location()));
    }

    /** " (capture failed: why)" when meta.json says the node's capture did not work, else "". */
    private static String capture(SnapshotMeta meta, String node) {
        if (meta == null) {
            return "";
        }
        return meta.node(node).filter(e -> e.status() != SnapshotMeta.CaptureStatus.CAPTURED)
                .map(e -> " (capture " + e.status().word() + e.message().map(x -> ": " + x).orElse("") + ")")
                .orElse("");
    }

    /** The names the manifests define, for checking the intent's references. */
    public static KnownClusterNames names(ClusterObjects objects) {
        Set<String> namespaces = new TreeSet<>();
        objects.namespaces().forEach(n -> namespaces.add(n.metadata().name()));
        Map<String, Set<String>> ports = new HashMap<>();
        for (Service s : objects.services()) {
            String ns = s.metadata().namespace().orElse("default");
            namespaces.add(ns);
            Set<String> p = ports.computeIfAbsent(ns + "/" + s.metadata().name(), k -> new HashSet<>());
            for (ServicePort sp : s.ports()) {
                if (!sp.name().isEmpty()) {
                    p.add(sp.name());
                }
                p.add(Integer.toString(sp.port()));
            }
        }
        Map<String, Set<String>> labels = new HashMap<>();
        for (Pod pod : objects.pods()) {
            namespaces.add(pod.metadata().namespace().orElse("default"));
            pod.metadata().labels().forEach((k, v) -> labels.computeIfAbsent(k, x -> new HashSet<>()).add(v));
        }
        return new KnownClusterNames(namespaces, ports, labels);
    }

    /** True if the node's nft ruleset has a table of {@code family} (or inet), so that family's rules were seen. */
    private static boolean nftCovers(io.netprove.model.node.NodeState st, String family) {
        return st.nft().map(r -> r.tables().stream().anyMatch(t -> t.family().equals(family)
                || t.family().equals("inet"))).orElse(false);
    }
}
