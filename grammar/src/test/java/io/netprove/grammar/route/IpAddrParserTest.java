package io.netprove.grammar.route;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.route.InterfaceAddress;
import io.netprove.model.route.NetworkInterface;
import io.netprove.model.route.RouteScope;
import io.netprove.model.route.RoutingState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpAddrParserTest {

    private static RoutingState addresses(String file) {
        return new RoutingStateReader().addresses(file, Fixtures.text(file)).state();
    }

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    @Test
    void flannelNodeInterfaces() {
        RoutingState s = addresses("flannel-vxlan/ip-addr.txt");
        assertEquals(6, s.interfaces().size());
        NetworkInterface lo = s.interfaceNamed("lo").orElseThrow();
        assertEquals(1, lo.index());
        assertEquals("loopback", lo.linkType());
        assertEquals(List.of("LOOPBACK", "UP", "LOWER_UP"), lo.flags());
        assertEquals(65536, lo.mtu());
        assertEquals(2, lo.addresses().size());
        InterfaceAddress v4 = lo.addresses().get(0);
        assertEquals(ip("127.0.0.1"), v4.local());
        assertEquals(8, v4.prefixLength());
        assertEquals(RouteScope.HOST, v4.scope());
        assertEquals(Optional.of("lo"), v4.label());
        assertEquals(Optional.empty(), lo.addresses().get(1).label());
        assertEquals(AddressFamily.IPV6, lo.addresses().get(1).family());

        NetworkInterface eth = s.interfaceNamed("enp0s8").orElseThrow();
        assertEquals("UP", eth.operState());
        assertEquals(Optional.of("08:00:27:4e:1a:9c"), eth.linkAddress());
        InterfaceAddress a = eth.addresses().get(0);
        assertEquals(IpPrefix.parse("192.168.56.0/24"), a.network());
        assertEquals(Optional.of(ip("192.168.56.255")), a.broadcast());
        assertEquals(List.of("dynamic"), a.flags());
        assertEquals(RouteScope.LINK, eth.addresses().get(1).scope());

        NetworkInterface veth = s.interfaceNamed("veth3f2a1c9e").orElseThrow();
        assertEquals(Optional.of("if2"), veth.linkPeer());
        assertEquals(Optional.of("cni0"), veth.master());
        assertEquals(25, veth.location().line());
        NetworkInterface ipvs = s.interfaceNamed("kube-ipvs0").orElseThrow();
        assertFalse(ipvs.isUp());
        assertEquals("DOWN", ipvs.operState());
        assertEquals(2, ipvs.addresses().size());
        assertTrue(s.interfaceNamed("flannel.1").orElseThrow().isUp());
        assertTrue(s.diagnostics().isEmpty(), s.diagnostics().toString());
    }

    @Test
    void detailedOutputGivesKinds() {
        RoutingState s = addresses("calico-ipip/ip-d-addr.txt");
        NetworkInterface tunl = s.interfaceNamed("tunl0").orElseThrow();
        assertEquals("ipip", tunl.linkType());
        assertEquals(Optional.of("ipip"), tunl.kind());
        assertEquals(Optional.of("NONE"), tunl.linkPeer());
        assertEquals(List.of("NOARP", "UP", "LOWER_UP"), tunl.flags());
        assertEquals(Optional.of(ip("192.168.84.128")), tunl.addresses().get(0).broadcast());
        NetworkInterface cali = s.interfaceNamed("calia9a07b1e42e").orElseThrow();
        assertEquals(Optional.of("veth"), cali.kind());
        assertEquals(OptionalInt.of(1), cali.linkNetnsId());
        assertEquals(Optional.of("ee:ee:ee:ee:ee:ee"), cali.linkAddress());
        NetworkInterface eth = s.interfaceNamed("eth0").orElseThrow();
        assertEquals(Optional.empty(), eth.kind());
        assertEquals(List.of("enp0s4"), eth.altNames());
        assertTrue(s.diagnostics().isEmpty(), s.diagnostics().toString());
    }

    @Test
    void macvlanDummySecondaryLabelAndPointToPoint() {
        RoutingState s = addresses("macvlan/ip-d-addr.txt");
        NetworkInterface shim = s.interfaceNamed("macvlan-shim").orElseThrow();
        assertEquals(Optional.of("macvlan"), shim.kind());
        assertEquals(Optional.of("eth0"), shim.linkPeer());
        assertEquals(Optional.of("dummy"), s.interfaceNamed("dummy0").orElseThrow().kind());
        InterfaceAddress vip = s.interfaceNamed("eth0").orElseThrow().addresses().get(1);
        assertEquals(List.of("secondary"), vip.flags());
        assertEquals(Optional.of("eth0:vip"), vip.label());
        assertEquals(List.of("noprefixroute"), s.interfaceNamed("eth0").orElseThrow().addresses().get(0).flags());
        NetworkInterface wg = s.interfaceNamed("wg0").orElseThrow();
        assertEquals("none", wg.linkType());
        assertEquals(Optional.of("wireguard"), wg.kind());
        InterfaceAddress ptp = wg.addresses().get(0);
        assertEquals(ip("10.20.0.1"), ptp.local());
        assertEquals(Optional.of(IpPrefix.parse("10.20.0.2/32")), ptp.peer());
        assertEquals(IpPrefix.parse("10.20.0.2/32"), ptp.network());
    }

    @Test
    void jsonOutput() {
        RoutingState s = addresses("flannel-host-gw/ip-j-addr.json");
        assertEquals(4, s.interfaces().size());
        NetworkInterface eth = s.interfaceNamed("enp0s8").orElseThrow();
        assertEquals(2, eth.index());
        assertEquals("ether", eth.linkType());
        assertEquals(Optional.of("08:00:27:91:3c:02"), eth.linkAddress());
        assertEquals(List.of("enp0s8x"), eth.altNames());
        InterfaceAddress a = eth.addresses().get(0);
        assertEquals(ip("192.168.56.22"), a.local());
        assertEquals(24, a.prefixLength());
        assertEquals(List.of("dynamic"), a.flags());
        assertEquals(Optional.of("enp0s8"), a.label());
        assertEquals(RouteScope.GLOBAL, a.scope());
        NetworkInterface cni = s.interfaceNamed("cni0").orElseThrow();
        assertEquals(Optional.of("bridge"), cni.kind());
        NetworkInterface veth = s.interfaceNamed("vethd81c02ab").orElseThrow();
        assertEquals(Optional.of("veth"), veth.kind());
        assertEquals(Optional.of("bridge"), veth.slaveKind());
        assertEquals(Optional.of("cni0"), veth.master());
        assertEquals(Optional.of("if2"), veth.linkPeer());
        assertEquals(OptionalInt.of(0), veth.linkNetnsId());
        assertEquals(4, veth.location().line());
        assertEquals(1, veth.location().column());
        assertTrue(s.interfaceNamed("lo").orElseThrow().isUp());
    }

    @Test
    void textAndJsonOfTheSameNodeAgree() {
        String text = String.join("\n",
                "2: enp0s8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default "
                        + "qlen 1000",
                "    link/ether 08:00:27:91:3c:02 brd ff:ff:ff:ff:ff:ff",
                "    altname enp0s8x",
                "    inet 192.168.56.22/24 metric 100 brd 192.168.56.255 scope global dynamic enp0s8",
                "       valid_lft 85652sec preferred_lft 85652sec",
                "    inet6 fe80::a00:27ff:fe91:3c02/64 scope link ",
                "       valid_lft forever preferred_lft forever",
                "");
        NetworkInterface fromText = new RoutingStateReader().addresses("t", text).state().interfaces().get(0);
        NetworkInterface fromJson = addresses("flannel-host-gw/ip-j-addr.json").interfaceNamed("enp0s8")
                .orElseThrow();
        assertEquals(fromJson.addresses(), fromText.addresses());
        assertEquals(fromJson.flags(), fromText.flags());
        assertEquals(fromJson.mtu(), fromText.mtu());
        assertEquals(fromJson.linkAddress(), fromText.linkAddress());
        assertEquals(fromJson.altNames(), fromText.altNames());
    }
}
