package io.netprove.verifier.sim;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Packet;
import io.netprove.model.space.HeaderSpace;
import io.netprove.verifier.fuzz.CrossCheck;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression, shrunk from a counterexample of the property-tests' witness property at nightly size: a recent list
 * entry recorded while the source address is still the symbolic variable ("fz|var:SRC_ADDR") and a lookup after
 * SNAT made the source concrete ("fz|192.168.99.11") are treated as different entries, though the variable may
 * equal that address. The symbolic walk then takes the lookup as a free choice and predicts a fate (LOCAL) that no
 * concrete packet has: concrete walks of every packet here are DROPPED.
 * <p>
 * The fix belongs in {@code Walk.recentKey}/{@code visit(Match.Recent)}: when a lookup's key is a concrete address
 * and the list holds an entry under the variable's key (or the other way round), split the walk on "the variable
 * equals that address" ({@code decideField(field, IntervalSet.of(address), ...)}) and use the entry on the equal
 * branch. Enable this test with that fix; until then the property generators leave {@code -m recent} out of the
 * semantic flavour (see IptablesRulesets).
 */
class RecentListAliasingTest {

    static final String RULES = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A POSTROUTING -j SNAT --to-source 192.168.99.11
            COMMIT
            *filter
            :INPUT DROP [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A OUTPUT -m recent --set --name fz --rsource
            -A INPUT -m recent ! --rcheck --name fz --rsource -j ACCEPT
            COMMIT
            """;

    static NetfilterSimulator simulator() {
        Ruleset rs = IptablesFrontEnd.read("recent", RULES, AddressFamily.IPV4);
        return new NetfilterSimulator(rs, NodeContext.of(Set.of(IpAddress.parse("192.168.99.11"))));
    }

    @Test
    void concreteWalkRemembersTheSourceAcrossSnatToItself() {
        Packet p = Packet.newConnection(IpAddress.parse("192.168.99.11"), IpAddress.parse("192.168.99.11"),
                Protocol.UDP, 53);
        assertEquals(List.of("DROPPED"), simulator().simulate(p).stream().map(o -> o.disposition().name())
                .distinct().toList());
    }

    @Test
    @Disabled("symbolic recent-list keys do not alias concrete ones after NAT: needs the Walk fix in the class comment")
    void symbolicWalkAgreesWithTheConcreteOne() {
        NetfilterSimulator sim = simulator();
        CrossCheck check = new CrossCheck(sim, 10_000);
        Packet p = Packet.newConnection(IpAddress.parse("192.168.99.11"), IpAddress.parse("192.168.99.11"),
                Protocol.UDP, 53);
        assertTrue(sim.explore(p, HeaderSpace.all(AddressFamily.IPV4), 10_000).complete());
        assertEquals(null, check.check(p));
    }
}
