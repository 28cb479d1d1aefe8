package io.netprove.grammar.ipvs;

import io.netprove.model.ipvs.ForwardingMethod;
import io.netprove.model.ipvs.IpvsProtocol;
import io.netprove.model.ipvs.IpvsState;
import io.netprove.model.ipvs.Persistence;
import io.netprove.model.ipvs.RealServer;
import io.netprove.model.ipvs.SchedulerFlag;
import io.netprove.model.ipvs.TunnelEncapsulation;
import io.netprove.model.ipvs.VirtualService;
import io.netprove.model.ipvs.VirtualServiceKey;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Diagnostic;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpvsadmSaveParserTest {

    private static final String FILE = "kube-proxy-node.ipvsadm-save";

    private static IpvsState fixture() {
        return IpvsFrontEnd.read(FILE, Fixtures.text(FILE));
    }

    private static VirtualService service(IpvsState s, IpvsProtocol p, String address, int port) {
        return s.service(new VirtualServiceKey.ByAddress(p, IpAddress.parse(address), port)).orElseThrow();
    }

    @Test
    void readsEveryServiceAndServerOfTheKubeProxyDump() {
        IpvsState s = fixture();
        assertEquals(13, s.services().size());
        int servers = 0;
        for (VirtualService v : s.services()) {
            servers += v.realServers().size();
        }
        assertEquals(22, servers);
        assertEquals(List.of(FILE), s.sources());
        assertTrue(s.diagnostics().isEmpty(), s.diagnostics().toString());
    }

    @Test
    void clusterIpServiceWithMasqueradedApiServers() {
        VirtualService api = service(fixture(), IpvsProtocol.TCP, "10.96.0.1", 443);
        assertEquals("rr", api.scheduler().name());
        assertTrue(api.scheduler().isKnown());
        assertEquals(Set.of(), api.flags());
        assertEquals(Optional.empty(), api.persistence());
        assertFalse(api.onePacket());
        assertEquals(AddressFamily.IPV4, api.family());
        assertEquals(1, api.location().line());
        RealServer first = api.realServers().get(0);
        assertEquals(IpAddress.parse("192.168.56.10"), first.address());
        assertEquals(6443, first.port());
        assertEquals(ForwardingMethod.MASQ, first.method());
        assertEquals(1, first.weight());
        assertEquals(0, first.upperThreshold());
        assertEquals(0, first.lowerThreshold());
        assertEquals(Optional.empty(), first.tunnel());
        assertEquals(Optional.empty(), first.connections());
        assertEquals(2, first.location().line());
        assertEquals(1, first.location().column());
    }

    @Test
    void sessionAffinityAndTerminatingEndpoint() {
        VirtualService svc = service(fixture(), IpvsProtocol.TCP, "10.102.33.7", 80);
        Persistence p = svc.persistence().orElseThrow();
        assertEquals(10800, p.timeoutSeconds());
        assertEquals(32, p.prefixLength());
        assertEquals(Optional.empty(), p.engine());
        assertEquals(0, svc.realServers().get(1).weight());
        assertFalse(svc.realServers().get(1).acceptsNewConnections());
        assertEquals(1, svc.schedulableServers().size());
        assertEquals(IpAddress.parse("10.244.1.5"), svc.schedulableServers().get(0).address());
    }

    @Test
    void persistenceNetmaskBecomesAPrefixLength() {
        VirtualService svc = service(fixture(), IpvsProtocol.TCP, "10.96.5.5", 443);
        assertEquals("lc", svc.scheduler().name());
        assertEquals(3600, svc.persistence().orElseThrow().timeoutSeconds());
        assertEquals(24, svc.persistence().orElseThrow().prefixLength());
        assertEquals(2, svc.realServers().get(0).weight());
    }

    @Test
    void udpOnePacketSctpAndSourceHashFlags() {
        IpvsState s = fixture();
        VirtualService syslog = service(s, IpvsProtocol.UDP, "10.96.0.20", 514);
        assertTrue(syslog.onePacket());
        assertEquals(5514, syslog.realServers().get(0).port());
        VirtualService diameter = service(s, IpvsProtocol.SCTP, "10.96.120.4", 3868);
        assertEquals(IpvsProtocol.SCTP, ((VirtualServiceKey.ByAddress) diameter.key()).protocol());
        VirtualService lb = service(s, IpvsProtocol.TCP, "192.168.56.200", 80);
        assertEquals("sh", lb.scheduler().name());
        assertTrue(lb.scheduler().isHashing());
        assertEquals(Set.of(SchedulerFlag.FLAG_1, SchedulerFlag.FLAG_2), lb.flags());
        assertEquals("sh-fallback", SchedulerFlag.FLAG_1.displayName(lb.scheduler()));
    }

    @Test
    void ipv6ServiceInBrackets() {
        VirtualService v6 = service(fixture(), IpvsProtocol.TCP, "fd00:10:96::1", 443);
        assertEquals(AddressFamily.IPV6, v6.family());
        assertEquals(IpAddress.parse("fd00:192:168:56::10"), v6.realServers().get(0).address());
        assertEquals(6443, v6.realServers().get(0).port());
    }

    @Test
    void firewallMarkServiceWithDirectRoutingAndTunnel() {
        IpvsState s = fixture();
        VirtualService fwm = s.service(new VirtualServiceKey.ByFwmark(100, AddressFamily.IPV4)).orElseThrow();
        assertEquals("wlc", fwm.scheduler().name());
        RealServer dr = fwm.realServers().get(0);
        assertEquals(ForwardingMethod.ROUTE, dr.method());
        assertEquals(0, dr.port());
        RealServer tun = fwm.realServers().get(1);
        assertEquals(ForwardingMethod.TUNNEL, tun.method());
        assertEquals(3, tun.weight());
    }

    @Test
    void ipvsadmDefaultsAreFilledIn() {
        IpvsState s = IpvsFrontEnd.read("defaults", String.join("\n",
                "-A -t 10.0.0.1:80",
                "-a -t 10.0.0.1:80 -r 10.1.0.1:8080",
                "-a -t 10.0.0.1:80 -r 10.1.0.2",
                "--add-service --udp-service=10.0.0.1:53 --scheduler=rr --persistent",
                "-a -u 10.0.0.1:53 -r 10.1.0.3 -m -x 100 -y 10",
                "-A -f 7 -6 -s mh -b mh-port",
                "-a -f 7 -6 -r [2001:db8::7]:0 -i --tun-type gue --tun-port 6080 --tun-csum",
                ""));
        VirtualService tcp = s.services().get(0);
        assertEquals("wlc", tcp.scheduler().name());
        RealServer r1 = tcp.realServers().get(0);
        assertEquals(ForwardingMethod.ROUTE, r1.method());
        assertEquals(80, r1.port(), "direct routing keeps the service port");
        assertEquals(1, r1.weight());
        assertEquals(80, tcp.realServers().get(1).port());
        VirtualService udp = s.services().get(1);
        assertEquals(Persistence.DEFAULT_TIMEOUT, udp.persistence().orElseThrow().timeoutSeconds());
        RealServer nat = udp.realServers().get(0);
        assertEquals(53, nat.port(), "a real server without a port gets the service port");
        assertEquals(100, nat.upperThreshold());
        assertEquals(10, nat.lowerThreshold());
        VirtualService fwm = s.services().get(2);
        assertEquals(new VirtualServiceKey.ByFwmark(7, AddressFamily.IPV6), fwm.key());
        assertEquals(Set.of(SchedulerFlag.FLAG_2), fwm.flags());
        TunnelEncapsulation t = fwm.realServers().get(0).tunnel().orElseThrow();
        assertEquals(TunnelEncapsulation.Type.GUE, t.type());
        assertEquals(OptionalInt.of(6080), t.port());
        assertEquals(TunnelEncapsulation.Checksum.CHECKSUM, t.checksum());
    }

    @Test
    void unknownSchedulerIsKeptWithAWarning() {
        IpvsState s = IpvsFrontEnd.read("odd", "-A -t 10.0.0.1:80 -s maglev2\n");
        assertEquals("maglev2", s.services().get(0).scheduler().name());
        assertFalse(s.services().get(0).scheduler().isKnown());
        assertEquals(1, s.diagnostics().size());
        Diagnostic d = s.diagnostics().get(0);
        assertEquals(Diagnostic.Severity.WARNING, d.severity());
        assertEquals(1, d.location().line());
        assertEquals(22, d.location().column());
        assertTrue(d.message().contains("maglev2"), d.message());
    }

    @Test
    void editAndDeleteCommandsOfRestoreInput() {
        IpvsState s = IpvsFrontEnd.read("restore", String.join("\n",
                "-A -t 10.0.0.1:80 -s rr",
                "-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1",
                "-a -t 10.0.0.1:80 -r 10.1.0.2:80 -m -w 1",
                "-e -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 5",
                "-d -t 10.0.0.1:80 -r 10.1.0.2:80",
                "-E -t 10.0.0.1:80 -s wrr",
                "-A -u 10.0.0.2:53 -s rr",
                "-D -u 10.0.0.2:53",
                ""));
        assertEquals(1, s.services().size());
        VirtualService v = s.services().get(0);
        assertEquals("wrr", v.scheduler().name());
        assertEquals(1, v.realServers().size());
        assertEquals(5, v.realServers().get(0).weight());
    }

    @Test
    void emptySaveIsAnEmptyTable() {
        assertTrue(IpvsFrontEnd.read("empty", "").services().isEmpty());
        assertTrue(IpvsFrontEnd.read("blank", "\n\n").services().isEmpty());
    }
}
