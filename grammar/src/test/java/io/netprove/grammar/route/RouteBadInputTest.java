package io.netprove.grammar.route;

import io.netprove.grammar.InputError;
import io.netprove.model.net.AddressFamily;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteBadInputTest {

    private static InputError routes(String text) {
        return assertThrows(InputError.class, () -> new RoutingStateReader().routes("bad.txt", text, null));
    }

    private static InputError rules(String text) {
        return assertThrows(InputError.class,
                () -> new RoutingStateReader().rules("bad.txt", text, AddressFamily.IPV4));
    }

    private static InputError addresses(String text) {
        return assertThrows(InputError.class, () -> new RoutingStateReader().addresses("bad.txt", text));
    }

    private static void assertAt(InputError e, int line, int column, String messagePart) {
        assertEquals("bad.txt", e.location().file());
        assertEquals(line, e.location().line(), e.getMessage());
        assertEquals(column, e.location().column(), e.getMessage());
        assertTrue(e.reason().contains(messagePart), e.getMessage());
        assertTrue(e.reason().contains("expected"), e.getMessage());
    }

    @Test
    void unknownRouteKeyword() {
        InputError e = routes("10.0.0.0/24 dev eth0 scope link\n10.1.0.0/24 via 10.0.0.1 dev eth0 bogus 3\n");
        assertAt(e, 2, 35, "unknown route attribute 'bogus'");
    }

    @Test
    void badPrefixLength() {
        InputError e = routes("10.244.0.0/33 via 10.0.0.1 dev eth0\n");
        assertAt(e, 1, 1, "bad destination '10.244.0.0/33'");
    }

    @Test
    void badPrefixAddress() {
        InputError e = routes("blackhole 10.244.0/26 proto bird\n");
        assertAt(e, 1, 11, "bad destination '10.244.0/26'");
    }

    @Test
    void unknownRouteType() {
        InputError e = routes("blackhol 10.244.0.0/26 proto bird\n");
        assertAt(e, 1, 1, "route type");
    }

    @Test
    void badGateway() {
        InputError e = routes("default via 10.0.0.256 dev eth0\n");
        assertAt(e, 1, 13, "bad gateway '10.0.0.256'");
    }

    @Test
    void gatewayOfTheOtherFamilyWithoutInet6() {
        InputError e = routes("10.60.0.0/16 via fe80::1 dev eth0\n");
        assertAt(e, 1, 1, "via inet6");
    }

    @Test
    void truncatedRoute() {
        InputError e = routes("10.0.0.0/24 dev\n");
        assertAt(e, 1, 16, "'dev' needs a value");
    }

    @Test
    void nexthopLineBeforeAnyRoute() {
        InputError e = routes("\tnexthop via 10.1.0.1 dev eth0 weight 1\n");
        assertAt(e, 1, 2, "before any route");
    }

    @Test
    void unknownScope() {
        InputError e = routes("10.0.0.0/24 dev eth0 scope planet\n");
        assertAt(e, 1, 28, "unknown scope 'planet'");
    }

    @Test
    void ruleWithoutPriority() {
        InputError e = rules("from all lookup main\n");
        assertAt(e, 1, 1, "rule priority");
    }

    @Test
    void ruleWithUnknownKeyword() {
        InputError e = rules("0:\tfrom all lookup local\n100:\tfrom all fwmrk 0x1 lookup 100\n");
        assertAt(e, 2, 15, "unknown rule attribute 'fwmrk'");
    }

    @Test
    void ruleWithBadPrefix() {
        InputError e = rules("100:\tfrom 10.0.0.0/40 lookup 100\n");
        assertAt(e, 1, 11, "bad prefix '10.0.0.0/40'");
    }

    @Test
    void ruleWithoutAction() {
        InputError e = rules("100:\tfrom all fwmark 0x1\n");
        assertAt(e, 1, 25, "has no action");
    }

    @Test
    void backwardGoto() {
        InputError e = rules("200:\tfrom all goto 100\n");
        assertAt(e, 1, 20, "points backwards");
    }

    @Test
    void badFwmark() {
        InputError e = rules("100:\tfrom all fwmark 0x1/zz lookup 100\n");
        assertAt(e, 1, 22, "bad fwmark '0x1/zz'");
    }

    @Test
    void addressLineBeforeAnyInterface() {
        InputError e = addresses("    inet 10.0.0.5/24 scope global eth0\n");
        assertAt(e, 1, 5, "before any interface");
    }

    @Test
    void badInterfaceAddress() {
        InputError e = addresses("2: eth0: <UP> mtu 1500 state UP\n    inet 10.0.0.500/24 scope global eth0\n");
        assertAt(e, 2, 10, "bad inet address '10.0.0.500/24'");
    }

    @Test
    void badInterfaceHeader() {
        InputError e = addresses("2: eth0 <UP> mtu 1500\n");
        assertAt(e, 1, 4, "bad interface name 'eth0'");
    }

    @Test
    void unknownHeaderAttribute() {
        InputError e = addresses("2: eth0: <UP> mtu 1500 colour blue\n");
        assertAt(e, 1, 24, "unknown interface attribute 'colour'");
    }

    @Test
    void jsonThatIsNotAnArray() {
        InputError e = addresses("{\"ifindex\": 1}");
        assertAt(e, 1, 1, "JSON array");
    }

    @Test
    void brokenJson() {
        InputError e = addresses("[{\"ifindex\": 1, \"ifname\": \"lo\",\n  \"flags\": [\"UP\" \"LOWER_UP\"]}]");
        assertEquals(2, e.location().line(), e.getMessage());
        assertTrue(e.reason().startsWith("bad JSON"), e.getMessage());
    }

    @Test
    void jsonInterfaceWithoutName() {
        InputError e = addresses("[\n  {\"ifindex\": 1, \"flags\": []}\n]");
        assertAt(e, 2, 3, "without ifindex or ifname");
    }

    @Test
    void jsonAddressOfTheWrongFamily() {
        InputError e = addresses("[{\"ifindex\": 2, \"ifname\": \"eth0\", \"addr_info\": "
                + "[{\"family\": \"inet\", \"local\": \"fe80::1\", \"prefixlen\": 64}]}]");
        assertAt(e, 1, 2, "family 'inet'");
    }

    @Test
    void truncatedJson() {
        InputError e = addresses("[{\"ifindex\": 1, \"ifname\": \"lo\"},\n");
        assertTrue(e.reason().contains("expected"), e.getMessage());
        assertEquals(2, e.location().line(), e.getMessage());
    }
}
