package io.netprove.api;

import io.netprove.grammar.InputError;
import io.netprove.grammar.snapshot.SnapshotMeta;
import io.netprove.grammar.snapshot.SnapshotMetaReader;
import io.netprove.model.netfilter.SourceLocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A snapshot folder: {@code cluster/} (Kubernetes objects), {@code nodes/NAME/} (each node's dumps) and, from
 * format version 1 on, {@code meta.json} (capture time, cluster networks, node addresses, which captures failed).
 * Loading checks the folder's shape and reads meta.json; the dumps themselves are read when a {@link Verifier}
 * opens. The layout is described in docs/snapshots.md.
 */
public final class Snapshot {

    private final Path dir;
    private final Optional<SnapshotMeta> meta;

    private Snapshot(Path dir, Optional<SnapshotMeta> meta) {
        this.dir = dir;
        this.meta = meta;
    }

    /**
     * Loads the snapshot folder at {@code dir}.
     *
     * @throws InputError when {@code dir} is not a folder, has no {@code nodes/} folder, or meta.json is invalid
     */
    public static Snapshot load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InputError(new SourceLocation(dir.toString(), 0, 0),
                    "not a folder: expected a snapshot folder with nodes/NAME/ (and cluster/, meta.json)");
        }
        if (!Files.isDirectory(dir.resolve("nodes"))) {
            throw new InputError(new SourceLocation(dir.toString(), 0, 0),
                    "no nodes/ folder: expected a snapshot folder with nodes/NAME/ (and cluster/, meta.json)");
        }
        Path m = dir.resolve(SnapshotMeta.FILE_NAME);
        return new Snapshot(dir, Files.isRegularFile(m) ? Optional.of(SnapshotMetaReader.read(m)) : Optional.empty());
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** meta.json, when the folder has one (older snapshots and hand-made folders may not). */
    public Optional<SnapshotMeta> meta() {
        return meta;
    }

    /** The names of the node folders under {@code nodes/}, sorted. */
    public List<String> nodeFolders() {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir.resolve("nodes"))) {
            s.filter(Files::isDirectory).forEach(p -> out.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new InputError(new SourceLocation(dir.resolve("nodes").toString(), 0, 0),
                    "cannot list the node folders: " + e.getMessage());
        }
        out.sort(null);
        return out;
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
