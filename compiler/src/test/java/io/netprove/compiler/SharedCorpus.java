package io.netprove.compiler;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds {@code ../shared/corpus}; tests that need it are skipped, with a visible message, when it is absent. */
final class SharedCorpus {

    private SharedCorpus() {
    }

    /** The corpus folder; skips the calling test (printing why) when it is absent. */
    static Path require(String why) {
        String configured = System.getProperty("netprove.shared");
        Path p = configured != null ? Paths.get(configured) : Paths.get("..", "..", "shared");
        Path corpus = p.resolve("corpus");
        if (!Files.isDirectory(corpus)) {
            System.err.println("SKIPPED: " + why + " needs ../shared/corpus, which is not present at " + p);
        }
        Assumptions.assumeTrue(Files.isDirectory(corpus), "../shared/corpus is not present");
        return corpus.toAbsolutePath().normalize();
    }
}
