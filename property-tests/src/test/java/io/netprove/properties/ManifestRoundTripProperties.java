package io.netprove.properties;

import io.netprove.grammar.k8s.ManifestRoundTrip;
import io.netprove.grammar.k8s.ManifestWriter;
import io.netprove.model.k8s.ClusterObjects;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Write-then-read for Kubernetes manifests: the Services, EndpointSlices and NetworkPolicies of
 * {@link ClusterObjectsGenerator#clusters()}, and objects of every kind from {@link ManifestObjectsGenerator}, written
 * by the grammar's {@code ManifestWriter} and read back by {@code ManifestReader}, are the same objects (locations,
 * warnings and file names aside), and writing them again gives the same text.
 */
class ManifestRoundTripProperties {

    private static final Budget.Tally TALLY = new Budget.Tally("manifest-print-parse");

    /** A generated cluster that shows itself as its manifests when jqwik reports it. */
    record Written(ClusterObjects objects) {
        @Override
        public String toString() {
            return "\n" + ManifestWriter.write(objects);
        }
    }

    @Provide
    Arbitrary<Written> clusters() {
        return ClusterObjectsGenerator.clusters().map(Written::new);
    }

    @Provide
    Arbitrary<ManifestObjectsGenerator.Generated> everyKind() {
        return ManifestObjectsGenerator.objects();
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void generatedServicesSlicesAndPoliciesReadBackEqual(@ForAll("clusters") Written cluster) {
        check(cluster.objects());
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void objectsOfEveryKindReadBackEqual(@ForAll("everyKind") ManifestObjectsGenerator.Generated generated) {
        check(generated.objects());
    }

    private static void check(ClusterObjects objects) {
        TALLY.cases.incrementAndGet();
        ManifestRoundTrip.assertRoundTrips(objects);
        TALLY.checks.addAndGet(objects.all().size() + objects.ignored().size());
    }

    @AfterContainer
    static void report() {
        TALLY.print("objects round-tripped");
    }
}
