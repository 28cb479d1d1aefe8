package io.netprove.compiler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes a compiled node as a snapshot node folder {@code DIR/nodes/NAME/} that netprove's state readers read. */
public final class SnapshotWriter {

    private SnapshotWriter() {
    }

    /** Every file a compiled node folder may hold; those a mode does not write are removed when present. */
    static final List<String> STATE_FILES = List.of(CompiledNode.MODE_FILE, "iptables-save.txt",
            "ip6tables-save.txt", "ipvsadm-save.txt", "ipset-save.txt", "nft-ruleset.txt");

    /**
     * Writes the files of {@code node} under {@code dir/nodes/NAME}, removing state files of another mode left there
     * by an earlier run, and returns the paths written.
     */
    public static List<Path> write(CompiledNode node, Path dir) throws IOException {
        Path folder = nodeFolder(dir, node.config().nodeName());
        Files.createDirectories(folder);
        Map<String, String> files = node.snapshotFiles();
        for (String name : STATE_FILES) {
            if (!files.containsKey(name)) {
                Files.deleteIfExists(folder.resolve(name));
            }
        }
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = folder.resolve(f.getKey());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
            written.add(p);
        }
        return written;
    }

    /** {@code dir/nodes/NAME}. */
    public static Path nodeFolder(Path dir, String nodeName) {
        return dir.resolve("nodes").resolve(nodeName);
    }
}
