package io.netprove.grammar.ipvs;

import io.netprove.model.ipvs.ForwardingMethod;
import io.netprove.model.ipvs.IpvsProtocol;
import io.netprove.model.ipvs.IpvsState;
import io.netprove.model.ipvs.RealServer;
import io.netprove.model.ipvs.SchedulerFlag;
import io.netprove.model.ipvs.TunnelEncapsulation;
import io.netprove.model.ipvs.VirtualService;
import io.netprove.model.ipvs.VirtualServiceKey;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpvsadmListParserTest {

    private static final String FILE = "kube-proxy-node.ipvsadm-Ln";

    private static IpvsState fixture() {
        IpvsState s = IpvsFrontEnd.read(FILE, Fixtures.text(FILE));
        assertEquals(IpvsFrontEnd.Format.LIST, IpvsFrontEnd.detect(FILE, Fixtures.text(FILE)));
        return s;
    }

    @Test
    void readsServicesWithSchedulersFlagsAndPersistence() {
        IpvsState s = fixture();
        assertEquals(13, s.services().size());
        VirtualService affinity = s.service(new VirtualServiceKey.ByAddress(IpvsProtocol.TCP,
                IpAddress.parse("10.102.33.7"), 80)).orElseThrow();
        assertEquals(10800, affinity.persistence().orElseThrow().timeoutSeconds());
        assertEquals(32, affinity.persistence().orElseThrow().prefixLength());
        VirtualService masked = s.service(new VirtualServiceKey.ByAddress(IpvsProtocol.TCP,
                IpAddress.parse("10.96.5.5"), 443)).orElseThrow();
        assertEquals(24, masked.persistence().orElseThrow().prefixLength());
        VirtualService sh = s.service(new VirtualServiceKey.ByAddress(IpvsProtocol.TCP,
                IpAddress.parse("192.168.56.200"), 80)).orElseThrow();
        assertEquals(Set.of(SchedulerFlag.FLAG_1, SchedulerFlag.FLAG_2), sh.flags());
        VirtualService ops = s.service(new VirtualServiceKey.ByAddress(IpvsProtocol.UDP,
                IpAddress.parse("10.96.0.20"), 514)).orElseThrow();
        assertTrue(ops.onePacket());
        assertTrue(s.service(new VirtualServiceKey.ByAddress(IpvsProtocol.SCTP, IpAddress.parse("10.96.120.4"),
                3868)).isPresent());
    }

    @Test
    void realServerColumns() {
        IpvsState s = fixture();
        VirtualService api = s.services().get(0);
        assertEquals("TCP 10.96.0.1:443", api.key().toString());
        assertEquals(4, api.location().line());
        RealServer r = api.realServers().get(1);
        assertEquals(IpAddress.parse("192.168.56.11"), r.address());
        assertEquals(6443, r.port());
        assertEquals(ForwardingMethod.MASQ, r.method());
        assertEquals(1, r.weight());
        assertEquals(new RealServer.ConnectionCounts(2, 1), r.connections().orElseThrow());
        assertEquals(6, r.location().line());
        assertEquals(3, r.location().column());
        VirtualService fwm = s.service(new VirtualServiceKey.ByFwmark(100, AddressFamily.IPV4)).orElseThrow();
        assertEquals(ForwardingMethod.ROUTE, fwm.realServers().get(0).method());
        assertEquals(ForwardingMethod.TUNNEL, fwm.realServers().get(1).method());
        VirtualService v6 = s.service(new VirtualServiceKey.ByAddress(IpvsProtocol.TCP,
                IpAddress.parse("fd00:10:96::1"), 443)).orElseThrow();
        assertEquals(IpAddress.parse("fd00:192:168:56::10"), v6.realServers().get(0).address());
    }

    @Test
    void listingAndSaveDescribeTheSameTable() {
        IpvsState list = fixture();
        IpvsState save = IpvsFrontEnd.read("save", Fixtures.text("kube-proxy-node.ipvsadm-save"));
        assertEquals(new HashSet<>(Fixtures.comparable(save.services())),
                new HashSet<>(Fixtures.comparable(list.services())));
    }

    @Test
    void thresholdsLayout() {
        String text = String.join("\n",
                "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn",
                "  -> RemoteAddress:Port",
                "TCP  10.0.0.1:80 wrr",
                "  -> 10.1.0.1:80                   500        100        4          9         ",
                "");
        IpvsState s = IpvsFrontEnd.read("thresholds", text);
        RealServer r = s.services().get(0).realServers().get(0);
        assertEquals(500, r.upperThreshold());
        assertEquals(100, r.lowerThreshold());
        assertEquals(new RealServer.ConnectionCounts(4, 9), r.connections().orElseThrow());
        assertEquals(1, s.diagnostics().size(), "the assumed method and weight are noted");
    }

    @Test
    void tunnelInfoLayoutAndIpv6FirewallMark() {
        String text = String.join("\n",
                "IP Virtual Server version 1.2.1 (size=4096)",
                "Prot LocalAddress:Port Scheduler Flags",
                "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn",
                "FWM  5 IPv6 mh (mh-fallback)",
                "  -> [2001:db8::5]:0              Tunnel  gue:6080:+c   1      0          0         ",
                "  -> [2001:db8::6]:0              Route   n/a           2      0          0         ",
                "");
        VirtualService v = IpvsFrontEnd.read("tun", text).services().get(0);
        assertEquals(new VirtualServiceKey.ByFwmark(5, AddressFamily.IPV6), v.key());
        assertEquals(Set.of(SchedulerFlag.FLAG_1), v.flags());
        TunnelEncapsulation t = v.realServers().get(0).tunnel().orElseThrow();
        assertEquals(TunnelEncapsulation.Type.GUE, t.type());
        assertEquals(OptionalInt.of(6080), t.port());
        assertEquals(TunnelEncapsulation.Checksum.CHECKSUM, t.checksum());
        assertEquals(2, v.realServers().get(1).weight());
        assertTrue(v.realServers().get(1).tunnel().isEmpty());
    }
}
