package io.netprove.api;

import io.netprove.grammar.InputError;
import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.FileRef;
import io.netprove.model.intent.NodeSpec;
import io.netprove.model.netfilter.SourceLocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * How the nodes of a cluster are split into shards. Each node's state (every file of its snapshot folder, or its
 * single dump file) is hashed with SHA-256; nodes with the same hash form a group that is walked once, through its
 * first node by name (the representative). Representatives, sorted by name, go to shards round robin, so the plan
 * depends only on the node names and dump contents: every shard of a job computes the same plan on its own.
 */
public final class ShardPlan {

    /** Nodes whose dumps are byte-identical, the representative first. */
    public record Group(String fingerprint, List<String> members) {

        /** Copies the member list, which must not be empty. */
        public Group {
            members = List.copyOf(members);
            if (members.isEmpty()) {
                throw new IllegalArgumentException("empty group");
            }
        }

        /** The node that is walked for the whole group. */
        public String representative() {
            return members.get(0);
        }
    }

    private final int count;
    private final List<Group> groups;
    private final String id;

    private ShardPlan(int count, List<Group> groups, String id) {
        this.count = count;
        this.groups = List.copyOf(groups);
        this.id = id;
    }

    /**
     * The plan for the intent's nodes (completed from the snapshot when given) over {@code count} shards; node
     * states are read from {@code snapshot/nodes/NAME}, or from the paths the intent gives when snapshot is null.
     */
    public static ShardPlan of(Intent intent, Snapshot snapshot, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("shard count " + count + ": expected at least 1");
        }
        ClusterSpec spec = intent.model().cluster().orElse(null);
        Map<String, List<String>> byHash = new TreeMap<>();
        List<String> names = new ArrayList<>();
        if (spec != null) {
            for (NodeSpec n : spec.nodes()) {
                names.add(n.name());
            }
        }
        names.sort(null);
        for (String name : names) {
            NodeSpec n = spec.node(name).orElseThrow();
            Path state = snapshot != null ? snapshot.dir().resolve("nodes").resolve(name)
                    : n.state().map(FileRef::path).orElse(null);
            byHash.computeIfAbsent(fingerprint(name, state), k -> new ArrayList<>()).add(name);
        }
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byHash.entrySet()) {
            groups.add(new Group(e.getKey(), e.getValue()));
        }
        groups.sort((a, b) -> a.representative().compareTo(b.representative()));
        StringBuilder idText = new StringBuilder().append(count).append('\n');
        for (Group g : groups) {
            idText.append(g.fingerprint()).append(' ').append(String.join(",", g.members())).append('\n');
        }
        String id = HexFormat.of().formatHex(sha256().digest(idText.toString().getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
        return new ShardPlan(count, groups, id);
    }

    /** How many shards. */
    public int count() {
        return count;
    }

    /** The groups of identical nodes, sorted by representative. */
    public List<Group> groups() {
        return groups;
    }

    /** A short id of the plan: equal for every shard computed from the same nodes, dumps and count. */
    public String id() {
        return id;
    }

    /** The nodes shard {@code index} walks: every {@code count}-th representative, starting at {@code index}. */
    public List<String> nodes(int index) {
        List<String> out = new ArrayList<>();
        for (int i = index; i < groups.size(); i += count) {
            out.add(groups.get(i).representative());
        }
        return out;
    }

    /** Every node that is not walked, mapped to the representative whose identical dumps stand for it. */
    public Map<String, String> sameAs() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Group g : groups) {
            for (String m : g.members().subList(1, g.members().size())) {
                out.put(m, g.representative());
            }
        }
        return out;
    }

    /**
     * The SHA-256 of a node's state: for a folder, every regular file in it by name (name, size, bytes); for a
     * file, its bytes. A node without state gets a fingerprint of its own, so it is never grouped.
     */
    static String fingerprint(String node, Path state) {
        if (state == null || !Files.exists(state)) {
            return "none:" + node;
        }
        MessageDigest md = sha256();
        try {
            if (Files.isDirectory(state)) {
                List<Path> files;
                try (Stream<Path> s = Files.list(state)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    byte[] bytes = Files.readAllBytes(f);
                    md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    md.update(Long.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    md.update(bytes);
                }
            } else {
                md.update(Files.readAllBytes(state));
            }
        } catch (IOException e) {
            throw new InputError(new SourceLocation(state.toString(), 0, 0),
                    "cannot read the state of node " + node + ": " + e.getMessage());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
