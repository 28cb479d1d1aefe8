package io.netprove.verifier.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Container;
import io.netprove.model.k8s.ContainerPort;
import io.netprove.model.k8s.KubeObject;
import io.netprove.model.k8s.Namespace;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PodPhase;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reproduces every reachability matrix of {@code ../shared/corpus/netpol/}: the Kubernetes e2e cases (pods.yaml,
 * policy.yaml, expected.tsv of TCP/80 between every ordered pod pair) and cyclonus' simple example (probe.json,
 * policy.yaml, ingress/egress/combined tables for three probes). Every cell is computed four ways that must agree: the
 * concrete decision by pod ({@link NetworkPolicyEngine#allows(Pod, Pod, Protocol, int)}), the decision by address, the
 * set answers ({@code allowedSources}, {@code allowedDestinations}) and the box form ({@code ingress}, {@code egress}).
 *
 * <p>Cells that do not depend on NetworkPolicy semantics are counted apart and explained where they are met: the
 * cyclonus probes to TCP/82, which no target pod declares, are marked invalid by cyclonus ({@code N}, egress
 * {@code ?}) rather than evaluated.
 */
class NetworkPolicyConformanceTest {

    /** Cells compared and matched, and cells set aside as outside NetworkPolicy semantics, per source. */
    private static final class Tally {
        int matched;
        int setAside;
    }

    private static final Tally E2E = new Tally();
    private static final Tally CYCLONUS = new Tally();

    private static Path corpus() {
        String configured = System.getProperty("netprove.shared");
        Path shared = configured != null ? Paths.get(configured) : Paths.get("..", "..", "shared");
        Path netpol = shared.resolve("corpus").resolve("netpol");
        if (!Files.isDirectory(netpol)) {
            System.err.println("SKIPPED: the NetworkPolicy conformance test needs ../shared/corpus/netpol, which is "
                    + "not present at " + netpol.toAbsolutePath().normalize());
            return null;
        }
        return netpol;
    }

    // ---- Kubernetes e2e cases ----

    @TestFactory
    Stream<DynamicTest> everyKubernetesE2eMatrix() throws IOException {
        Path netpol = corpus();
        Assumptions.assumeTrue(netpol != null, "../shared/corpus/netpol is not present: conformance test skipped");
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(netpol.resolve("k8s-e2e"))) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        int[] rows = new int[1];
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : cases) {
            tests.add(DynamicTest.dynamicTest(dir.getFileName().toString(), () -> rows[0] += checkE2eCase(dir)));
        }
        tests.add(DynamicTest.dynamicTest("the corpus has the 10 e2e cases",
                () -> assertEquals(10, cases.size(), "e2e cases in " + netpol)));
        tests.add(DynamicTest.dynamicTest("every e2e cell matched", () -> {
            System.err.println("NetworkPolicy conformance, Kubernetes e2e: " + E2E.matched + " of " + rows[0]
                    + " cells matched in " + cases.size() + " matrices, " + E2E.setAside + " set aside");
            assertEquals(rows[0], E2E.matched);
            assertTrue(E2E.matched > 0);
        }));
        return tests.stream();
    }

    /** Checks one e2e case; returns the number of cells in its matrix. */
    private static int checkE2eCase(Path dir) throws IOException {
        ClusterObjects read = new ManifestReader().read(List.of(dir.resolve("pods.yaml"), dir.resolve("policy.yaml")));
        ClusterObjects cluster = withAddresses(read);
        NetworkPolicyEngine engine = NetworkPolicyEngine.of(cluster);
        assertEquals(List.of(), engine.diagnostics(), "no warnings for the e2e policies");

        Map<String, Boolean> expected = new LinkedHashMap<>();
        for (String[] row : tsv(dir.resolve("expected.tsv"), "from", "to", "protocol", "port", "connected")) {
            assertEquals("TCP", row[2]);
            assertEquals("80", row[3]);
            expected.put(row[0] + " -> " + row[1], Boolean.parseBoolean(row[4]));
        }
        Map<String, Boolean> actual = new LinkedHashMap<>();
        List<String> disagreements = new ArrayList<>();
        for (Pod from : cluster.pods()) {
            for (Pod to : cluster.pods()) {
                String key = from.metadata().qualifiedName() + " -> " + to.metadata().qualifiedName();
                actual.put(key, connected(engine, from, to, Protocol.TCP, 80, disagreements, key).allowed());
            }
        }
        assertEquals(List.of(), disagreements, "the four ways of answering agree");
        assertEquals(expected.keySet(), actual.keySet(), "the matrix covers every ordered pod pair");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : expected.entrySet()) {
            if (e.getValue().equals(actual.get(e.getKey()))) {
                E2E.matched++;
            } else {
                wrong.add(e.getKey() + ": expected " + e.getValue() + ", got " + actual.get(e.getKey()));
            }
        }
        assertEquals(List.of(), wrong, dir.getFileName() + " matrix");
        return expected.size();
    }

    /** The e2e pods.yaml has no status: gives pod i of namespace n the address 10.244.n.(10 + i). */
    private static ClusterObjects withAddresses(ClusterObjects read) {
        List<String> namespaces = read.namespaceNames();
        Map<String, Integer> perNamespace = new LinkedHashMap<>();
        List<KubeObject> objects = new ArrayList<>(read.namespaces());
        for (Pod p : read.pods()) {
            int n = namespaces.indexOf(p.namespace());
            int i = perNamespace.merge(p.namespace(), 1, Integer::sum);
            IpAddress ip = IpAddress.parse("10.244." + n + "." + (10 + i));
            objects.add(readdressed(p, ip));
        }
        objects.addAll(read.networkPolicies());
        return ClusterObjects.of(objects, List.of(), read.diagnostics(), read.sources());
    }

    private static Pod readdressed(Pod p, IpAddress ip) {
        return new Pod(p.metadata(), p.location(), p.nodeName(), p.hostNetwork(), List.of(ip), p.hostIPs(),
                p.phase(), p.containers(), p.ready());
    }

    /**
     * The decision from {@code from} to {@code to}, after checking that the pod-level answer, the address-level
     * answer, the set answers and the boxes agree (disagreements are added to {@code disagreements}).
     */
    private static PolicyDecision connected(NetworkPolicyEngine engine, Pod from, Pod to, Protocol protocol, int port,
                                            List<String> disagreements, String key) {
        PolicyDecision byPod = engine.decide(engine.endpoint(from), engine.endpoint(to), protocol, port);
        IpAddress src = from.podIP().orElseThrow();
        IpAddress dst = to.podIP().orElseThrow();
        PolicyDecision byAddress = engine.decide(src, dst, protocol, port);
        boolean ingressBySet = engine.allowedSources(to, AddressFamily.IPV4, protocol, port)
                .contains(src.hi(), src.lo());
        boolean egressBySet = engine.allowedDestinations(from, AddressFamily.IPV4, protocol, port)
                .contains(dst.hi(), dst.lo());
        boolean ingressByBox = admittedByABox(engine.ingress(to, AddressFamily.IPV4), src, protocol, port);
        boolean egressByBox = admittedByABox(engine.egress(from, AddressFamily.IPV4), dst, protocol, port);
        if (byPod.allowed() != engine.allows(from, to, protocol, port)) {
            disagreements.add(key + ": allows() differs from " + byPod);
        }
        if (byPod.ingress().allows() != byAddress.ingress().allows()
                || byPod.egress().allows() != byAddress.egress().allows()) {
            disagreements.add(key + ": by pod " + byPod + " / by address " + byAddress);
        }
        if (ingressBySet != byAddress.ingress().allows() || egressBySet != byAddress.egress().allows()) {
            disagreements.add(key + ": by address " + byAddress + " / by set ingress " + ingressBySet
                    + ", egress " + egressBySet);
        }
        if (ingressByBox != ingressBySet || egressByBox != egressBySet) {
            disagreements.add(key + ": by box ingress " + ingressByBox + ", egress " + egressByBox);
        }
        return byPod;
    }

    /** True if the allowance is unrestricted or one of its boxes, read directly, admits the packet. */
    private static boolean admittedByABox(Allowance allowance, IpAddress peer, Protocol protocol, int port) {
        if (allowance instanceof Allowance.Unrestricted) {
            return true;
        }
        for (PeerBox b : ((Allowance.Restricted) allowance).boxes()) {
            if (b.admits(peer, protocol, port)) {
                return true;
            }
        }
        return false;
    }

    // ---- cyclonus simple example ----

    @TestFactory
    Stream<DynamicTest> cyclonusSimpleExample() throws IOException {
        Path netpol = corpus();
        Assumptions.assumeTrue(netpol != null, "../shared/corpus/netpol is not present: conformance test skipped");
        Path dir = netpol.resolve("cyclonus-simple-example");
        JsonNode probe = new ObjectMapper().readTree(dir.resolve("probe.json").toFile());
        ClusterObjects policyFile = new ManifestReader().read(dir.resolve("policy.yaml"));
        ClusterObjects asGiven = probeCluster(probe, dir.resolve("probe.json").toString(), policyFile, false);
        ClusterObjects readdressed = probeCluster(probe, dir.resolve("probe.json").toString(), policyFile, true);
        List<String[]> rows = tsv(dir.resolve("expected.tsv"), "from", "to", "protocol", "port", "ingress",
                "egress", "combined");
        return Stream.of(
                DynamicTest.dynamicTest("the example reuses the y pods' addresses for the z pods, and it is reported",
                        () -> {
                            List<Diagnostic> found = NetworkPolicyEngine.of(asGiven).diagnostics();
                            assertEquals(3, found.size(), found.toString());
                            for (Diagnostic d : found) {
                                assertTrue(d.message().contains("already the address of Pod y/"), d.message());
                            }
                        }),
                DynamicTest.dynamicTest("every cell by pod, on the example as given",
                        () -> checkCyclonus(asGiven, rows, false, null)),
                DynamicTest.dynamicTest("every cell by address and by set, with the z pods given their own addresses",
                        () -> {
                            System.err.println("NOTE: cyclonus probe.json gives the z pods the y pods' addresses; "
                                    + "the address-level check gives z/a, z/b, z/c 192.168.1.14-16 (no ipBlock of "
                                    + "the example holds either)");
                            assertEquals(List.of(), NetworkPolicyEngine.of(readdressed).diagnostics());
                            checkCyclonus(readdressed, rows, true, CYCLONUS);
                        }),
                DynamicTest.dynamicTest("the table has every pod pair for every probe",
                        () -> assertEquals(9 * 9 * probe.get("Probes").size(), rows.size())),
                DynamicTest.dynamicTest("every cyclonus cell matched or set aside", () -> {
                    System.err.println("NetworkPolicy conformance, cyclonus simple example: " + CYCLONUS.matched
                            + " of " + 3 * rows.size() + " cells (ingress, egress, combined) matched, "
                            + CYCLONUS.setAside + " set aside (probes to TCP/82, which no pod declares: cyclonus "
                            + "prints N ? N without evaluating)");
                    assertEquals(3 * rows.size(), CYCLONUS.matched + CYCLONUS.setAside);
                    assertEquals(3 * 81, CYCLONUS.setAside, "only the 81 probes to TCP/82 are set aside");
                }));
    }

    /**
     * Compares every cell of the cyclonus table; {@code tally} (null: do not count) gets the cells matched and those
     * set aside. A probe to a port the target pod does not declare is one cyclonus refuses to evaluate: it prints
     * {@code N} for ingress and combined and {@code ?} for egress. That is a property of its prober, not of
     * NetworkPolicy (which would judge the packet like any other), so those three cells are checked to be exactly
     * {@code N ? N} and set aside.
     */
    private static void checkCyclonus(ClusterObjects cluster, List<String[]> rows, boolean byAddress, Tally tally) {
        NetworkPolicyEngine engine = NetworkPolicyEngine.of(cluster);
        List<String> wrong = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        for (String[] row : rows) {
            Pod from = pod(cluster, row[0]);
            Pod to = pod(cluster, row[1]);
            Protocol protocol = Protocol.lookup(row[2]);
            int port = Integer.parseInt(row[3]);
            String key = row[0] + " -> " + row[1] + " " + row[2] + "/" + port;
            String[] want = {row[4], row[5], row[6]};
            if (!declares(to, protocol, port)) {
                if (!java.util.Arrays.equals(new String[] {"N", "?", "N"}, want)) {
                    wrong.add(key + ": a probe to an undeclared port, expected to be N ? N, is " + String.join(" ",
                            want));
                } else if (tally != null) {
                    tally.setAside += 3;
                }
                continue;
            }
            PolicyDecision d = byAddress
                    ? connected(engine, from, to, protocol, port, disagreements, key)
                    : engine.decide(engine.endpoint(from), engine.endpoint(to), protocol, port);
            String[] got = {mark(d.ingress().allows()), mark(d.egress().allows()), mark(d.allowed())};
            for (int i = 0; i < 3; i++) {
                if (want[i].equals(got[i])) {
                    if (tally != null) {
                        tally.matched++;
                    }
                } else {
                    wrong.add(key + " " + new String[] {"ingress", "egress", "combined"}[i] + ": expected "
                            + want[i] + ", got " + got[i] + " (" + d + ")");
                }
            }
        }
        assertEquals(List.of(), disagreements, "the four ways of answering agree");
        assertEquals(List.of(), wrong, "cyclonus matrix");
    }

    private static String mark(boolean allowed) {
        return allowed ? "." : "X";
    }

    private static boolean declares(Pod pod, Protocol protocol, int port) {
        for (Container c : pod.containers()) {
            for (ContainerPort p : c.ports()) {
                if (p.containerPort() == port && p.protocol().equals(protocol)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Pod pod(ClusterObjects cluster, String qualified) {
        String[] parts = qualified.split("/");
        return cluster.pod(parts[0], parts[1]).orElseThrow(() -> new AssertionError("no pod " + qualified));
    }

    /** The namespaces and pods of cyclonus' probe.json with the policies; optionally fresh addresses for the z pods. */
    private static ClusterObjects probeCluster(JsonNode probe, String file, ClusterObjects policies,
                                               boolean ownAddresses) {
        List<KubeObject> objects = new ArrayList<>();
        SourceLocation at = SourceLocation.of(file, 0);
        Iterator<Map.Entry<String, JsonNode>> namespaces = probe.get("Resources").get("Namespaces").fields();
        while (namespaces.hasNext()) {
            Map.Entry<String, JsonNode> ns = namespaces.next();
            objects.add(new Namespace(ObjectMeta.clusterScoped(ns.getKey(), labels(ns.getValue())), at));
        }
        int fresh = 14;
        for (JsonNode p : probe.get("Resources").get("Pods")) {
            List<Container> containers = new ArrayList<>();
            for (JsonNode c : p.get("Containers")) {
                ContainerPort port = new ContainerPort(Optional.of(c.get("PortName").asText()), c.get("Port").asInt(),
                        Protocol.lookup(c.get("Protocol").asText()), 0, Optional.empty());
                containers.add(new Container(c.get("Name").asText(), List.of(port), false));
            }
            String namespace = p.get("Namespace").asText();
            IpAddress ip = ownAddresses && namespace.equals("z")
                    ? IpAddress.parse("192.168.1." + fresh++)
                    : IpAddress.parse(p.get("IP").asText());
            objects.add(new Pod(ObjectMeta.namespaced(namespace, p.get("Name").asText(), labels(p.get("Labels"))), at,
                    Optional.empty(), false, List.of(ip), List.of(), Optional.of(PodPhase.RUNNING), containers,
                    Optional.empty()));
        }
        objects.addAll(policies.networkPolicies());
        return ClusterObjects.of(objects, List.of(), policies.diagnostics(), List.of(file));
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The rows of a TSV file whose header is {@code columns}. */
    private static List<String[]> tsv(Path file, String... columns) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertEquals(String.join("\t", columns), lines.get(0), "header of " + file);
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            assertEquals(columns.length, cells.length, "cells in '" + line + "' of " + file);
            rows.add(cells);
        }
        return rows;
    }
}
