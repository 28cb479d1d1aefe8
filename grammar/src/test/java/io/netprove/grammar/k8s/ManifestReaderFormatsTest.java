package io.netprove.grammar.k8s;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.IgnoredObject;
import io.netprove.model.k8s.Namespace;
import io.netprove.model.k8s.KubeObject;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** File formats: kubectl List output, typed lists, multi-document YAML, JSON, anchors, directories. */
class ManifestReaderFormatsTest {

    private static List<String> names(List<? extends KubeObject> objects) {
        List<String> out = new ArrayList<>();
        for (KubeObject o : objects) {
            out.add(o.name());
        }
        return out;
    }

    @Test
    void kubectlListItemsAreReadAtTheirOwnLines() {
        ClusterObjects c = Fixtures.read("formats/kubectl-list.yaml");
        Service kubernetes = c.service("default", "kubernetes").orElseThrow();
        assertEquals(3, kubernetes.location().line());
        assertEquals(3, kubernetes.location().column());
        assertEquals(List.of(IpAddress.parse("10.96.0.1")), kubernetes.clusterIPs());
        assertEquals(PortReference.of(6443), kubernetes.ports().get(0).targetPort());
        List<IgnoredObject> ignored = c.ignored();
        assertEquals(2, ignored.size());
        assertEquals("Deployment", ignored.get(0).kind());
        assertEquals("apps/v1", ignored.get(0).apiVersion());
        assertEquals(Optional.of("shop"), ignored.get(0).namespace());
        assertEquals(Optional.of("web"), ignored.get(0).name());
        assertEquals(28, ignored.get(0).location().line());
        assertEquals("ConfigMap", ignored.get(1).kind());
        assertEquals(35, ignored.get(1).location().line());
        assertEquals(List.of(), c.diagnostics());
    }

    @Test
    void typedListItemsInheritKindAndApiVersion() {
        ClusterObjects c = Fixtures.read("formats/typed-list.json");
        assertEquals(List.of("a", "b"), names(c.pods()));
        Pod a = c.pods().get(0);
        assertEquals(new SourceLocation(a.location().file(), 6, 5), a.location());
        assertEquals(List.of(IpAddress.parse("10.244.1.5")), a.podIPs());
        assertEquals(11, c.pods().get(1).location().line());
        assertEquals(Optional.of("node-b"), c.pods().get(1).nodeName());
    }

    @Test
    void multiDocumentYamlSkipsEmptyDocumentsAndKeepsOtherKindsAsIgnored() {
        ClusterObjects c = Fixtures.read("formats/multi-doc.yaml");
        assertEquals(List.of("one", "two"), names(c.namespaces()));
        assertEquals(3, c.namespaces().get(0).location().line());
        assertEquals(12, c.namespaces().get(1).location().line());
        List<String> ignored = new ArrayList<>();
        for (IgnoredObject o : c.ignored()) {
            ignored.add(o.kind() + "@" + o.location().line());
        }
        assertEquals(List.of("Deployment@18", "Service@24", "Widget@29"), ignored,
                "a Knative Service (another API group) is not a core Service");
        assertEquals(List.of(), c.diagnostics());
    }

    @Test
    void singleJsonObject() {
        ClusterObjects c = Fixtures.read("formats/single.json");
        Namespace ns = c.namespace("from-json").orElseThrow();
        assertEquals(Map.of("env", "prod", Namespace.NAME_LABEL, "from-json"), ns.labels());
        assertEquals(1, ns.location().line());
    }

    @Test
    void jsonListFollowedByAnotherJsonObject() {
        ClusterObjects c = Fixtures.read("formats/list.json");
        assertEquals(List.of("n1", "n2", "n3"), names(c.namespaces()));
        List<Integer> lines = new ArrayList<>();
        for (Namespace n : c.namespaces()) {
            lines.add(n.location().line());
        }
        assertEquals(List.of(2, 3, 5), lines);
    }

    @Test
    void yamlAnchorsAliasesAndMergeKeysAreResolved() {
        Service s = Fixtures.read("formats/anchors.yaml").service("default", "with-anchors").orElseThrow();
        assertEquals(Map.of("app", "web", "tier", "front"), s.selector());
        assertEquals(s.labels(), s.selector());
        assertEquals(List.of(
                new ServicePort("http", Protocol.TCP, 80, PortReference.of(80), 0, Optional.empty()),
                new ServicePort("alt", Protocol.TCP, 8080, PortReference.of(8080), 0, Optional.empty())),
                s.ports(), "the merged mapping's keys yield to the explicit ones");
    }

    @Test
    void directoriesAreReadInSortedOrderAndDeterministically() {
        ClusterObjects first = new ManifestReader().read(Fixtures.path("formats"));
        List<String> files = new ArrayList<>();
        for (String s : first.sources()) {
            files.add(Path.of(s).getFileName().toString());
        }
        assertEquals(List.of("anchors.yaml", "kubectl-list.yaml", "list.json", "multi-doc.yaml", "single.json",
                "typed-list.json"), files);
        assertEquals(first, new ManifestReader().read(Fixtures.path("formats")));
    }

    @Test
    void directoryWalkSkipsHiddenAndNonManifestFilesButAnExplicitFileIsAlwaysRead(@TempDir Path dir)
            throws IOException {
        String ns = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n";
        Files.createDirectories(dir.resolve("sub"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve("b.yml"), String.format(ns, "b"));
        Files.writeString(dir.resolve("sub/a.YAML"), String.format(ns, "a"));
        Files.writeString(dir.resolve(".git/c.yaml"), String.format(ns, "c"));
        Files.writeString(dir.resolve("notes.txt"), String.format(ns, "d"));
        ClusterObjects c = new ManifestReader().read(dir);
        assertEquals(List.of("b", "a"), names(c.namespaces()), "b.yml sorts before sub/a.YAML");
        ClusterObjects explicit = new ManifestReader().read(dir.resolve("notes.txt"));
        assertEquals(List.of("d"), names(explicit.namespaces()));
    }

    @Test
    void aFileWithoutObjectsIsReportedNotSilentlyAccepted() {
        ClusterObjects c = new ManifestReader().readText("empty.yaml", "# nothing here\n---\n");
        assertEquals(ClusterObjects.EMPTY.all(), c.all());
        assertEquals(1, c.diagnostics().size());
        Diagnostic d = c.diagnostics().get(0);
        assertEquals("empty.yaml", d.location().file());
        assertTrue(d.message().contains("no Kubernetes objects"), d.message());
    }

    @Test
    void anEmptyListHasNoObjectsAndIsNotAnIgnoredObject() {
        ClusterObjects c = new ManifestReader().readText("l.yaml", "apiVersion: v1\nkind: List\nitems: []\n");
        assertEquals(List.of(), c.all());
        assertEquals(List.of(), c.ignored());
        ClusterObjects noItems = new ManifestReader().readText("l.yaml", "apiVersion: v1\nkind: List\n");
        assertEquals(List.of(), noItems.ignored());
    }

    @Test
    void aZeroOrEmptyTargetPortDefaultsToThePort() {
        String text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n"
                + "  - {name: a, port: 80, targetPort: 0}\n  - {name: b, port: 81, targetPort: \"\"}\n";
        Service s = new ManifestReader().readText("s.yaml", text).services().get(0);
        assertEquals(PortReference.of(80), s.ports().get(0).targetPort());
        assertEquals(PortReference.of(81), s.ports().get(1).targetPort());
    }

    @Test
    void theDefaultNamespaceCanBeChosen() {
        String pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n";
        ClusterObjects c = new ManifestReader(ManifestReader.Limits.DEFAULT, "team-a").readText("p.yaml", pod);
        assertEquals("team-a", c.pods().get(0).namespace());
        assertEquals(List.of("team-a"), c.namespaceNames());
        assertEquals(Optional.of(Map.of(Namespace.NAME_LABEL, "team-a")), c.namespaceLabels("team-a"),
                "a namespace no manifest describes still has its name label");
    }

    @Test
    void yamlBooleanWordsAndHexIntegersFollowYaml11AsKubernetesDoes() {
        String text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: yes\n"
                + "  containers:\n  - name: c\n    ports:\n    - containerPort: 0x1F90\n";
        Pod p = new ManifestReader().readText("p.yaml", text).pods().get(0);
        assertTrue(p.hostNetwork());
        assertEquals(8080, p.containers().get(0).ports().get(0).containerPort());
    }

    @Test
    void aByteOrderMarkIsAccepted() {
        ClusterObjects c = new ManifestReader().readText("bom.json",
                "\uFEFF{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"x\"}}");
        assertEquals(List.of("x"), names(c.namespaces()));
    }
}
