package io.netprove.compiler;

import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.model.k8s.ClusterObjects;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the manifests kept as test resources. */
final class TestManifests {

    private TestManifests() {
    }

    /** Reads resource {@code path} (relative to the test resources root) as manifests. */
    static ClusterObjects read(String path) {
        try (InputStream in = TestManifests.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new ManifestReader().readText(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
