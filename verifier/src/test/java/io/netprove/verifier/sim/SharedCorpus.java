package io.netprove.verifier.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds {@code ../shared} beside the project root, where the conformance corpus lives when it is present. */
final class SharedCorpus {

    private SharedCorpus() {
    }

    /** The shared folder, or null (with a visible message on stderr) when it is absent. */
    static Path locate(String why) {
        String configured = System.getProperty("netprove.shared");
        Path p = configured != null ? Paths.get(configured) : Paths.get("..", "..", "shared");
        if (Files.isDirectory(p.resolve("corpus"))) {
            return p.toAbsolutePath().normalize();
        }
        System.err.println("SKIPPED: " + why + " needs ../shared/corpus, which is not present at " + p);
        return null;
    }
}
