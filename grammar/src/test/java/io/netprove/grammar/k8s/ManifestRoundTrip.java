package io.netprove.grammar.k8s;

import io.netprove.grammar.LocationFreeModel;
import io.netprove.model.k8s.ClusterObjects;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Write-then-read for Kubernetes manifests, shared by this package's tests and the property tests: write objects with
 * {@link ManifestWriter}, read the text back with {@link ManifestReader}, and compare the two without what writing
 * does not keep (source locations, the reader's warnings, the names of the files read).
 */
public final class ManifestRoundTrip {

    private static final Map<Class<?>, Set<String>> NOT_WRITTEN = Map.of(ClusterObjects.class,
            Set.of("diagnostics", "sources"));

    private ManifestRoundTrip() {
    }

    /** The objects without locations, warnings and file names. */
    public static ClusterObjects normal(ClusterObjects objects) {
        return LocationFreeModel.of(objects, NOT_WRITTEN);
    }

    /**
     * Writes {@code objects}, reads the text back, and asserts that the two are equal in normal form and that writing
     * again gives the same text. Returns what was read back.
     */
    public static ClusterObjects assertRoundTrips(ClusterObjects objects) {
        String written = ManifestWriter.write(objects);
        ClusterObjects back = new ManifestReader().readText("written.yaml", written);
        assertEquals(normal(objects), normal(back), () -> "written:\n" + written);
        assertEquals(written, ManifestWriter.write(back), "written twice");
        return back;
    }
}
