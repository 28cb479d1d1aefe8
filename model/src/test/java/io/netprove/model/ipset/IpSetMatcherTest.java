package io.netprove.model.ipset;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.packet.Packet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpSetMatcherTest {

    private static final List<Direction> DST_DST = List.of(Direction.DESTINATION, Direction.DESTINATION);

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    private static IpSetElement net(String s) {
        return new IpSetElement.Prefix(IpPrefix.parse(s));
    }

    private static IpSetElement port(Protocol p, int first, int last) {
        return new IpSetElement.Port(p, new PortRange(first, last));
    }

    private static IpSetMember member(boolean nomatch, IpSetElement... parts) {
        return new IpSetMember(List.of(parts), nomatch, OptionalLong.empty(), Optional.empty(), Optional.empty(),
                List.of(), SourceLocation.NONE);
    }

    private static IpSet set(String name, IpSetType type, AddressFamily family, IpSetOptions options,
                             IpSetMember... members) {
        return new IpSet(name, type, Optional.ofNullable(family), options, List.of(members), OptionalInt.empty(),
                SourceLocation.NONE);
    }

    private static IpSet set(String name, IpSetType type, IpSetMember... members) {
        return set(name, type, type.familyFree() ? null : AddressFamily.IPV4, IpSetOptions.NONE, members);
    }

    private static Packet tcp(String src, int sport, String dst, int dport) {
        return new Packet(ip(src), ip(dst), Protocol.TCP, sport, dport, -1, -1, 0x02, 0, CtState.NEW, "eth0",
                "cni0", null);
    }

    private static Packet udp(String src, String dst, int dport) {
        return new Packet(ip(src), ip(dst), Protocol.UDP, 40000, dport, -1, -1, 0, 0, CtState.NEW, "eth0", "cni0",
                null);
    }

    private static final IpSet CLUSTER_IP = set("KUBE-CLUSTER-IP", IpSetType.HASH_IP_PORT,
            member(false, net("10.96.0.10"), port(Protocol.UDP, 53, 53)),
            member(false, net("10.96.0.10"), port(Protocol.TCP, 53, 53)),
            member(false, net("10.96.0.1"), port(Protocol.TCP, 443, 443)));

    @Test
    void hashIpPortComparesAddressProtocolAndPort() {
        assertTrue(CLUSTER_IP.contains(IpSetTuple.of(udp("10.244.1.5", "10.96.0.10", 53), DST_DST)));
        assertTrue(CLUSTER_IP.contains(IpSetTuple.of(tcp("10.244.1.5", 40000, "10.96.0.1", 443), DST_DST)));
        assertFalse(CLUSTER_IP.contains(IpSetTuple.of(udp("10.244.1.5", "10.96.0.1", 443), DST_DST)),
                "udp is not tcp");
        assertFalse(CLUSTER_IP.contains(IpSetTuple.of(tcp("10.244.1.5", 40000, "10.96.0.1", 444), DST_DST)));
        assertFalse(CLUSTER_IP.contains(IpSetTuple.of(tcp("10.96.0.1", 443, "10.0.0.1", 80), DST_DST)));
        assertTrue(CLUSTER_IP.contains(IpSetTuple.of(tcp("10.96.0.1", 443, "10.0.0.1", 80),
                List.of(Direction.SOURCE, Direction.SOURCE))), "src,src looks at the source side");
    }

    @Test
    void fewerFlagsThanDimensionsNeverMatch() {
        IpSetTuple one = IpSetTuple.of(tcp("10.244.1.5", 40000, "10.96.0.1", 443), List.of(Direction.DESTINATION));
        assertEquals(IpSetMatch.NO_MATCH, CLUSTER_IP.test(one, n -> Optional.empty()));
        IpSetTuple three = IpSetTuple.of(tcp("10.244.1.5", 40000, "10.96.0.1", 443),
                List.of(Direction.DESTINATION, Direction.DESTINATION, Direction.SOURCE));
        assertTrue(CLUSTER_IP.contains(three), "extra flags are ignored");
    }

    @Test
    void otherFamilyNeverMatches() {
        IpSet v6 = set("KUBE-6-CLUSTER-IP", IpSetType.HASH_IP_PORT, AddressFamily.IPV6, IpSetOptions.NONE,
                member(false, new IpSetElement.Prefix(IpPrefix.parse("fd00:10:96::1")), port(Protocol.TCP, 443, 443)));
        assertTrue(v6.contains(IpSetTuple.of(Protocol.TCP, ip("fd00:10:96::1"), 443)));
        assertFalse(v6.contains(IpSetTuple.of(Protocol.TCP, ip("10.96.0.1"), 443)));
    }

    @Test
    void hashIpPortIpForHairpinTraffic() {
        IpSet loop = set("KUBE-LOOP-BACK", IpSetType.HASH_IP_PORT_IP,
                member(false, net("10.244.1.5"), port(Protocol.TCP, 8080, 8080), net("10.244.1.5")));
        List<Direction> flags = List.of(Direction.DESTINATION, Direction.DESTINATION, Direction.SOURCE);
        assertTrue(loop.contains(IpSetTuple.of(tcp("10.244.1.5", 5555, "10.244.1.5", 8080), flags)));
        assertFalse(loop.contains(IpSetTuple.of(tcp("10.244.2.7", 5555, "10.244.1.5", 8080), flags)));
    }

    @Test
    void bitmapPortMatchesTcpAndUdpOnlyInsideItsRange() {
        IpSetOptions range = new IpSetOptions(OptionalInt.empty(), OptionalLong.empty(), OptionalLong.empty(), false,
                false, false, false, OptionalInt.empty(), Optional.of(new PortRange(30000, 32767)), Optional.empty(),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), OptionalLong.empty(), List.of());
        IpSet nodePorts = set("KUBE-NODE-PORT-TCP", IpSetType.BITMAP_PORT, null, range,
                member(false, port(Protocol.ALL, 30080, 30080)), member(false, port(Protocol.ALL, 31000, 31010)));
        List<Direction> dst = List.of(Direction.DESTINATION);
        assertTrue(nodePorts.contains(IpSetTuple.of(tcp("1.2.3.4", 40000, "192.168.56.21", 30080), dst)));
        assertTrue(nodePorts.contains(IpSetTuple.of(udp("1.2.3.4", "192.168.56.21", 30080), dst)),
                "bitmap:port has no protocol: the iptables rule must say -p tcp");
        assertTrue(nodePorts.contains(IpSetTuple.of(tcp("fd00::9", 40000, "fd00::1", 31005), dst)),
                "bitmap:port serves both families");
        assertFalse(nodePorts.contains(IpSetTuple.of(tcp("1.2.3.4", 40000, "192.168.56.21", 31011), dst)));
        Packet sctp = new Packet(ip("1.2.3.4"), ip("192.168.56.21"), Protocol.SCTP, 40000, 30080, -1, -1, 0, 0,
                CtState.NEW, null, null, null);
        assertFalse(nodePorts.contains(IpSetTuple.of(sctp, dst)), "only TCP and UDP packets have bitmap ports");
    }

    @Test
    void nomatchEntryCarvesAnExceptionAndTheMostSpecificDecides() {
        IpSet nets = set("allowed", IpSetType.HASH_NET,
                member(false, net("10.0.0.0/8")),
                member(true, net("10.1.0.0/16")),
                member(false, net("10.1.2.0/24")));
        assertEquals(IpSetMatch.MATCH, nets.test(IpSetTuple.of(Protocol.TCP, ip("10.1.2.3")), n -> Optional.empty()));
        assertEquals(IpSetMatch.NOMATCH_ENTRY, nets.test(IpSetTuple.of(Protocol.TCP, ip("10.1.3.3")),
                n -> Optional.empty()));
        assertFalse(nets.contains(IpSetTuple.of(Protocol.TCP, ip("10.1.3.3"))));
        assertTrue(nets.contains(IpSetTuple.of(Protocol.TCP, ip("10.200.0.1"))));
        assertEquals(IpSetMatch.NO_MATCH, nets.test(IpSetTuple.of(Protocol.TCP, ip("11.0.0.1")),
                n -> Optional.empty()));
    }

    @Test
    void portRangesInMembers() {
        IpSet s = set("web", IpSetType.HASH_NET_PORT, member(false, net("10.0.0.0/8"), port(Protocol.TCP, 80, 90)));
        assertTrue(s.contains(IpSetTuple.of(Protocol.TCP, ip("10.9.9.9"), 85)));
        assertFalse(s.contains(IpSetTuple.of(Protocol.TCP, ip("10.9.9.9"), 91)));
        assertFalse(s.contains(IpSetTuple.of(Protocol.UDP, ip("10.9.9.9"), 85)));
    }

    @Test
    void sourceCidrOfLoadBalancerSourceRanges() {
        IpSet s = set("KUBE-LOAD-BALANCER-SOURCE-CIDR", IpSetType.HASH_IP_PORT_NET,
                member(false, net("198.51.100.20"), port(Protocol.TCP, 443, 443), net("203.0.113.0/24")));
        List<Direction> flags = List.of(Direction.DESTINATION, Direction.DESTINATION, Direction.SOURCE);
        assertTrue(s.contains(IpSetTuple.of(tcp("203.0.113.77", 5000, "198.51.100.20", 443), flags)));
        assertFalse(s.contains(IpSetTuple.of(tcp("203.0.114.77", 5000, "198.51.100.20", 443), flags)));
    }

    @Test
    void icmpTypeAndCodeAreThePort() {
        IpSet s = set("ping", IpSetType.HASH_IP_PORT,
                member(false, net("10.0.0.1"), new IpSetElement.Port(Protocol.ICMP, PortRange.single(8 << 8))));
        Packet echo = Packet.newConnection(ip("10.9.0.1"), ip("10.0.0.1"), Protocol.ICMP, 0);
        assertTrue(s.contains(IpSetTuple.of(echo, DST_DST)));
        Packet reply = new Packet(ip("10.9.0.1"), ip("10.0.0.1"), Protocol.ICMP, -1, -1, 0, 0, 0, 0, CtState.NEW,
                null, null, null);
        assertFalse(s.contains(IpSetTuple.of(reply, DST_DST)));
    }

    @Test
    void hashIpNetmaskStoresNetworks() {
        IpSetOptions mask24 = new IpSetOptions(OptionalInt.empty(), OptionalLong.empty(), OptionalLong.empty(),
                false, false, false, false, OptionalInt.of(24), Optional.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalInt.empty(), Optional.empty(), OptionalLong.empty(), List.of());
        IpSet s = set("masked", IpSetType.HASH_IP, AddressFamily.IPV4, mask24, member(false, net("10.0.0.5")));
        assertTrue(s.contains(IpSetTuple.of(Protocol.TCP, ip("10.0.0.200"))));
        assertFalse(s.contains(IpSetTuple.of(Protocol.TCP, ip("10.0.1.5"))));
        IpSet ranged = set("ranged", IpSetType.HASH_IP, AddressFamily.IPV4, mask24,
                member(false, new IpSetElement.Range(new IpRange(ip("10.0.0.250"), ip("10.0.1.3")))));
        assertTrue(ranged.contains(IpSetTuple.of(Protocol.TCP, ip("10.0.1.200"))));
        assertFalse(ranged.contains(IpSetTuple.of(Protocol.TCP, ip("10.0.2.1"))));
    }

    @Test
    void rangesInNetworkTypesSplitIntoBlocks() {
        IpRange r = new IpRange(ip("10.0.0.1"), ip("10.0.0.6"));
        assertEquals(32, IpSetMatcher.blockLength(r, ip("10.0.0.1")));
        assertEquals(31, IpSetMatcher.blockLength(r, ip("10.0.0.3")));
        assertEquals(31, IpSetMatcher.blockLength(r, ip("10.0.0.4")));
        assertEquals(32, IpSetMatcher.blockLength(r, ip("10.0.0.6")));
        IpSet s = set("r", IpSetType.HASH_NET,
                member(false, new IpSetElement.Range(r)), member(true, net("10.0.0.0/30")));
        assertTrue(s.contains(IpSetTuple.of(Protocol.TCP, ip("10.0.0.2"))), "the /31 block beats the /30 nomatch");
        assertFalse(s.contains(IpSetTuple.of(Protocol.TCP, ip("10.0.0.0"))));
    }

    @Test
    void interfaceMarkAndMacDimensions() {
        IpSet ifaces = set("pods", IpSetType.HASH_NET_IFACE,
                member(false, net("10.244.0.0/16"), new IpSetElement.Interface("cni0", false)));
        List<Direction> srcSrc = List.of(Direction.SOURCE, Direction.SOURCE);
        Packet fromPod = tcp("10.244.1.5", 5000, "10.96.0.1", 443).withInterfaces("cni0", "eth0");
        assertTrue(ifaces.contains(IpSetTuple.of(fromPod, srcSrc)));
        assertFalse(ifaces.contains(IpSetTuple.of(fromPod.withInterfaces("eth0", "cni0"), srcSrc)));

        IpSetOptions markmask = new IpSetOptions(OptionalInt.empty(), OptionalLong.empty(), OptionalLong.empty(),
                false, false, false, false, OptionalInt.empty(), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), OptionalLong.of(0xff00L), List.of());
        IpSet marks = set("marked", IpSetType.HASH_IP_MARK, AddressFamily.IPV4, markmask,
                member(false, net("10.0.0.1"), new IpSetElement.Mark(0x4000)));
        Packet p = tcp("10.0.0.1", 1, "10.0.0.2", 2).withMark(0x40aa);
        List<Direction> srcSrc2 = List.of(Direction.SOURCE, Direction.SOURCE);
        assertTrue(marks.contains(IpSetTuple.of(p, srcSrc2)), "the second flag stands for the mark");
        assertFalse(marks.contains(IpSetTuple.of(p, List.of(Direction.SOURCE))), "hash:ip,mark has two dimensions");
        assertFalse(marks.contains(IpSetTuple.of(p.withMark(0x4100), srcSrc2)));

        IpSet macs = set("macs", IpSetType.HASH_MAC, member(false, new IpSetElement.Mac("52:54:00:AA:bb:01")));
        Packet withMac = tcp("10.0.0.1", 1, "10.0.0.2", 2).withSourceMac("52:54:00:aa:bb:01");
        assertTrue(macs.contains(IpSetTuple.of(withMac, List.of(Direction.SOURCE))));
        assertFalse(macs.contains(IpSetTuple.of(withMac, List.of(Direction.DESTINATION))));
    }

    @Test
    void listSetMatchesWhenAnyMemberSetMatches() {
        IpSet v4 = set("v4", IpSetType.HASH_IP, member(false, net("10.0.0.1")));
        IpSet v6 = set("v6", IpSetType.HASH_IP, AddressFamily.IPV6, IpSetOptions.NONE,
                member(false, new IpSetElement.Prefix(IpPrefix.parse("fd00::1"))));
        IpSet list = set("both", IpSetType.LIST_SET, member(false, new IpSetElement.SetName("v6")),
                member(false, new IpSetElement.SetName("v4")), member(false, new IpSetElement.SetName("gone")));
        List<IpSet> all = new ArrayList<>(List.of(v4, v6, list));
        IpSets sets = new IpSets(all, List.of(), List.of());
        assertTrue(sets.contains("both", IpSetTuple.of(Protocol.TCP, ip("10.0.0.1"))));
        assertTrue(sets.contains("both", IpSetTuple.of(Protocol.TCP, ip("fd00::1"))));
        assertFalse(sets.contains("both", IpSetTuple.of(Protocol.TCP, ip("10.0.0.2"))));
        assertFalse(sets.contains("missing", IpSetTuple.of(Protocol.TCP, ip("10.0.0.1"))));
        assertFalse(list.contains(IpSetTuple.of(Protocol.TCP, ip("10.0.0.1"))),
                "without the other sets a list:set cannot match");
    }

    @Test
    void typeFacts() {
        assertEquals(2, IpSetType.HASH_IP_PORT.flagsNeeded());
        assertEquals(2, IpSetType.HASH_IP_MARK.flagsNeeded());
        assertEquals(1, IpSetType.LIST_SET.flagsNeeded());
        assertTrue(IpSetType.HASH_IP_PORT_NET.supportsNomatch());
        assertFalse(IpSetType.HASH_IP_PORT.supportsNomatch());
        assertEquals(IpSetType.HASH_NET_IFACE, IpSetType.lookup("hash:net,iface"));
        assertEquals(AddressFamily.IPV4, IpSetType.BITMAP_IP.fixedFamily());
        assertEquals("tcp:80-90", port(Protocol.TCP, 80, 90).toString());
        assertEquals("icmp:8/0", new IpSetElement.Port(Protocol.ICMP, PortRange.single(8 << 8)).toString());
        assertEquals("30080", port(Protocol.ALL, 30080, 30080).toString());
    }
}
