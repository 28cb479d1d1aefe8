package io.netprove.grammar.k8s;

import io.netprove.model.k8s.ClusterObjects;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds test manifests under {@code src/test/resources/k8s} and reads them. */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String relative) {
        URL url = Fixtures.class.getClassLoader().getResource("k8s/" + relative);
        if (url == null) {
            throw new IllegalStateException("missing test resource k8s/" + relative);
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ClusterObjects read(String relative) {
        return new ManifestReader().read(path(relative));
    }
}
