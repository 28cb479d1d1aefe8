package io.netprove.cli;

import io.netprove.grammar.DisplayPath;
import io.netprove.grammar.InputError;
import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.grammar.snapshot.NodeStateReader;
import io.netprove.grammar.snapshot.SnapshotMeta;
import io.netprove.grammar.snapshot.SnapshotMetaReader;
import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.FileRef;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.node.NodeState;
import io.netprove.verifier.cluster.ServiceCatalog;
import io.netprove.verifier.fuzz.NodeFuzzer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@code netprove fuzz --state DIR} works on: the node folders under DIR and what the snapshot around them says
 * about the cluster. DIR is a node folder, a folder of node folders, or a snapshot; the snapshot's root is DIR, or
 * the folder above {@code nodes/} when DIR is (or is in) one. From the root come {@code meta.json} (pod networks,
 * node addresses) and {@code cluster/} (Node addresses and pod CIDRs, Services and their endpoints); an intent's
 * cluster block (pod networks, node addresses, manifests) and the flags add to them. Each source used is named in
 * the notes.
 */
record FuzzScope(List<Node> nodes, NodeFuzzer.Context context, List<String> notes) {

    /** One node to fuzz: its name (the folder's), its addresses and its captured state. */
    record Node(String name, List<IpAddress> addresses, NodeState state) {
    }

    /** Files whose presence makes a folder a node folder. */
    private static final List<String> DUMPS = List.of("iptables-save.txt", "iptables-save", "ip6tables-save.txt",
            "ip6tables-save", "nft-ruleset.txt", "nft-ruleset.json", "nft-ruleset", "ipvsadm-save.txt");

    static FuzzScope of(Path dir, List<IpPrefix> podFlags, List<IpPrefix> nodeFlags, List<IpAddress> addressFlags,
                        ClusterSpec intent) {
        if (!Files.isDirectory(dir)) {
            throw new UsageError("--state " + dir + ": expected a folder (a node folder, a folder of them, or a"
                    + " snapshot)");
        }
        Path abs = dir.toAbsolutePath().normalize();
        List<Path> folders;
        Path root = null;
        if (Files.isDirectory(abs.resolve("nodes"))) {
            root = abs;
            folders = nodeFolders(abs.resolve("nodes"));
        } else if (isNodeFolder(abs)) {
            folders = List.of(abs);
            if (abs.getParent() != null && abs.getParent().getFileName() != null
                    && abs.getParent().getFileName().toString().equals("nodes")) {
                root = abs.getParent().getParent();
            }
        } else {
            folders = nodeFolders(abs);
            if (abs.getFileName() != null && abs.getFileName().toString().equals("nodes")) {
                root = abs.getParent();
            }
        }
        if (folders.isEmpty()) {
            throw new UsageError("--state " + dir + ": no node state found: expected " + String.join(", ", DUMPS)
                    + " in it, in its subfolders, or in its nodes/ folder");
        }
        List<String> notes = new ArrayList<>();
        SnapshotMeta meta = null;
        ClusterObjects cluster = null;
        if (root != null && Files.isRegularFile(root.resolve(SnapshotMeta.FILE_NAME))) {
            meta = SnapshotMetaReader.read(root.resolve(SnapshotMeta.FILE_NAME));
            notes.add("cluster networks and node addresses from "
                    + DisplayPath.of(root.resolve(SnapshotMeta.FILE_NAME)));
        }
        if (root != null && Files.isDirectory(root.resolve("cluster"))) {
            cluster = new ManifestReader().read(root.resolve("cluster"));
            notes.add("Nodes and Services from " + DisplayPath.of(root.resolve("cluster")));
        } else if (intent != null && !intent.manifests().isEmpty()) {
            cluster = new ManifestReader().read(intent.manifests().stream().map(FileRef::path).toList());
            notes.add("Nodes and Services from the intent's manifests " + intent.manifests().stream()
                    .map(m -> DisplayPath.of(m.path())).toList());
        }
        if (intent != null) {
            notes.add("pod networks and node addresses from the intent's cluster block ("
                    + intent.location() + ")");
        }
        Set<IpPrefix> pods = new LinkedHashSet<>(podFlags);
        if (meta != null) {
            pods.addAll(meta.podNetworks());
        }
        if (cluster != null) {
            cluster.nodes().forEach(n -> pods.addAll(n.podCIDRs()));
        }
        if (intent != null) {
            pods.addAll(intent.podNetworks());
        }
        List<Node> nodes = new ArrayList<>();
        Set<IpPrefix> nodeNets = new LinkedHashSet<>(nodeFlags);
        for (Path f : folders) {
            String name = f.getFileName().toString();
            Set<IpAddress> addresses = new LinkedHashSet<>(addressFlags);
            if (meta != null) {
                meta.node(name).ifPresent(e -> addresses.addAll(e.addresses()));
            }
            if (intent != null) {
                intent.nodes().stream().filter(n -> n.name().equals(name))
                        .forEach(n -> addresses.addAll(n.addresses()));
            }
            if (cluster != null) {
                cluster.node(name).ifPresent(n -> {
                    addresses.addAll(n.internalIPs());
                    addresses.addAll(n.externalIPs());
                });
            }
            List<IpAddress> list = new ArrayList<>(addresses);
            nodes.add(new Node(name, list, NodeStateReader.read(name, list, f, SourceLocation.NONE)));
        }
        if (nodeFlags.isEmpty()) {
            addAllNodeAddresses(meta, cluster, nodes, nodeNets);
        }
        if (pods.isEmpty()) {
            notes.add("the pod network is unknown (give --pod-cidr)");
        }
        return new FuzzScope(nodes, new NodeFuzzer.Context(new ArrayList<>(pods), new ArrayList<>(nodeNets),
                cluster == null ? null : ServiceCatalog.of(cluster)), notes);
    }

    /** Every node's own addresses as host prefixes: the node networks when --node-cidr is not given. */
    private static void addAllNodeAddresses(SnapshotMeta meta, ClusterObjects cluster, List<Node> nodes,
                                            Set<IpPrefix> out) {
        nodes.forEach(n -> n.addresses().forEach(a -> out.add(IpPrefix.host(a))));
        if (meta != null) {
            meta.nodes().forEach(e -> e.addresses().forEach(a -> out.add(IpPrefix.host(a))));
        }
        if (cluster != null) {
            cluster.nodes().forEach(n -> n.internalIPs().forEach(a -> out.add(IpPrefix.host(a))));
        }
    }

    private static boolean isNodeFolder(Path dir) {
        return DUMPS.stream().anyMatch(d -> Files.isRegularFile(dir.resolve(d)));
    }

    private static List<Path> nodeFolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(FuzzScope::isNodeFolder).sorted().toList();
        } catch (IOException e) {
            throw new InputError(SourceLocation.of(dir.toString(), 0), "cannot list the folder: " + e.getMessage());
        }
    }
}
