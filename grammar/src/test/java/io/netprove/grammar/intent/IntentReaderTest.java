package io.netprove.grammar.intent;

import io.netprove.model.intent.BuiltinZone;
import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.Exposure;
import io.netprove.model.intent.ExposureStatement;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.KubeProxyMode;
import io.netprove.model.intent.LabelRequirement;
import io.netprove.model.intent.LabelRequirement.Operator;
import io.netprove.model.intent.NodeSpec;
import io.netprove.model.intent.PortSpec;
import io.netprove.model.intent.Quantifier;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Reachability;
import io.netprove.model.intent.Source;
import io.netprove.model.intent.Statement;
import io.netprove.model.intent.Target;
import io.netprove.model.intent.ZoneExpr;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every construct of the language, read from shop/shop.np, lands in the expected model record. */
class IntentReaderTest {

    private static Path dir;
    private static String file;
    private static Intent intent;

    @BeforeAll
    static void read() {
        Path path = Fixtures.resource("shop/shop.np");
        dir = path.getParent();
        file = path.toString();
        intent = IntentReader.read(path);
    }

    private static SourceLocation at(int line, int column) {
        return new SourceLocation(file, line, column);
    }

    private static IpPrefix p(String text) {
        return IpPrefix.parse(text);
    }

    private static ReachStatement reach(int index) {
        return assertInstanceOf(ReachStatement.class, intent.statements().get(index));
    }

    private static ExposureStatement exposure(int index) {
        return assertInstanceOf(ExposureStatement.class, intent.statements().get(index));
    }

    @Test
    void filesAreListedInReadingOrder() {
        assertEquals(List.of(dir.resolve("shop.np").toAbsolutePath(), dir.resolve("common.np").toAbsolutePath()),
                intent.files());
    }

    @Test
    void clusterBlock() {
        ClusterSpec c = intent.cluster().orElseThrow();
        assertEquals(Optional.of("shop"), c.name());
        assertEquals(at(4, 1), c.location());
        assertEquals(List.of(p("10.244.0.0/16"), p("fd00:10:244::/56")), c.podNetworks());
        assertEquals(List.of(p("10.96.0.0/12")), c.serviceNetworks());
        assertEquals(new PortRange(30000, 32767), c.nodePortRange());
        assertEquals(KubeProxyMode.IPVS, c.kubeProxyMode());
        assertEquals(List.of(dir.resolve("cluster"), dir.resolve("extra/crd-free.yaml")),
                c.manifests().stream().map(f -> f.path()).toList());
        assertEquals(at(10, 24), c.manifests().get(1).location());

        assertEquals(3, c.nodes().size());
        NodeSpec n1 = c.nodes().get(0);
        assertEquals("node-1", n1.name());
        assertEquals(List.of(IpAddress.parse("192.168.0.2")), n1.addresses());
        assertEquals(dir.resolve("nodes/node-1"), n1.state().orElseThrow().path());
        assertEquals(at(7, 41), n1.state().orElseThrow().location());
        assertEquals(at(7, 3), n1.location());
        NodeSpec n2 = c.nodes().get(1);
        assertEquals(List.of(IpAddress.parse("192.168.0.3"), IpAddress.parse("10.0.0.3")), n2.addresses());
        assertEquals(dir.resolve("nodes/node-2/iptables-save.txt"), n2.state().orElseThrow().path());
        NodeSpec n3 = c.nodes().get(2);
        assertEquals("ip-10-0-0-4.ec2.internal", n3.name());
        assertTrue(n3.state().isEmpty());
        assertEquals(Optional.of(n3), c.node("ip-10-0-0-4.ec2.internal"));
    }

    @Test
    void clusterDefaults() {
        Intent small = IntentReader.read(Path.of("t.np"), "cluster {\n  pod network 10.0.0.0/8\n}\n");
        ClusterSpec c = small.cluster().orElseThrow();
        assertEquals(Optional.empty(), c.name());
        assertEquals(ClusterSpec.DEFAULT_NODE_PORT_RANGE, c.nodePortRange());
        assertEquals(KubeProxyMode.IPTABLES, c.kubeProxyMode());
        assertTrue(c.nodes().isEmpty() && c.manifests().isEmpty() && c.serviceNetworks().isEmpty());
    }

    @Test
    void zonesFromAllFilesInOrder() {
        assertEquals(List.of("vpn", "office", "internet", "web", "shop-pods", "v6", "mixed", "frontends",
                "all_nodes"), intent.zones().stream().map(z -> z.name()).toList());
        assertEquals(Fixtures.resource("shop/common.np").toString(), intent.zone("vpn").orElseThrow().location().file());
    }

    @Test
    void addressesAndUnions() {
        ZoneExpr.Cidrs office = assertInstanceOf(ZoneExpr.Cidrs.class, intent.zone("office").orElseThrow().expr());
        assertEquals(List.of(p("10.140.0.0/16"), p("10.141.0.10/32")), office.prefixes());
        assertEquals(at(15, 15), office.location());
        ZoneExpr.Cidrs v6 = assertInstanceOf(ZoneExpr.Cidrs.class, intent.zone("v6").orElseThrow().expr());
        assertEquals(List.of(p("2001:db8::/32"), p("::ffff:10.1.2.3/128")), v6.prefixes());

        ZoneExpr.Union mixed = assertInstanceOf(ZoneExpr.Union.class, intent.zone("mixed").orElseThrow().expr());
        assertEquals(4, mixed.members().size());
        assertEquals("office", assertInstanceOf(ZoneExpr.ZoneRef.class, mixed.members().get(0)).name());
        assertEquals(at(21, 22), mixed.members().get(1).location());
        assertEquals(List.of(p("10.9.0.0/16")),
                assertInstanceOf(ZoneExpr.Cidrs.class, mixed.members().get(2)).prefixes());
        ZoneExpr.PodSet pods = assertInstanceOf(ZoneExpr.PodSet.class, mixed.members().get(3));
        assertEquals(Optional.empty(), pods.namespace());
        assertEquals(List.of(new LabelRequirement("app.kubernetes.io/name", Operator.IN, List.of("api", "worker"),
                        at(21, 50)), new LabelRequirement("canary", Operator.DOES_NOT_EXIST, List.of(), at(21, 93))),
                pods.selector().requirements());
    }

    @Test
    void exceptAndBuiltins() {
        ZoneExpr.Except internet =
                assertInstanceOf(ZoneExpr.Except.class, intent.zone("internet").orElseThrow().expr());
        assertInstanceOf(ZoneExpr.Everything.class, internet.base());
        ZoneExpr.Union excluded = assertInstanceOf(ZoneExpr.Union.class, internet.excluded());
        assertEquals(new ZoneExpr.Builtin(BuiltinZone.CLUSTER, at(16, 35)), excluded.members().get(0));
        assertEquals(List.of("office", "vpn"), excluded.members().subList(1, 3).stream()
                .map(m -> ((ZoneExpr.ZoneRef) m).name()).toList());
        assertEquals(new ZoneExpr.Builtin(BuiltinZone.NODES, at(23, 110)), intent.zone("all_nodes").orElseThrow().expr());
    }

    @Test
    void podSets() {
        ZoneExpr.PodSet web = assertInstanceOf(ZoneExpr.PodSet.class, intent.zone("web").orElseThrow().expr());
        assertEquals(Optional.of("shop"), web.namespace());
        assertEquals(List.of(new LabelRequirement("app", Operator.EQUALS, List.of("web"), at(18, 22))),
                web.selector().requirements());
        ZoneExpr.PodSet shopPods =
                assertInstanceOf(ZoneExpr.PodSet.class, intent.zone("shop-pods").orElseThrow().expr());
        assertEquals(Optional.of("shop"), shopPods.namespace());
        assertTrue(shopPods.selector().isEmpty());
        ZoneExpr.PodSet front = assertInstanceOf(ZoneExpr.PodSet.class,
                intent.zone("frontends").orElseThrow().expr());
        assertEquals(Optional.of("shop"), front.namespace());
        assertEquals(List.of(
                        new LabelRequirement("tier", Operator.NOT_IN, List.of("db", "cache"), at(23, 46)),
                        new LabelRequirement("team", Operator.EXISTS, List.of(), at(23, 70)),
                        new LabelRequirement("release", Operator.EQUALS, List.of("stable"), at(23, 76))),
                front.selector().requirements());
    }

    @Test
    void routes() {
        assertEquals(List.of(new ZoneExpr.Builtin(BuiltinZone.PODS, at(17, 23)),
                new ZoneExpr.Builtin(BuiltinZone.SERVICES, at(17, 29)),
                new ZoneExpr.Cidrs(List.of(p("172.16.0.0/12")), at(22, 23)),
                new ZoneExpr.ZoneRef("vpn", at(22, 38))), intent.routesOf("office"));
        assertEquals(List.of(), intent.routesOf("vpn"));
        assertEquals(at(17, 1), intent.routes().get(0).location());
    }

    @Test
    void namedReachStatementWithDirectly() {
        ReachStatement s = reach(0);
        assertEquals(Optional.of("web from office"), s.name());
        assertEquals(at(25, 1), s.location());
        assertEquals(Quantifier.EVERY, s.quantifier());
        assertEquals(new Source.ZoneSource(new ZoneExpr.ZoneRef("office", at(25, 20))), s.source());
        assertEquals(Reachability.CAN_REACH, s.reachability());
        Target.PodSetTarget t = assertInstanceOf(Target.PodSetTarget.class, s.target());
        assertEquals(Optional.of("shop"), t.podSet().namespace());
        assertEquals(PortSpec.of(Protocol.TCP, PortRange.single(8080), at(25, 58)), s.ports().get(0));
        assertTrue(s.directly());
        assertTrue(s.via().isEmpty());
        assertEquals("office can reach pods shop/app=web on tcp/8080 directly", s.text());
    }

    @Test
    void serviceTargets() {
        ReachStatement db = reach(1);
        assertEquals(Reachability.CANNOT_REACH, db.reachability());
        assertEquals(new Target.ServiceTarget("shop", "db", Optional.empty(), at(26, 23)), db.target());
        assertTrue(db.ports().isEmpty());

        ReachStatement web = reach(2);
        assertEquals(Quantifier.EVERY, web.quantifier());
        assertEquals(new Target.ServiceTarget("shop", "web", Optional.of("http"), at(27, 35)), web.target());
        assertEquals(OptionalInt.empty(), ((Target.ServiceTarget) web.target()).portNumber());

        ReachStatement some = reach(3);
        assertEquals(Quantifier.SOME, some.quantifier());
        assertEquals(List.of(Exposure.NODEPORT), some.via());
        assertFalse(some.onlyVia());

        ReachStatement api = reach(7);
        assertEquals(List.of(Exposure.LOADBALANCER), api.via());
        assertTrue(api.onlyVia());

        ReachStatement all = reach(17);
        assertEquals(OptionalInt.of(8080), ((Target.ServiceTarget) all.target()).portNumber());
        assertEquals(List.of(Exposure.CLUSTERIP, Exposure.EXTERNALIP, Exposure.HOSTPORT, Exposure.HOSTNETWORK,
                Exposure.PORT_FORWARD, Exposure.API_PROXY), all.via());
    }

    @Test
    void addressTargetsAndSources() {
        assertEquals(new Target.AddressTarget(p("10.96.0.11/32"), OptionalInt.of(80), at(29, 18)), reach(4).target());
        assertEquals(new Target.AddressTarget(p("fd00::1/128"), OptionalInt.of(443), at(40, 15)), reach(13).target());
        assertEquals(new Target.AddressTarget(p("10.0.0.0/8"), OptionalInt.empty(), at(33, 26)), reach(8).target());
        assertEquals(new Target.AddressTarget(p("fd00::/64"), OptionalInt.empty(), at(42, 29)), reach(15).target());
        assertEquals(new Source.AddressSource(p("10.8.0.7/32"), at(41, 1)), reach(14).source());
    }

    @Test
    void nodeSourcesAndTargets() {
        ReachStatement s = reach(8);
        assertEquals(new Source.NodeSource("node-1", at(33, 1)), s.source());
        assertEquals(List.of(PortSpec.of(Protocol.TCP, PortRange.single(22), at(33, 40))), s.ports());
        assertEquals(new Target.NodeTarget("node-2", at(41, 23)), reach(14).target());
    }

    @Test
    void podSetSourcesAndBuiltinZones() {
        Source.PodSetSource shop = assertInstanceOf(Source.PodSetSource.class, reach(6).source());
        assertEquals(Optional.of("shop"), shop.podSet().namespace());
        assertEquals(List.of(PortSpec.of(Protocol.UDP, PortRange.single(53), at(31, 66))), reach(6).ports());
        Source.PodSetSource web = assertInstanceOf(Source.PodSetSource.class, reach(15).source());
        assertEquals(Optional.empty(), web.podSet().namespace());
        assertEquals(new Source.ZoneSource(new ZoneExpr.Builtin(BuiltinZone.SERVICES, at(43, 1))), reach(16).source());
        assertEquals(new Target.ZoneTarget(new ZoneExpr.Everything(at(43, 23))), reach(16).target());
    }

    @Test
    void portForms() {
        assertEquals(List.of(PortSpec.of(Protocol.ICMP, at(41, 38)),
                PortSpec.of(Protocol.UDP, new PortRange(30000, 32767), at(41, 44)),
                PortSpec.any(at(41, 61))), reach(14).ports());
        assertEquals(List.of(PortSpec.of(Protocol.ICMPV6, at(42, 42)),
                PortSpec.of(Protocol.SCTP, PortRange.single(9000), at(42, 50)),
                PortSpec.of(Protocol.UDP, at(42, 61))), reach(15).ports());
        assertEquals(List.of(PortSpec.of(Protocol.TCP, at(43, 37))), reach(16).ports());
        assertEquals(List.of(PortSpec.of(Protocol.TCP, PortRange.single(8080), at(30, 52)),
                PortSpec.of(Protocol.TCP, PortRange.single(8443), at(30, 62))), reach(5).ports());
    }

    @Test
    void continuedLinesJoinOneStatement() {
        ReachStatement s = reach(18);
        assertEquals(at(45, 1), s.location());
        Target.PodSetTarget t = assertInstanceOf(Target.PodSetTarget.class, s.target());
        assertEquals(2, t.podSet().selector().requirements().size());
        assertEquals(List.of(PortSpec.of(Protocol.TCP, PortRange.single(80), at(46, 21)),
                PortSpec.of(Protocol.TCP, PortRange.single(443), at(47, 5))), s.ports());
        assertEquals("office can reach pods shop/app=web, tier!=canary on tcp/80, tcp/443", s.text());
        assertEquals(19, intent.statements().size());
    }

    @Test
    void exposureStatements() {
        ExposureStatement web = exposure(9);
        assertEquals(new Target.ServiceTarget("shop", "web", Optional.empty(), at(34, 9)), web.service());
        assertEquals(ExposureStatement.Claim.EXPOSED_AS, web.claim());
        assertEquals(List.of(Exposure.NODEPORT), web.exposures());
        ExposureStatement db = exposure(10);
        assertEquals(ExposureStatement.Claim.NOT_EXPOSED, db.claim());
        assertTrue(db.exposures().isEmpty());
        ExposureStatement api = exposure(11);
        assertEquals(ExposureStatement.Claim.EXPOSED_ONLY_VIA, api.claim());
        assertEquals(List.of(Exposure.LOADBALANCER, Exposure.INGRESS), api.exposures());
        ExposureStatement named = exposure(12);
        assertEquals(Optional.of("db-private"), named.name());
        assertEquals("service shop/db is not exposed outside the cluster", named.text());
        assertEquals(at(37, 1), named.location());
    }

    @Test
    void semicolonsSeparateStatementsOnOneLine() {
        Intent two = IntentReader.read(Path.of("t.np"), "zone a = 10.0.0.0/8; a can reach a;a cannot reach a on tcp\n");
        assertEquals(2, two.statements().size());
        assertEquals(new SourceLocation("t.np", 1, 36), two.statements().get(1).location());
    }

    @Test
    void emptyFileAndCommentsOnly() {
        Intent empty = IntentReader.read(Path.of("t.np"), "# nothing\n\n// at all\r\n");
        assertTrue(empty.cluster().isEmpty());
        assertTrue(empty.zones().isEmpty() && empty.statements().isEmpty());
    }

    @Test
    void keywordsAreNamesWhereAKubernetesNameIsExpected() {
        Intent i = IntentReader.read(Path.of("t.np"), "zone z = 10.0.0.0/8\n"
                + "z can reach pods in namespace ingress with service=node, tier in (any, network)\n"
                + "z can reach service ingress/ingress:http\n"
                + "z can reach pods with quoted=\"\"\n");
        ZoneExpr.PodSet set = ((Target.PodSetTarget) ((ReachStatement) i.statements().get(0)).target()).podSet();
        assertEquals(Optional.of("ingress"), set.namespace());
        assertEquals("service=node,tier in (any, network)", set.selector().toString());
        assertEquals(new Target.ServiceTarget("ingress", "ingress", Optional.of("http"), new SourceLocation("t.np", 3,
                13)), ((ReachStatement) i.statements().get(1)).target());
        Statement quoted = i.statements().get(2);
        assertEquals(List.of(""), ((Target.PodSetTarget) ((ReachStatement) quoted).target()).podSet().selector()
                .requirements().get(0).values());
    }
}
