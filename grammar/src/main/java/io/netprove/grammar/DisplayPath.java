package io.netprove.grammar;

import java.nio.file.Path;
import java.nio.file.Paths;

/** How a file is named in messages: relative to the working directory when it lies below it, else as given. */
public final class DisplayPath {

    private DisplayPath() {
    }

    public static String of(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Paths.get("").toAbsolutePath().normalize();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : p.toString();
    }
}
