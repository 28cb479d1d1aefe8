package io.netprove.model.intent;

import io.netprove.model.netfilter.SourceLocation;

import java.nio.file.Path;
import java.util.Objects;

/** A path written in an intent file, resolved against that file's folder (absolute and normalised). */
public record FileRef(Path path, SourceLocation location) {

    public FileRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(location, "location");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("path must be resolved to an absolute path: " + path);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
