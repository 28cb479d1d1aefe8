package io.netprove.grammar.k8s;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Service;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled example cluster (examples/shop/cluster) reads cleanly and is what its dumps were written for. */
class ShopExampleManifestsTest {

    @Test
    void shopClusterReadsWithoutWarnings() {
        ClusterObjects c = new ManifestReader().read(Paths.get(System.getProperty("netprove.root", "../.."),
                "examples/shop/cluster"));
        assertTrue(c.diagnostics().isEmpty(), c.diagnostics().toString());
        assertEquals(2, c.namespaces().size());
        assertEquals(2, c.nodes().size());
        assertEquals(9, c.pods().size());
        assertEquals(7, c.services().size());
        assertEquals(7, c.endpointSlices().size());
        Service api = c.services().stream().filter(s -> s.metadata().name().equals("api")).findFirst().orElseThrow();
        assertEquals("203.0.113.50", api.loadBalancerIngress().get(0).ip().orElseThrow().toString());
    }
}
