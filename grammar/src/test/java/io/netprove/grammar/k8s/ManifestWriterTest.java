package io.netprove.grammar.k8s;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Container;
import io.netprove.model.k8s.ContainerPort;
import io.netprove.model.k8s.KubeObject;
import io.netprove.model.k8s.Namespace;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.Service;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ManifestWriter}: manifests written from the model read back as the same objects, for every manifest of
 * this module's tests, the shop example and the corpus scenarios, and for values that YAML would read as something
 * other than a string unless they are quoted; models no manifest reads back as are refused.
 */
class ManifestWriterTest {

    private static final Path ROOT = Paths.get(System.getProperty("netprove.root", ".."));

    @TestFactory
    Stream<DynamicTest> everySampleManifestRoundTrips() throws IOException {
        List<Path> inputs = new ArrayList<>();
        for (String dir : List.of("kinds", "formats", "examples/shop-cluster", "examples/policy-lab",
                "examples/dualstack-dump")) {
            Path d = Fixtures.path(dir);
            inputs.addAll(ManifestReader.manifestFiles(d));
            if (dir.startsWith("examples")) {
                inputs.add(d);
            }
        }
        inputs.add(ROOT.resolve("examples/shop/cluster"));
        try (Stream<Path> scenarios = Files.list(ROOT.resolve("corpus/scenarios"))) {
            scenarios.map(s -> s.resolve("cluster")).filter(Files::isDirectory).sorted().forEach(inputs::add);
        }
        assertTrue(inputs.size() > 40, "inputs: " + inputs.size());
        return inputs.stream().map(p -> DynamicTest.dynamicTest(ROOT.toAbsolutePath().normalize().relativize(
                p.toAbsolutePath().normalize()).toString(), () -> {
                    ClusterObjects read = new ManifestReader().read(p);
                    ClusterObjects back = ManifestRoundTrip.assertRoundTrips(read);
                    assertEquals(read.all().size(), back.all().size());
                }));
    }

    @Test
    void valuesThatLookLikeOtherYamlTypesStayStrings() {
        List<String> tricky = List.of("yes", "no", "on", "off", "y", "n", "true", "False", "null", "1_000", "0x1F",
                "0o17", "017", "1e3", "1.5", "10", "1.2.3.4", "inf", "NaN", "v1", "a.b-c_d");
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < tricky.size(); i++) {
            labels.put("k" + i, tricky.get(i));
        }
        Map<String, String> annotations = new LinkedHashMap<>(labels);
        List<String> free = List.of("", "~", ".inf", "-", "- a", "a: b", "# x", "x #y", "multi\nline", " padded ",
                "'", "\"", "\\", "caf\u00e9 \u2713", "{a: 1}", "[1]", "&anchor", "*alias", "!tag", "%x", "@x", "`x",
                "|", ">", "?", "<<", "---", "...", "\t");
        for (int i = 0; i < free.size(); i++) {
            annotations.put("example.com/a" + i, free.get(i));
        }
        Namespace ns = new Namespace(new ObjectMeta("shop", Optional.empty(), labels, annotations),
                SourceLocation.NONE);
        ClusterObjects objects = ClusterObjects.of(List.of(ns), List.of(), List.of(), List.of());
        ClusterObjects back = ManifestRoundTrip.assertRoundTrips(objects);
        assertEquals(ns.labels(), back.namespaces().get(0).labels());
        assertEquals(annotations, back.namespaces().get(0).metadata().annotations());
    }

    @Test
    void noObjectsIsTheEmptyText() {
        assertEquals("", ManifestWriter.write(ClusterObjects.EMPTY));
        ManifestRoundTrip.assertRoundTrips(ClusterObjects.EMPTY);
    }

    @Test
    void objectsNoManifestReadsBackAsAreRefused() {
        ObjectMeta meta = ObjectMeta.namespaced("shop", "p", Map.of());
        Pod sidecarFirst = new Pod(meta, SourceLocation.NONE, Optional.empty(), false, List.of(), List.of(),
                Optional.empty(), List.of(new Container("log", List.of(), true), new Container("app", List.of(),
                false)), Optional.empty());
        assertRefused(sidecarFirst, "a sidecar container before a main one");
        Pod hostPortZero = new Pod(meta, SourceLocation.NONE, Optional.empty(), true, List.of(), List.of(),
                Optional.empty(), List.of(new Container("app", List.of(ContainerPort.tcp(80)), false)),
                Optional.empty());
        assertRefused(hostPortZero, "a host-network Pod's port whose hostPort is not its containerPort");
        Service clusterIpAllocating = new Service(ObjectMeta.namespaced("shop", "web", Map.of()),
                SourceLocation.NONE, io.netprove.model.k8s.ServiceType.CLUSTER_IP, List.of(), false, List.of(),
                Optional.empty(), List.of(io.netprove.model.k8s.ServicePort.tcp(80)), Map.of(), List.of(),
                Optional.empty(), List.of(), List.of(), io.netprove.model.k8s.TrafficPolicy.CLUSTER,
                io.netprove.model.k8s.TrafficPolicy.CLUSTER, 0, io.netprove.model.k8s.SessionAffinity.NONE, 0,
                Optional.empty(), false, true);
        assertRefused(clusterIpAllocating, "allocateLoadBalancerNodePorts on a Service of type ClusterIP");
    }

    private static void assertRefused(KubeObject o, String what) {
        ClusterObjects objects = ClusterObjects.of(List.of(o), List.of(), List.of(), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManifestWriter.write(objects));
        assertTrue(e.getMessage().startsWith("no manifest reads back as " + what), e.getMessage());
    }
}
