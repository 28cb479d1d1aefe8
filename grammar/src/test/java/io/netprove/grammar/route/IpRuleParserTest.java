package io.netprove.grammar.route;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.route.PolicyRule;
import io.netprove.model.route.RouteTableId;
import io.netprove.model.route.RuleAction;
import io.netprove.model.route.RoutingState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpRuleParserTest {

    private static List<PolicyRule> rules(String file, AddressFamily family) {
        RoutingState s = new RoutingStateReader().rules(file, Fixtures.text(file), family).state();
        assertTrue(s.diagnostics().isEmpty(), s.diagnostics().toString());
        return s.rules();
    }

    @Test
    void defaultRules() {
        List<PolicyRule> r = rules("flannel-vxlan/ip-rule.txt", AddressFamily.IPV4);
        assertEquals(3, r.size());
        assertEquals(0, r.get(0).priority());
        assertEquals(Optional.of(RouteTableId.LOCAL), r.get(0).table());
        assertEquals(RuleAction.LOOKUP, r.get(1).action());
        assertEquals(Optional.of(RouteTableId.MAIN), r.get(1).table());
        assertEquals(Optional.empty(), r.get(1).from());
        assertEquals(3, r.get(2).location().line());
        for (int i = 0; i < 3; i++) {
            assertEquals(PolicyRule.defaults(AddressFamily.IPV4).get(i).table(), r.get(i).table());
        }
    }

    @Test
    void everySelectorAndAction() {
        List<PolicyRule> r = rules("bridge/ip-rule.txt", AddressFamily.IPV4);
        assertEquals(10, r.size());
        PolicyRule wg = r.get(1);
        assertEquals(90, wg.priority());
        assertEquals(Optional.of("lo"), wg.iif());
        assertEquals(Optional.of("wg0"), wg.oif());
        assertEquals(Optional.of(new PolicyRule.UidRange(0, 0)), wg.uidRange());
        assertEquals(OptionalInt.of(0), wg.suppressPrefixLength());
        PolicyRule mark = r.get(2);
        assertEquals(OptionalLong.of(0x4000), mark.fwmark());
        assertEquals(0x4000, mark.fwmask());
        assertEquals(Optional.of(RouteTableId.of("100")), mark.table());
        PolicyRule fromTo = r.get(3);
        assertEquals(Optional.of(IpPrefix.parse("192.168.100.0/24")), fromTo.from());
        assertEquals(Optional.of(IpPrefix.parse("10.50.0.0/16")), fromTo.to());
        assertEquals(RuleAction.BLACKHOLE, r.get(4).action());
        assertEquals(Optional.of(IpPrefix.parse("192.168.100.66/32")), r.get(4).from());
        PolicyRule prohibit = r.get(5);
        assertEquals(RuleAction.PROHIBIT, prohibit.action());
        assertEquals(Optional.of(Protocol.TCP), prohibit.ipProtocol());
        assertEquals(Optional.of(new PortRange(8000, 8080)), prohibit.destinationPorts());
        PolicyRule inverted = r.get(6);
        assertTrue(inverted.not());
        assertEquals(RuleAction.GOTO, inverted.action());
        assertEquals(OptionalLong.of(32766), inverted.gotoTarget());
        assertEquals(Optional.of("br0"), inverted.iif());
        assertEquals(0x10, r.get(7).tos());
        assertFalse(r.get(0).not());
    }

    @Test
    void ipv6RulesAndKeptAttributes() {
        List<PolicyRule> r = rules("bridge/ip-6-rule.txt", AddressFamily.IPV6);
        assertEquals(2, r.size());
        assertEquals(AddressFamily.IPV6, r.get(1).family());
        RoutingState s = new RoutingStateReader().rules("odd", String.join("\n",
                "1000:\tfrom all lookup [l3mdev-table] ",
                "2000:\tfrom all iif eth9 [detached] lookup 5 proto static",
                "3000:\tfrom all lookup main suppress_ifgroup 7",
                "4000:\tfrom 2001:db8::/32 nop",
                ""), null).state();
        assertTrue(s.rules().get(0).l3mdev());
        assertEquals(Optional.of("static"), s.rules().get(1).attributes().stream()
                .filter(a -> a.keyword().equals("proto")).map(a -> a.value()).findFirst());
        assertEquals(2, s.diagnostics().size(), "l3mdev and suppress_ifgroup are not evaluated");
        assertEquals(AddressFamily.IPV6, s.rules().get(3).family(), "family detected from the prefix");
        assertEquals(RuleAction.NOP, s.rules().get(3).action());
    }
}
