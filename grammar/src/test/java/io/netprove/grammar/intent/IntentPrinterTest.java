package io.netprove.grammar.intent;

import io.netprove.model.intent.BuiltinZone;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.LabelRequirement;
import io.netprove.model.intent.LabelSelector;
import io.netprove.model.intent.Statement;
import io.netprove.model.intent.ZoneDef;
import io.netprove.model.intent.ZoneExpr;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link IntentPrinter}: the printed text of an intent reads back as the same intent (locations, statement texts and
 * the list of files aside), for the shop example, every corpus scenario, the language test file and hand-written
 * cases that need quoting or brackets; models the language cannot write are refused.
 */
class IntentPrinterTest {

    private static final Path ROOT = Paths.get(System.getProperty("netprove.root", ".."));

    private static Intent read(String text) {
        return IntentReader.read(Path.of("/work/t.np"), text);
    }

    @Test
    void theShopExampleRoundTripsAndKeepsItsStatementTexts() {
        Path file = ROOT.resolve("examples/shop/intent.np");
        Intent intent = IntentReader.read(file);
        String printed = IntentRoundTrip.assertRoundTrips(intent, file);
        for (Statement s : intent.statements()) {
            assertEquals(s.text(), IntentPrinter.statement(s), "the example is written in the canonical form");
        }
        assertTrue(printed.contains("  node node-1 address 192.168.0.2 state \"nodes/node-1\"\n"), printed);
        assertTrue(printed.contains("  manifests \"cluster\"\n"), printed);
        assertFalse(printed.contains("node port range"), "the default range is left out");
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusScenarioRoundTrips() throws IOException {
        Path scenarios = ROOT.resolve("corpus/scenarios");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(scenarios)) {
            s.map(d -> d.resolve("intent.np")).filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        assertTrue(files.size() >= 20, "scenarios found: " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getParent().getFileName().toString(), () -> {
            Intent intent = IntentReader.read(f);
            IntentRoundTrip.assertRoundTrips(intent, f);
            Intent again = IntentReader.read(f, IntentPrinter.print(intent, f.getParent()));
            assertEquals(IntentRoundTrip.normal(intent), IntentRoundTrip.normal(again));
        }));
    }

    @Test
    void theLanguageTestFileWithItsIncludeRoundTripsInline() {
        Path file = Fixtures.resource("shop/shop.np");
        Intent intent = IntentReader.read(file);
        assertEquals(2, intent.files().size());
        String printed = IntentRoundTrip.assertRoundTrips(intent, file.resolveSibling("printed.np"));
        assertFalse(printed.contains("include"), printed);
        assertTrue(printed.contains("zone mixed = office, vpn, 10.9.0.0/16, pods with app.kubernetes.io/name in"
                + " (api, worker),!canary\n"), printed);
        assertTrue(printed.contains("zone frontends = pods shop/tier notin (db, cache),team,release=stable\n"),
                printed);
        assertTrue(printed.contains("\nzone office routes to 172.16.0.0/12, vpn\n"), printed);
    }

    @Test
    void ipv6AddressesKeepTheirBrackets() {
        String text = "cluster {\n  pod network 10.244.0.0/16, fd00:10:244::/56\n  service network fd00:96::/108\n"
                + "  node node-1 address fd00::2, 192.168.0.2\n  api server [fd00::2]:6443, 192.168.0.2:6443\n}\n"
                + "zone v6 = 2001:db8::/32, ::ffff:a01:203, ::\n"
                + "v6 can reach [fd00::1]:443\n"
                + "fd00::/64 cannot reach fd00:96::10 on icmpv6, tcp/1-65535\n"
                + "::1 can reach node node-1 on any\n";
        Intent intent = read(text);
        String printed = IntentRoundTrip.assertRoundTrips(intent, Path.of("/work/t.np"));
        assertTrue(printed.contains("  api server [fd00::2]:6443, 192.168.0.2:6443\n"), printed);
        assertTrue(printed.contains("\nv6 can reach [fd00::1]:443\n"), printed);
        assertTrue(printed.contains("zone v6 = 2001:db8::/32, ::ffff:a01:203, ::\n"), printed);
    }

    @Test
    void pathsWithBlanksQuotesAndBackslashesAreQuoted(@org.junit.jupiter.api.io.TempDir Path dir) {
        String text = "cluster {\n  node node-1 address 10.0.0.1 state \"my nodes/node \\\"one\\\"\"\n"
                + "  manifests \"back\\\\slash dir\", \"../elsewhere/x.yaml\", \".\"\n}\n";
        Path file = dir.resolve("sub/t.np");
        Intent intent = IntentReader.read(file, text);
        assertEquals(dir.resolve("sub/my nodes/node \"one\"").toAbsolutePath().normalize(),
                intent.cluster().orElseThrow().nodes().get(0).state().orElseThrow().path());
        String printed = IntentRoundTrip.assertRoundTrips(intent, file);
        assertTrue(printed.contains("state \"my nodes/node \\\"one\\\"\""), printed);
        assertTrue(printed.contains("manifests \"back\\\\slash dir\", \"../elsewhere/x.yaml\", \".\""), printed);
        // printed with absolute paths, the text reads the same from any folder
        String absolute = IntentPrinter.print(intent);
        assertEquals(IntentRoundTrip.normal(intent), IntentRoundTrip.normal(IntentReader.read(
                dir.resolve("other/place.np"), absolute)));
    }

    @Test
    void namesThatAreNotPlainWordsAreQuoted() {
        String text = "cluster {\n  pod network 10.244.0.0/16\n  node 10.0.0.5 address 10.0.0.5\n"
                + "  node 42 address 10.0.0.6\n"
                + "  ingress controller pods in namespace ingress with app=\"1.2.3.4\" class 7\n"
                + "  ingress controller pods in namespace 123\n}\n"
                + "zone z = pods in namespace service with tcp in (\"\", \"10.0.0.1\", via), !nodes\n"
                + "\"a \\\"quoted\\\" name: with \\\\ and # and ;\": z can reach service ingress/via:80\n"
                + "\"    blanks inside   are kept\": node 10.0.0.5 can reach node 42 on udp/53\n"
                + "plain-word: pods with k8s.io/x==y cannot reach z\n";
        Intent intent = read(text);
        String printed = IntentRoundTrip.assertRoundTrips(intent, Path.of("/work/t.np"));
        assertTrue(printed.contains("ingress controller pods ingress/app=\"1.2.3.4\" class 7\n"), printed);
        assertTrue(printed.contains("zone z = pods service/tcp in (\"\", \"10.0.0.1\", via),!nodes\n"), printed);
        assertTrue(printed.contains("\"a \\\"quoted\\\" name: with \\\\ and # and ;\": z can reach service"
                + " ingress/via:80\n"), printed);
        assertTrue(printed.contains("\"plain-word\": pods with k8s.io/x=y cannot reach z\n"), printed);
    }

    @Test
    void everyClusterSettingAndZoneFormRoundTrips() {
        String text = "cluster lab {\n  pod network 10.244.0.0/16\n  service network 10.96.0.0/12\n"
                + "  node node-1 address 192.168.0.2\n  node node-2 address 192.168.0.3\n"
                + "  node port range 20000-20100\n  kube-proxy mode nftables\n  cni calico-vxlan\n"
                + "  macvlan network 10.140.200.0/24, 10.140.201.0/24\n"
                + "  ingress controller pods ingress-nginx/app.kubernetes.io/name=ingress-nginx class nginx\n"
                + "  ingress controller pods with role=edge\n  api server 192.168.0.2:6443\n}\n"
                + "zone office = 10.141.0.0/16 except 10.141.9.0/24, 10.141.10.1\n"
                + "zone vpn = 10.8.0.0/24\n"
                + "zone abroad = everything except cluster, office, vpn, pods with a\n"
                + "zone office routes to pods via node node-1\n"
                + "zone vpn routes to pods, services, nodes, 10.1.0.0/16, office via pods vpn/app=openvpn\n"
                + "zone office has api access\n"
                + "some address of office can reach service shop/web:http via nodeport, loadbalancer\n"
                + "every address of abroad can reach service shop/web only via ingress, externalip\n"
                + "office can reach https://shop.example.com:8443/cart/items via loadbalancer\n"
                + "abroad cannot reach http://admin.example.com/\n"
                + "office cannot reach pods directly\n"
                + "office can reach 10.96.0.11:80\n"
                + "services cannot reach everything on tcp, sctp/9000, udp/30000-32767, icmp\n"
                + "service shop/web is exposed as nodeport, hostport, hostnetwork, port-forward, api-proxy\n"
                + "service shop/db:5432 is exposed only via clusterip\n"
                + "service shop/db is not exposed outside the cluster\n";
        Intent intent = read(text);
        String printed = IntentRoundTrip.assertRoundTrips(intent, Path.of("/work/t.np"));
        assertTrue(printed.startsWith("cluster lab {\n"), printed);
        assertTrue(printed.contains("  node port range 20000-20100\n  kube-proxy mode nftables\n  cni calico-vxlan\n"),
                printed);
        assertTrue(printed.contains("\nsome address of office can reach service shop/web:http via nodeport,"
                + " loadbalancer\n"), printed);
        assertTrue(printed.contains("\nabroad can reach service shop/web only via ingress, externalip\n"),
                "'every address of' is the default: " + printed);
        assertTrue(printed.contains("\nzone office routes to pods via node node-1\n"), printed);
    }

    @Test
    void modelsTheLanguageCannotWriteAreRefused() {
        SourceLocation at = SourceLocation.NONE;
        ZoneExpr a = new ZoneExpr.ZoneRef("a", at);
        ZoneExpr b = new ZoneExpr.ZoneRef("b", at);
        ZoneExpr cidrs = new ZoneExpr.Cidrs(List.of(IpPrefix.parse("10.0.0.0/8")), at);
        ZoneExpr web = new ZoneExpr.PodSet(Optional.of("shop"), new LabelSelector(List.of(new LabelRequirement("app",
                LabelRequirement.Operator.EQUALS, List.of("web"), at))), at);
        assertRefused(new ZoneExpr.Union(List.of(a, new ZoneExpr.Union(List.of(a, b), at)), at),
                "a union inside a union");
        assertRefused(new ZoneExpr.Union(List.of(cidrs, a, cidrs), at), "two address lists in one union");
        assertRefused(new ZoneExpr.Union(List.of(web, a), at), "a pod set with a selector before another item");
        assertRefused(new ZoneExpr.Except(new ZoneExpr.Except(a, b, at), b, at), "an exclusion inside");
        assertRefused(new ZoneExpr.PodSet(Optional.empty(), LabelSelector.EVERYTHING, at),
                "a pod set of every namespace without a selector");
        assertRefused(new ZoneExpr.Builtin(BuiltinZone.PODS, at), null);
    }

    private static void assertRefused(ZoneExpr expr, String what) {
        Intent intent = new Intent(Optional.empty(), List.of(new ZoneDef("z", expr, SourceLocation.NONE)), List.of(),
                List.of(), List.of());
        if (what == null) {
            assertEquals("zone z = pods\n", IntentPrinter.print(intent));
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IntentPrinter.print(intent));
        assertTrue(e.getMessage().startsWith("the intent language has no text for " + what), e.getMessage());
    }
}
