package io.netprove.model.intent;

import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The intent records hold their invariants and say what they cover. */
class IntentModelTest {

    private static final SourceLocation AT = SourceLocation.NONE;

    @Test
    void portSpecsAdmitWhatTheyName() {
        PortSpec web = PortSpec.of(Protocol.TCP, new PortRange(8000, 8080), AT);
        assertTrue(web.admits(Protocol.TCP, 8000));
        assertTrue(web.admits(Protocol.TCP, 8080));
        assertFalse(web.admits(Protocol.TCP, 8081));
        assertFalse(web.admits(Protocol.UDP, 8000));
        assertTrue(PortSpec.of(Protocol.UDP, AT).admits(Protocol.UDP, 1));
        assertTrue(PortSpec.any(AT).admits(Protocol.ICMP, 0));
        assertTrue(PortSpec.any(AT).isAny());
        assertEquals("tcp/8000-8080", web.toString());
        assertEquals("icmpv6", PortSpec.of(Protocol.ICMPV6, AT).toString());
        assertThrows(IllegalArgumentException.class, () -> PortSpec.of(Protocol.ICMP, PortRange.single(1), AT));
    }

    @Test
    void zoneSourcesAndTargetsAreNamesOrBuiltins() {
        ZoneExpr cidrs = new ZoneExpr.Cidrs(List.of(IpPrefix.parse("10.0.0.0/8")), AT);
        assertThrows(IllegalArgumentException.class, () -> new Source.ZoneSource(cidrs));
        assertThrows(IllegalArgumentException.class, () -> new Target.ZoneTarget(cidrs));
        assertEquals("pods", new Target.ZoneTarget(new ZoneExpr.Builtin(BuiltinZone.PODS, AT)).toString());
    }

    @Test
    void addressTargetPortsNeedASingleAddress() {
        assertThrows(IllegalArgumentException.class,
                () -> new Target.AddressTarget(IpPrefix.parse("10.0.0.0/8"), OptionalInt.of(80), AT));
        assertEquals("[fd00::1]:443",
                new Target.AddressTarget(IpPrefix.parse("fd00::1"), OptionalInt.of(443), AT).toString());
    }

    @Test
    void servicePortNumber() {
        assertEquals(OptionalInt.of(53), new Target.ServiceTarget("kube-system", "kube-dns", Optional.of("53"), AT)
                .portNumber());
        assertEquals(OptionalInt.empty(), new Target.ServiceTarget("shop", "web", Optional.of("http"), AT)
                .portNumber());
        assertEquals("service shop/web:http",
                new Target.ServiceTarget("shop", "web", Optional.of("http"), AT).toString());
    }

    @Test
    void exposureClaimsAndKinds() {
        Target.ServiceTarget db = new Target.ServiceTarget("shop", "db", Optional.empty(), AT);
        assertThrows(IllegalArgumentException.class, () -> new ExposureStatement(Optional.empty(), db,
                ExposureStatement.Claim.NOT_EXPOSED, List.of(Exposure.NODEPORT), "x", AT));
        assertThrows(IllegalArgumentException.class, () -> new ExposureStatement(Optional.empty(), db,
                ExposureStatement.Claim.EXPOSED_AS, List.of(), "x", AT));
        assertEquals(Optional.of(Exposure.PORT_FORWARD), Exposure.byKeyword("port-forward"));
        assertEquals(Optional.empty(), Exposure.byKeyword("PORT_FORWARD"));
    }

    @Test
    void intentLooksUpZonesAndRoutes() {
        ZoneDef office = new ZoneDef("office", new ZoneExpr.Cidrs(List.of(IpPrefix.parse("10.1.0.0/16")), AT), AT);
        ZoneExpr pods = new ZoneExpr.Builtin(BuiltinZone.PODS, AT);
        ZoneExpr nodes = new ZoneExpr.Builtin(BuiltinZone.NODES, AT);
        Intent intent = new Intent(Optional.empty(), List.of(office),
                List.of(new ZoneRoutes("office", List.of(pods), AT), new ZoneRoutes("office", List.of(nodes), AT)),
                List.of(), List.of(Path.of("/tmp/x.np")));
        assertEquals(Optional.of(office), intent.zone("office"));
        assertEquals(Optional.empty(), intent.zone("vpn"));
        assertEquals(List.of(pods, nodes), intent.routesOf("office"));
    }

    @Test
    void fileRefsAreAbsolute() {
        assertThrows(IllegalArgumentException.class, () -> new FileRef(Path.of("relative/x"), AT));
    }
}
