package io.netprove.grammar.k8s;

import io.netprove.grammar.InputError;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input: each case must give one {@link InputError} with the place (file:line:col) and what was expected,
 * never a stack trace from a library and never a silent pass.
 */
class ManifestReaderErrorsTest {

    private static final String NS = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n";

    private static InputError error(String name, String text) {
        return error(new ManifestReader(), name, text);
    }

    private static InputError error(ManifestReader reader, String name, String text) {
        InputError e = assertThrows(InputError.class, () -> reader.readText(name, text));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(e.getMessage().contains("com.fasterxml") || e.getMessage().contains("org.yaml"),
                "no library internals: " + e.getMessage());
        return e;
    }

    private static void assertAt(InputError e, String file, int line, int column) {
        assertEquals(new SourceLocation(file, line, column), e.location(), e.getMessage());
    }

    private static void assertReason(InputError e, String fragment) {
        assertTrue(e.reason().contains(fragment), "expected '" + fragment + "' in: " + e.reason());
    }

    // ---- text that is not YAML or JSON -------------------------------------------------------------------------

    @Test
    void yamlSyntaxErrorNamesTheProblemAndWhere() {
        InputError e = error("bad.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: name: x\n");
        assertAt(e, "bad.yaml", 3, 15);
        assertReason(e, "invalid YAML: mapping values are not allowed here");
    }

    @Test
    void unterminatedFlowMappingIsReportedAtTheEndOfTheText() {
        InputError e = error("bad.yaml", NS + "  labels: {a: b\n");
        assertAt(e, "bad.yaml", 6, 1);
        assertReason(e, "invalid YAML: expected ',' or '}'");
    }

    @Test
    void invalidJson() {
        InputError e = error("bad.json", "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\",, }");
        assertAt(e, "bad.json", 1, 42);
        assertReason(e, "invalid JSON: Unexpected character (','");
    }

    @Test
    void aJsonFileHoldingYamlIsNotJson() {
        InputError e = error("yaml-in.json", NS);
        assertAt(e, "yaml-in.json", 1, 11);
        assertReason(e, "invalid JSON");
    }

    // ---- documents that are not Kubernetes objects --------------------------------------------------------------

    @Test
    void plainTextIsAScalarDocumentNotAnObject() {
        InputError e = error("readme.yaml", "This is not a manifest.\n");
        assertAt(e, "readme.yaml", 1, 1);
        assertEquals("not a Kubernetes object: expected apiVersion and kind, got the string 'This is not a "
                + "manifest.'", e.reason());
    }

    @Test
    void aTopLevelListIsNotAnObject() {
        InputError e = error("list.yaml", NS + "---\n- apiVersion: v1\n  kind: Namespace\n");
        assertAt(e, "list.yaml", 6, 1);
        assertReason(e, "not a Kubernetes object: expected apiVersion and kind, got a list");
    }

    @Test
    void aMappingWithoutKindIsNotAnObject() {
        InputError e = error("nokind.yaml", NS + "---\n# second\napiVersion: v1\nmetadata:\n  name: x\n");
        assertAt(e, "nokind.yaml", 7, 1);
        assertEquals("not a Kubernetes object: expected apiVersion and kind (kind missing)", e.reason());
    }

    @Test
    void aListItemWithoutApiVersionIsReportedAtTheItem() {
        InputError e = error("list.yaml", "apiVersion: v1\nkind: List\nitems:\n- kind: Namespace\n  metadata:\n"
                + "    name: x\n");
        assertAt(e, "list.yaml", 4, 3);
        assertReason(e, "(apiVersion missing)");
    }

    @Test
    void aListWhoseItemsAreNotAListIsAnError() {
        InputError e = error("list.yaml", "apiVersion: v1\nkind: List\nitems:\n  name: x\n");
        assertAt(e, "list.yaml", 4, 3);
        assertEquals("items: expected a list, got a mapping", e.reason());
    }

    // ---- resource limits ----------------------------------------------------------------------------------------

    @Test
    void billionLaughsIsStoppedByTheAliasLimit() {
        StringBuilder text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n");
        text.append("  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        String previous = "a";
        for (String n : new String[] {"b", "c", "d", "e", "f", "g", "h", "i"}) {
            text.append("  ").append(n).append(": &").append(n).append(" [");
            for (int k = 0; k < 9; k++) {
                text.append(k == 0 ? "" : ",").append('*').append(previous);
            }
            text.append("]\n");
            previous = n;
        }
        InputError e = error("lol.yaml", text.toString());
        // Aliases 1-45 are on the lines of b..f (9 each); the 51st is the sixth alias on g's line.
        assertEquals(12, e.location().line());
        assertReason(e, "more than 50 YAML aliases");
        assertReason(e, "billion laughs");
    }

    @Test
    void aFewAliasesAreFine() {
        ClusterObjects c = new ManifestReader().readText("ok.yaml",
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n  labels: &l {a: b}\n  annotations: *l\n");
        assertEquals("b", c.namespaces().get(0).metadata().annotations().get("a"));
    }

    @Test
    void deepYamlNestingIsRefused() {
        StringBuilder text = new StringBuilder(NS + "  annotations:\n");
        String indent = "    ";
        for (int i = 0; i < 100; i++) {
            text.append(indent).append("k").append(i).append(":\n");
            indent += "  ";
        }
        text.append(indent).append("leaf: 1\n");
        InputError e = error("deep.yaml", text.toString());
        assertReason(e, "nesting deeper than 64 levels");
        // metadata is level 2, annotations 3, k0 4: the mapping opened under k61 is level 65.
        assertEquals(5 + 62 + 1, e.location().line());
    }

    @Test
    void deepJsonNestingIsRefused() {
        String text = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"x\",\"a\":"
                + "[".repeat(100) + "]".repeat(100) + "}}";
        InputError e = error("deep.json", text);
        assertReason(e, "nesting deeper than 64 levels");
        assertEquals(1, e.location().line());
        // Levels: object 1, metadata 2, then the 63rd '[' is level 65.
        assertEquals(text.indexOf('[') + 63, e.location().column());
    }

    @Test
    void aHugeYamlDocumentIsRefusedButTheLimitIsPerDocument() {
        ManifestReader small = new ManifestReader(new ManifestReader.Limits(64, 50, 2000), "default");
        String big = NS + "  annotations:\n    a: \"" + "x".repeat(3000) + "\"\n";
        InputError e = error(small, "big.yaml", big);
        assertEquals("big.yaml", e.location().file());
        assertReason(e, "YAML document is longer than 2000 code points");
        String fits = NS + "  annotations:\n    a: \"" + "x".repeat(1500) + "\"\n";
        ClusterObjects two = small.readText("two.yaml", fits + "---\n" + fits.replace("name: ns", "name: ns2"));
        assertEquals(2, two.namespaces().size());
    }

    @Test
    void aHugeJsonTextIsRefused() {
        ManifestReader small = new ManifestReader(new ManifestReader.Limits(64, 50, 2000), "default");
        String big = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"x\",\"annotations\":"
                + "{\"a\":\"" + "x".repeat(3000) + "\"}}}";
        InputError e = error(small, "big.json", big);
        assertAt(e, "big.json", 1, 2001);
        assertReason(e, "JSON text is longer than 2000 characters");
    }

    @Test
    void theDefaultLimitsAreWellBelowOneHundredLevels() {
        assertEquals(64, ManifestReader.Limits.DEFAULT.maxNestingDepth());
        assertEquals(50, ManifestReader.Limits.DEFAULT.maxCollectionAliases());
    }

    // ---- binary garbage -----------------------------------------------------------------------------------------

    @Test
    void binaryFilesAreRefusedBeforeParsing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("garbage.yaml");
        Files.write(file, new byte[] {'a', 'p', 'i', ':', '\n', 'k', 0, 1, 2, (byte) 0xff});
        InputError e = assertThrows(InputError.class, () -> new ManifestReader().read(file));
        assertAt(e, file.toString(), 2, 2);
        assertReason(e, "binary data (NUL byte)");

        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        InputError e2 = assertThrows(InputError.class, () -> new ManifestReader().read(latin1));
        assertAt(e2, latin1.toString(), 4, 12);
        assertReason(e2, "invalid UTF-8");
    }

    @Test
    void controlCharactersAreNotYaml() {
        InputError e = error("ctrl.yaml", "apiVersion: v1\nkind: Name\u0001space\n");
        assertAt(e, "ctrl.yaml", 2, 11);
        assertReason(e, "character U+0001 is not allowed in YAML");
    }

    @Test
    void aMissingFileIsAnInputError(@TempDir Path dir) {
        InputError e = assertThrows(InputError.class, () -> new ManifestReader().read(dir.resolve("nope.yaml")));
        assertReason(e, "no such file");
    }

    // ---- YAML structure ------------------------------------------------------------------------------------------

    @Test
    void unknownAliasesAreErrorsNotStrings() {
        InputError e = error("alias.yaml", NS + "  labels: *common\n");
        assertAt(e, "alias.yaml", 5, 11);
        assertReason(e, "unknown YAML alias '*common'");
    }

    @Test
    void duplicateKeysAreRejected() {
        InputError e = error("dup.yaml", NS + "  name: other\n");
        assertAt(e, "dup.yaml", 5, 3);
        assertEquals("duplicate key 'name' (first at line 4): expected each key once per mapping", e.reason());
        InputError json = error("dup.json", "{\"apiVersion\":\"v1\",\"apiVersion\":\"v2\"}");
        assertAt(json, "dup.json", 1, 20);
    }

    // ---- objects of known kinds with missing or invalid fields ---------------------------------------------------

    @Test
    void missingNameNamesTheField() {
        InputError e = error("noname.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  namespace: x\nspec:\n"
                + "  ports: [{port: 80}]\n");
        assertAt(e, "noname.yaml", 4, 3);
        assertEquals("metadata.name is missing: expected the Service's name", e.reason());
        InputError noMeta = error("nometa.yaml", "apiVersion: v1\nkind: Namespace\n");
        assertAt(noMeta, "nometa.yaml", 1, 1);
        assertReason(noMeta, "metadata is missing");
        InputError generated = error("gen.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: web-\n");
        assertReason(generated, "generateName is not supported");
    }

    @Test
    void invalidNamesAreRejected() {
        InputError e = error("name.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Shop_1\n");
        assertAt(e, "name.yaml", 4, 9);
        assertReason(e, "metadata.name: expected a DNS label");
    }

    @Test
    void labelValuesMustBeStringsAndValid() {
        InputError number = error("l.yaml", NS + "  labels:\n    version: 1\n");
        assertAt(number, "l.yaml", 6, 14);
        assertEquals("metadata.labels.version: expected a string, got the number 1 (quote it to make it a string)",
                number.reason());
        InputError bad = error("l.yaml", NS + "  labels:\n    version: \"-v1\"\n");
        assertAt(bad, "l.yaml", 6, 5);
        assertReason(bad, "expected a label value");
    }

    @Test
    void aQuotedNumberIsNotAPortNumber() {
        InputError e = error("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
                + "  - name: c\n    ports:\n    - containerPort: \"8080\"\n");
        assertAt(e, "p.yaml", 9, 22);
        assertEquals("spec.containers[0].ports[0].containerPort: expected an integer from 1 to 65535, got the "
                + "string '8080' (remove the quotes)", e.reason());
    }

    @Test
    void protocolsAreCaseSensitive() {
        InputError e = error("s.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n"
                + "  - port: 80\n    protocol: tcp\n");
        assertAt(e, "s.yaml", 8, 15);
        assertReason(e, "spec.ports[0].protocol: expected TCP, UDP or SCTP, got 'tcp'");
    }

    @Test
    void aPodNeedsContainers() {
        InputError e = error("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  nodeName: n\n");
        assertAt(e, "p.yaml", 6, 3);
        assertEquals("spec.containers is missing: expected at least one container", e.reason());
    }

    @Test
    void unsupportedVersionOfAKnownKindIsAnErrorNotIgnored() {
        InputError e = error("v.yaml", "apiVersion: discovery.k8s.io/v1beta1\nkind: EndpointSlice\nmetadata:\n"
                + "  name: s\naddressType: IPv4\n");
        assertAt(e, "v.yaml", 1, 13);
        assertReason(e, "expected discovery.k8s.io/v1 for kind EndpointSlice");
    }

    @Test
    void duplicateObjectsAreRejected() {
        InputError e = error("twice.yaml", NS + "---\n" + NS);
        assertAt(e, "twice.yaml", 6, 1);
        assertEquals("duplicate Namespace ns (first defined at twice.yaml:1:1): expected each object once",
                e.reason());
    }

    // ---- Service validation -------------------------------------------------------------------------------------

    private static String service(String spec) {
        return "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n" + spec;
    }

    @Test
    void serviceValidation() {
        assertReason(error("s.yaml", service("  selector: {app: x}\n")),
                "spec.ports is missing: expected at least one port");
        assertReason(error("s.yaml", service("  type: NodePort\n  clusterIP: None\n  ports: [{port: 80}]\n")),
                "'None' (headless) is only allowed for type ClusterIP");
        InputError nodePort = error("s.yaml", service("  ports:\n  - port: 80\n    nodePort: 30080\n"));
        assertAt(nodePort, "s.yaml", 8, 15);
        assertReason(nodePort, "expected no nodePort for type ClusterIP");
        assertReason(error("s.yaml", service("  type: LoadBalancer\n  healthCheckNodePort: 32000\n"
                + "  ports: [{port: 80}]\n")), "expected only for type LoadBalancer with externalTrafficPolicy Local");
        assertReason(error("s.yaml", service("  type: ExternalName\n")), "spec.externalName is missing");
        assertReason(error("s.yaml", service("  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n")),
                "expected only for NodePort and LoadBalancer services");
        assertReason(error("s.yaml", service("  ports:\n  - port: 80\n  - port: 81\n")),
                "spec.ports[0].name is missing: expected a port name (required when a service has more than one port)");
        assertReason(error("s.yaml", service("  ports:\n  - {name: a, port: 80}\n  - {name: b, port: 80}\n")),
                "80/tcp is also used by ports[0]");
        assertReason(error("s.yaml", service("  ports: [{port: 80, targetPort: \"8080\"}]\n")),
                "a number in quotes");
        assertReason(error("s.yaml", service("  clusterIP: 10.96.0.1\n  clusterIPs: [10.96.0.2]\n"
                + "  ports: [{port: 80}]\n")), "expected the first entry to equal clusterIP");
        assertReason(error("s.yaml", service("  loadBalancerSourceRanges: [10.0.0.0/8]\n  ports: [{port: 80}]\n")),
                "expected only for type LoadBalancer");
    }

    // ---- NetworkPolicy validation --------------------------------------------------------------------------------

    private static String policy(String spec) {
        return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\n  namespace: db\n"
                + "spec:\n  podSelector: {}\n" + spec;
    }

    @Test
    void ipBlockExceptOutsideTheCidr() {
        InputError e = error("np.yaml", policy("  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.0.0.0/16\n"
                + "        except: [10.0.1.0/24, 192.168.0.0/24]\n"));
        assertAt(e, "np.yaml", 12, 31);
        assertEquals("spec.ingress[0].from[0].ipBlock.except[1]: expected a strict subset of cidr 10.0.0.0/16, "
                + "got 192.168.0.0/24", e.reason());
        assertReason(error("np.yaml", policy("  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.0.0.0/16\n"
                + "        except: [10.0.0.0/16]\n")), "expected a strict subset");
        assertReason(error("np.yaml", policy("  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.0.0.0\n")),
                "expected a CIDR block such as 10.0.0.0/16, got '10.0.0.0'");
    }

    @Test
    void endPortWithANamedPort() {
        InputError e = error("np.yaml", policy("  egress:\n  - ports:\n    - port: http\n      endPort: 90\n"));
        assertAt(e, "np.yaml", 11, 16);
        assertReason(e, "spec.egress[0].ports[0].endPort: expected no endPort with the named port 'http'");
    }

    @Test
    void endPortBelowPort() {
        InputError e = error("np.yaml", policy("  egress:\n  - ports:\n    - port: 100\n      endPort: 90\n"));
        assertAt(e, "np.yaml", 11, 16);
        assertEquals("spec.egress[0].ports[0].endPort: expected a value greater than or equal to port (100), got 90",
                e.reason());
        assertReason(error("np.yaml", policy("  egress:\n  - ports:\n    - endPort: 90\n")),
                "expected no endPort when port is not specified");
    }

    @Test
    void invalidSelectorOperator() {
        InputError e = error("np.yaml", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n"
                + "  name: np\nspec:\n  podSelector:\n    matchExpressions:\n    - key: app\n      operator: Equals\n"
                + "      values: [web]\n");
        assertAt(e, "np.yaml", 9, 17);
        assertEquals("spec.podSelector.matchExpressions[0].operator: expected one of In, NotIn, Exists, "
                + "DoesNotExist, got 'Equals'", e.reason());
    }

    @Test
    void selectorOperatorsAndTheirValues() {
        String base = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n"
                + "  podSelector:\n    matchExpressions:\n";
        assertReason(error("np.yaml", base + "    - {key: app, operator: In}\n"),
                "values is missing: expected at least one value when the operator is In");
        assertReason(error("np.yaml", base + "    - {key: app, operator: Exists, values: [x]}\n"),
                "expected no values when the operator is Exists");
    }

    @Test
    void peerShapes() {
        InputError both = error("np.yaml", policy("  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8}\n"
                + "      podSelector: {}\n"));
        assertAt(both, "np.yaml", 10, 7);
        assertReason(both, "either ipBlock or selectors, not both");
        InputError empty = error("np.yaml", policy("  ingress:\n  - from:\n    - {}\n"));
        assertAt(empty, "np.yaml", 10, 7);
        assertReason(empty, "spec.ingress[0].from[0]: expected a peer");
    }

    @Test
    void policyTypesValues() {
        assertReason(error("np.yaml", policy("  policyTypes: [Ingress, Outgoing]\n")),
                "expected Ingress or Egress, got 'Outgoing'");
    }

    @Test
    void unknownNetworkPolicyFieldsAreWarnedAbout() {
        ClusterObjects c = new ManifestReader().readText("np.yaml", policy("  ingres:\n  - {}\n"));
        Diagnostic d = c.diagnostics().get(0);
        assertEquals(new SourceLocation("np.yaml", 8, 3), d.location());
        assertEquals("spec.ingres: unknown field, ignored (check the spelling)", d.message());
    }

    // ---- EndpointSlice and Ingress validation -------------------------------------------------------------------

    @Test
    void endpointSliceAddressesMustMatchTheAddressType() {
        InputError e = error("es.yaml", "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n"
                + "  name: s\naddressType: IPv4\nendpoints:\n- addresses: [\"fd00::1\"]\n");
        assertAt(e, "es.yaml", 7, 15);
        assertReason(e, "endpoints[0].addresses[0]: expected an IPv4 address for addressType IPv4");
        assertReason(error("es.yaml", "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n"
                + "  name: s\n"), "addressType is missing");
    }

    @Test
    void ingressValidation() {
        String head = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\n";
        InputError noType = error("i.yaml", head + "spec:\n  rules:\n  - http:\n      paths:\n      - path: /\n"
                + "        backend:\n          service: {name: web, port: {number: 80}}\n");
        assertAt(noType, "i.yaml", 9, 9);
        assertEquals("spec.rules[0].http.paths[0].pathType is missing: expected Exact, Prefix or "
                + "ImplementationSpecific", noType.reason());
        assertReason(error("i.yaml", head + "  annotations: {kubernetes.io/ingress.class: a}\nspec:\n"
                + "  ingressClassName: b\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n"),
                "expected the same class as the kubernetes.io/ingress.class annotation");
        assertReason(error("i.yaml", head + "spec:\n  tls: []\n"), "rules or a defaultBackend");
        assertReason(error("i.yaml", head + "spec:\n  defaultBackend: {service: {name: web, port: {}}}\n"),
                "expected a port number or a port name");
        assertReason(error("i.yaml", head + "spec:\n  rules:\n  - host: 10.0.0.1\n"), "not an IP address");
        assertReason(error("i.yaml", head + "spec:\n  rules:\n  - http:\n      paths:\n      - path: api\n"
                + "        pathType: Prefix\n        backend: {service: {name: web, port: {number: 80}}}\n"),
                "expected an absolute path");
    }
}
