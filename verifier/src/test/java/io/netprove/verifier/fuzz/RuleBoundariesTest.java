package io.netprove.verifier.fuzz;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Packet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleBoundariesTest {

    private static final Ruleset RULES = IptablesFrontEnd.read("t", """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A PREROUTING -d 10.96.0.0/30 -p sctp -m multiport --dports 80:90,443 \
              -j DNAT --to-destination 10.244.1.5:8080
            -A PREROUTING -m iprange --src-range 203.0.113.10-203.0.113.20 -i eth1 \
              -m mark --mark 0x4000/0x4000 -j ACCEPT
            COMMIT
            """, AddressFamily.IPV4);

    @Test
    void edgesAreBothEndsOfEveryRangeAndOneStepOutside() {
        RuleBoundaries e = RuleBoundaries.of(RULES, List.of(), List.of(IpAddress.parse("192.168.0.2")));
        for (String a : List.of("10.96.0.0", "10.96.0.3", "10.95.255.255", "10.96.0.4", "203.0.113.10",
                "203.0.113.20", "203.0.113.9", "203.0.113.21", "10.244.1.5", "192.168.0.2", "127.0.0.1")) {
            assertTrue(e.addresses().contains(IpAddress.parse(a)), a + " in " + e.addresses());
        }
        for (int p : new int[] {79, 80, 90, 91, 442, 443, 444, 8080, 0, 65535}) {
            assertTrue(e.ports().contains(p), p + " in " + e.ports());
        }
        assertEquals(List.of(Protocol.TCP, Protocol.UDP, Protocol.ICMP, Protocol.SCTP), e.protocols());
        assertEquals(List.of("eth1"), e.interfaces());
        assertEquals(List.of(0x4000L), e.marks());
    }

    @Test
    void packetsAreReproducibleAndMostlyOnEdges() {
        RuleBoundaries e = RuleBoundaries.of(RULES, List.of(), List.of());
        List<Packet> a = new java.util.ArrayList<>();
        List<Packet> b = new java.util.ArrayList<>();
        BoundaryPackets pa = new BoundaryPackets(e, new Random(11));
        BoundaryPackets pb = new BoundaryPackets(e, new Random(11));
        for (int i = 0; i < 500; i++) {
            a.add(pa.next());
            b.add(pb.next());
        }
        assertEquals(a, b);
        long onEdge = a.stream().filter(p -> e.addresses().contains(p.destination())).count();
        assertTrue(onEdge > 300 && onEdge < 500, onEdge + " of 500 destinations on an edge");
    }
}
