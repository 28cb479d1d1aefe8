package io.netprove.grammar.ipset;

import io.netprove.model.ipset.IpSet;
import io.netprove.model.ipset.IpSetElement;
import io.netprove.model.ipset.IpSetMatch;
import io.netprove.model.ipset.IpSetMember;
import io.netprove.model.ipset.IpSetTuple;
import io.netprove.model.ipset.IpSetType;
import io.netprove.model.ipset.IpSets;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.packet.Packet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpsetSaveParserTest {

    private static final String FILE = "kube-proxy-node.ipset-save";

    private static IpSets fixture() {
        return IpsetFrontEnd.read(FILE, Fixtures.text(FILE));
    }

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    @Test
    void readsEveryKubeProxySet() {
        IpSets sets = fixture();
        assertEquals(List.of("KUBE-LOOP-BACK", "KUBE-CLUSTER-IP", "KUBE-EXTERNAL-IP", "KUBE-EXTERNAL-IP-LOCAL",
                "KUBE-LOAD-BALANCER", "KUBE-LOAD-BALANCER-FW", "KUBE-LOAD-BALANCER-LOCAL",
                "KUBE-LOAD-BALANCER-SOURCE-IP", "KUBE-LOAD-BALANCER-SOURCE-CIDR", "KUBE-NODE-PORT-TCP",
                "KUBE-NODE-PORT-LOCAL-TCP", "KUBE-NODE-PORT-UDP", "KUBE-NODE-PORT-LOCAL-UDP",
                "KUBE-NODE-PORT-SCTP-HASH", "KUBE-NODE-PORT-LOCAL-SCTP-HASH", "KUBE-HEALTH-CHECK-NODE-PORT",
                "KUBE-6-CLUSTER-IP"), List.copyOf(sets.byName().keySet()));
        assertTrue(sets.diagnostics().isEmpty(), sets.diagnostics().toString());
        assertEquals(List.of(FILE), sets.sources());
    }

    @Test
    void hashSetHeaderAndMembers() {
        IpSet s = fixture().get("KUBE-CLUSTER-IP").orElseThrow();
        assertEquals(IpSetType.HASH_IP_PORT, s.type());
        assertEquals(Optional.of(AddressFamily.IPV4), s.family());
        assertEquals(OptionalInt.of(1024), s.options().hashSize());
        assertEquals(OptionalLong.of(65536), s.options().maxElements());
        assertEquals(OptionalInt.of(12), s.options().bucketSize());
        assertEquals(Optional.of("0x1c9e47e8"), s.options().initval());
        assertFalse(s.options().comment());
        assertEquals(6, s.members().size());
        IpSetMember m = s.members().get(2);
        assertEquals(List.of(new IpSetElement.Prefix(IpPrefix.parse("10.96.0.10")),
                new IpSetElement.Port(Protocol.UDP, PortRange.single(53))), m.elements());
        assertEquals("10.96.0.10,udp:53", m.elementText());
        assertFalse(m.nomatch());
        assertEquals(8, m.location().line());
        assertEquals(1, m.location().column());
        assertEquals(new IpSetElement.Port(Protocol.SCTP, PortRange.single(3868)), s.members().get(5).elements().get(1));
        assertEquals(5, s.location().line());
    }

    @Test
    void threeDimensionalSetsAndNetworks() {
        IpSets sets = fixture();
        IpSet loop = sets.get("KUBE-LOOP-BACK").orElseThrow();
        assertEquals(IpSetType.HASH_IP_PORT_IP, loop.type());
        assertEquals("10.244.1.9,sctp:3868,10.244.1.9", loop.members().get(1).elementText());
        IpSet cidr = sets.get("KUBE-LOAD-BALANCER-SOURCE-CIDR").orElseThrow();
        assertEquals(new IpSetElement.Prefix(IpPrefix.parse("203.0.113.0/24")),
                cidr.members().get(0).elements().get(2));
    }

    @Test
    void bitmapPortSets() {
        IpSet np = fixture().get("KUBE-NODE-PORT-TCP").orElseThrow();
        assertEquals(IpSetType.BITMAP_PORT, np.type());
        assertEquals(Optional.empty(), np.family());
        assertEquals(Optional.of(new PortRange(0, 65535)), np.options().portRange());
        assertEquals(new IpSetElement.Port(Protocol.ALL, PortRange.single(31443)), np.members().get(1).elements().get(0));
        assertTrue(fixture().get("KUBE-NODE-PORT-LOCAL-UDP").orElseThrow().members().isEmpty());
    }

    @Test
    void ipv6Set() {
        IpSet v6 = fixture().get("KUBE-6-CLUSTER-IP").orElseThrow();
        assertEquals(Optional.of(AddressFamily.IPV6), v6.family());
        assertEquals(new IpSetElement.Prefix(IpPrefix.parse("fd00:10:96::a")), v6.members().get(1).elements().get(0));
    }

    @Test
    void kubeProxyMatchesOnTheParsedSets() {
        IpSets sets = fixture();
        List<Direction> dstDst = List.of(Direction.DESTINATION, Direction.DESTINATION);
        Packet dns = Packet.newConnection(ip("10.244.1.5"), ip("10.96.0.10"), Protocol.UDP, 53);
        assertTrue(sets.contains("KUBE-CLUSTER-IP", IpSetTuple.of(dns, dstDst)));
        assertFalse(sets.contains("KUBE-CLUSTER-IP", IpSetTuple.of(dns.withDestination(ip("10.96.0.10"), 54),
                dstDst)));
        Packet nodePort = Packet.newConnection(ip("203.0.113.9"), ip("192.168.56.21"), Protocol.TCP, 30080);
        assertTrue(sets.contains("KUBE-NODE-PORT-TCP", IpSetTuple.of(nodePort, List.of(Direction.DESTINATION))));
        assertFalse(sets.contains("KUBE-NODE-PORT-LOCAL-TCP",
                IpSetTuple.of(nodePort, List.of(Direction.DESTINATION))));
        Packet hairpin = Packet.newConnection(ip("10.244.1.5"), ip("10.244.1.5"), Protocol.TCP, 8080);
        assertTrue(sets.contains("KUBE-LOOP-BACK", IpSetTuple.of(hairpin,
                List.of(Direction.DESTINATION, Direction.DESTINATION, Direction.SOURCE))));
        Packet lb = Packet.newConnection(ip("10.1.2.3"), ip("198.51.100.20"), Protocol.TCP, 443);
        List<Direction> dds = List.of(Direction.DESTINATION, Direction.DESTINATION, Direction.SOURCE);
        assertTrue(sets.contains("KUBE-LOAD-BALANCER-SOURCE-CIDR", IpSetTuple.of(lb, dds)));
        assertFalse(sets.contains("KUBE-LOAD-BALANCER-SOURCE-CIDR",
                IpSetTuple.of(lb.withSource(ip("172.16.0.1"), 40000), dds)));
        Packet sctp = new Packet(ip("203.0.113.9"), ip("192.168.56.21"), Protocol.SCTP, 40000, 30868, -1, -1, 0, 0,
                CtState.NEW, null, null, null);
        assertTrue(sets.contains("KUBE-NODE-PORT-SCTP-HASH", IpSetTuple.of(sctp, dstDst)));
        assertFalse(sets.contains("KUBE-NODE-PORT-TCP", IpSetTuple.of(sctp, List.of(Direction.DESTINATION))));
    }

    @Test
    void otherTypesOptionsAndExtensions() {
        String text = String.join("\n",
                "create blocked hash:net family inet hashsize 64 maxelem 1024 timeout 600 counters comment",
                "add blocked 10.0.0.0/8 timeout 300 packets 12 bytes 960 comment \"private range\"",
                "add blocked 10.1.0.0/16 nomatch",
                "add blocked 192.168.1.10-192.168.1.13",
                "create ifs hash:net,iface family inet6",
                "add ifs fd00::/64,physdev:eth0",
                "create marks hash:ip,mark markmask 0xff00",
                "add marks 10.0.0.1,0x4011",
                "create hosts bitmap:ip range 10.9.0.0/24 netmask 30",
                "add hosts 10.9.0.4",
                "create macs hash:ip,mac",
                "add macs 10.0.0.1,52:54:00:12:34:56 skbmark 0x10/0xff",
                "create pings hash:ip,port",
                "add pings 10.0.0.1,icmp:echo-request",
                "add pings 10.0.0.1,80",
                "add pings 10.0.0.2,tcp:8000-8010",
                "create all list:set size 8",
                "add all marks",
                "add all blocked before marks",
                "");
        IpSets sets = IpsetFrontEnd.read("mixed", text);
        IpSet blocked = sets.get("blocked").orElseThrow();
        assertEquals(OptionalLong.of(600), blocked.options().timeout());
        assertTrue(blocked.options().counters());
        assertTrue(blocked.options().comment());
        IpSetMember first = blocked.members().get(0);
        assertEquals(OptionalLong.of(300), first.timeout());
        assertEquals(Optional.of(new IpSetMember.PacketCounters(12, 960)), first.counters());
        assertEquals(Optional.of("private range"), first.comment());
        assertTrue(blocked.members().get(1).nomatch());
        assertEquals(new IpSetElement.Range(new IpRange(ip("192.168.1.10"), ip("192.168.1.13"))),
                blocked.members().get(2).elements().get(0));
        assertEquals(IpSetMatch.NOMATCH_ENTRY, sets.test("blocked", IpSetTuple.of(Protocol.TCP, ip("10.1.9.9"))));
        assertTrue(sets.contains("blocked", IpSetTuple.of(Protocol.TCP, ip("192.168.1.12"))));

        IpSet ifs = sets.get("ifs").orElseThrow();
        assertEquals(new IpSetElement.Interface("eth0", true), ifs.members().get(0).elements().get(1));
        assertEquals(new IpSetElement.Mark(0x4000), sets.get("marks").orElseThrow().members().get(0).elements().get(1),
                "marks are stored masked by markmask");
        IpSet hosts = sets.get("hosts").orElseThrow();
        assertEquals(Optional.of(new IpRange(ip("10.9.0.0"), ip("10.9.0.255"))), hosts.options().addressRange());
        assertEquals(OptionalInt.of(30), hosts.options().netmask());
        assertTrue(hosts.contains(IpSetTuple.of(Protocol.TCP, ip("10.9.0.7"))));
        assertEquals(List.of("skbmark 0x10/0xff"), sets.get("macs").orElseThrow().members().get(0).otherOptions());
        IpSet pings = sets.get("pings").orElseThrow();
        assertEquals(new IpSetElement.Port(Protocol.ICMP, PortRange.single(8 << 8)),
                pings.members().get(0).elements().get(1));
        assertEquals(new IpSetElement.Port(Protocol.TCP, PortRange.single(80)), pings.members().get(1).elements().get(1),
                "a bare port is TCP");
        assertEquals(new IpSetElement.Port(Protocol.TCP, new PortRange(8000, 8010)),
                pings.members().get(2).elements().get(1));
        IpSet all = sets.get("all").orElseThrow();
        assertEquals(OptionalInt.of(8), all.options().listSize());
        assertEquals("blocked", all.members().get(0).elementText(), "'before' inserts in front");
        assertTrue(sets.contains("all", IpSetTuple.of(Protocol.TCP, ip("10.200.0.1"))));
    }

    @Test
    void restoreCommandsDelFlushDestroy() {
        IpSets sets = IpsetFrontEnd.read("restore", String.join("\n",
                "create a hash:ip",
                "add a 10.0.0.1",
                "add a 10.0.0.2",
                "del a 10.0.0.1",
                "create b hash:ip",
                "add b 10.0.0.3",
                "flush b",
                "create c hash:ip",
                "destroy c",
                "add a 10.0.0.2 -exist",
                ""));
        assertEquals(List.of("a", "b"), List.copyOf(sets.byName().keySet()));
        assertEquals(1, sets.get("a").orElseThrow().members().size());
        assertTrue(sets.get("b").orElseThrow().members().isEmpty());
        assertEquals(1, sets.diagnostics().size(), "the repeated add is reported");
        assertEquals(Diagnostic.Severity.WARNING, sets.diagnostics().get(0).severity());
        assertEquals(10, sets.diagnostics().get(0).location().line());
    }
}
