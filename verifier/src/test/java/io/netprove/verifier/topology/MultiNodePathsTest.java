package io.netprove.verifier.topology;

import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paths that cross nodes: the second node's rules, tunnels, captured routes, loops, gateways and MAC-VLAN pods. */
class MultiNodePathsTest {

    @TempDir
    Path tmp;

    /** node-1 runs the client pod, node-2 the web pod. */
    private ClusterFixture twoNodes() {
        return new ClusterFixture(tmp)
                .node("node-1", "192.168.0.2", "10.244.1.0/24")
                .node("node-2", "192.168.0.3", "10.244.2.0/24")
                .namespace("shop")
                .pod("shop", "client", "node-1", "10.244.1.5", "app=client", 80)
                .pod("shop", "web", "node-2", "10.244.2.7", "app=web", 8080);
    }

    private static Verdict only(List<Verdict> vs, int i) {
        return vs.get(i);
    }

    @Test
    void theSecondNodesRulesDecide() {
        List<Verdict> open = twoNodes()
                .line("pods shop/app=client can reach pods shop/app=web on tcp/8080 directly")
                .check();
        assertEquals(Status.HOLDS, open.get(0).status(), open.get(0).summary());

        List<Verdict> closed = new ClusterFixture(tmp.resolve("closed"))
                .node("node-1", "192.168.0.2", "10.244.1.0/24")
                .node("node-2", "192.168.0.3", "10.244.2.0/24")
                .namespace("shop")
                .pod("shop", "client", "node-1", "10.244.1.5", "app=client", 80)
                .pod("shop", "web", "node-2", "10.244.2.7", "app=web", 8080)
                .filter("node-2", "-A FORWARD -d 10.244.2.7/32 -p tcp -m tcp --dport 8080 -j DROP")
                .line("pods shop/app=client can reach pods shop/app=web on tcp/8080")
                .line("pods shop/app=client cannot reach pods shop/app=web on tcp/8080")
                .check();
        Verdict can = closed.get(0);
        assertEquals(Status.VIOLATED, can.status(), can.summary());
        String steps = ClusterFixture.steps(can);
        assertTrue(steps.contains("leaves node-1 for node-2"), steps);
        assertTrue(steps.contains("DROP"), steps);
        assertEquals("node-1", can.witnesses().get(0).node());
        assertEquals(Status.HOLDS, closed.get(1).status(), closed.get(1).summary());
    }

    @Test
    void aNodeFirewallThatDropsVxlanCutsPodTrafficBetweenNodes() {
        List<Verdict> vxlan = twoNodes()
                .cluster("cni flannel-vxlan")
                .filter("node-2", "-A INPUT -p udp -m udp --dport 8472 -j DROP")
                .line("pods shop/app=client can reach pods shop/app=web on tcp/8080")
                .line("pods shop/app=client cannot reach pods shop/app=web")
                .check();
        Verdict v = vxlan.get(0);
        assertEquals(Status.VIOLATED, v.status(), v.summary());
        String steps = ClusterFixture.steps(v);
        assertTrue(steps.contains("VXLAN (UDP 8472) packets from node-1 to node-2 are dropped"), steps);
        assertTrue(steps.contains("--dport 8472 -j DROP"), steps);
        assertEquals(Status.HOLDS, vxlan.get(1).status(), vxlan.get(1).summary());

        List<Verdict> hostGw = new ClusterFixture(tmp.resolve("hostgw"))
                .node("node-1", "192.168.0.2", "10.244.1.0/24")
                .node("node-2", "192.168.0.3", "10.244.2.0/24")
                .namespace("shop")
                .pod("shop", "client", "node-1", "10.244.1.5", "app=client", 80)
                .pod("shop", "web", "node-2", "10.244.2.7", "app=web", 8080)
                .cluster("cni flannel-host-gw")
                .filter("node-2", "-A INPUT -p udp -m udp --dport 8472 -j DROP")
                .line("pods shop/app=client can reach pods shop/app=web on tcp/8080")
                .check();
        assertEquals(Status.HOLDS, hostGw.get(0).status(), "host-gw does not use VXLAN");
    }

    @Test
    void ipipNeedsProtocolFourBetweenNodes() {
        List<Verdict> vs = twoNodes()
                .cluster("cni calico-ipip")
                .filter("node-1", "-A OUTPUT -p 4 -j DROP")
                .line("pods shop/app=client can reach pods shop/app=web on tcp/8080")
                .check();
        assertEquals(Status.VIOLATED, vs.get(0).status(), vs.get(0).summary());
        assertTrue(ClusterFixture.steps(vs.get(0)).contains("IPIP packets from node-1 to node-2 are dropped: node-1"
                + " does not send them"), ClusterFixture.steps(vs.get(0)));
    }

    @Test
    void capturedRoutesDecideTheNextHopAndItsTunnel() {
        String node1 = "default via 192.168.0.1 dev eth0\n"
                + "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1\n"
                + "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink\n"
                + "192.168.0.0/24 dev eth0 proto kernel scope link src 192.168.0.2\n";
        List<Verdict> vs = twoNodes()
                .routes("node-1", node1)
                .filter("node-2", "-A INPUT -p udp -m udp --dport 8472 -j DROP")
                .line("pods shop/app=client can reach pods shop/app=web on tcp/8080")
                .check();
        assertEquals(Status.VIOLATED, vs.get(0).status(), "flannel.1 in the route means VXLAN, declared or not");
        assertTrue(ClusterFixture.steps(vs.get(0)).contains("VXLAN (UDP 8472)"), ClusterFixture.steps(vs.get(0)));

        List<Verdict> blackhole = new ClusterFixture(tmp.resolve("bh"))
                .node("node-1", "192.168.0.2", "10.244.1.0/24")
                .node("node-2", "192.168.0.3", "10.244.2.0/24")
                .namespace("shop")
                .pod("shop", "client", "node-1", "10.244.1.5", "app=client", 80)
                .pod("shop", "web", "node-2", "10.244.2.7", "app=web", 8080)
                .routes("node-1", "default via 192.168.0.1 dev eth0\nblackhole 10.244.2.0/24\n"
                        + "10.244.1.0/24 dev cni0 scope link\n")
                .line("pods shop/app=client cannot reach pods shop/app=web")
                .line("pods shop/app=client can reach pods shop/app=web on tcp/8080")
                .check();
        assertEquals(Status.HOLDS, blackhole.get(0).status(), blackhole.get(0).summary());
        assertEquals(Status.VIOLATED, blackhole.get(1).status());
        assertTrue(ClusterFixture.steps(blackhole.get(1)).contains("blackhole route"),
                ClusterFixture.steps(blackhole.get(1)));
    }

    @Test
    void aForwardingLoopIsAVerdictNotAHang() {
        List<Verdict> vs = twoNodes()
                .node("node-3", "192.168.0.4", "10.244.3.0/24")
                .pod("shop", "db", "node-3", "10.244.3.9", "app=db", 5432)
                .routes("node-1", "default via 192.168.0.1 dev eth0\n10.244.1.0/24 dev cni0 scope link\n"
                        + "10.244.3.0/24 via 192.168.0.3 dev eth0\n192.168.0.0/24 dev eth0 scope link\n")
                .routes("node-2", "default via 192.168.0.1 dev eth0\n10.244.2.0/24 dev cni0 scope link\n"
                        + "10.244.3.0/24 via 192.168.0.2 dev eth0\n192.168.0.0/24 dev eth0 scope link\n")
                .line("pods shop/app=client can reach pods shop/app=db on tcp/5432")
                .line("pods shop/app=client cannot reach pods shop/app=db")
                .check();
        Verdict v = vs.get(0);
        assertEquals(Status.VIOLATED, v.status(), v.summary());
        assertTrue(ClusterFixture.steps(v).contains("forwarding loop: node-1 -> node-2 -> node-1"),
                ClusterFixture.steps(v));
        assertEquals(Status.HOLDS, vs.get(1).status(), vs.get(1).summary());
    }

    @Test
    void aZoneRoutedThroughOneNodeReachesPodsOnAnother() {
        List<Verdict> routed = twoNodes()
                .line("zone office = 10.141.0.0/16")
                .line("zone office routes to pods via node node-1")
                .line("office can reach pods shop/app=web on tcp/8080 directly")
                .check();
        Verdict v = routed.get(0);
        assertEquals(Status.HOLDS, v.status(), v.summary());

        List<Verdict> blocked = new ClusterFixture(tmp.resolve("blocked"))
                .node("node-1", "192.168.0.2", "10.244.1.0/24")
                .node("node-2", "192.168.0.3", "10.244.2.0/24")
                .namespace("shop")
                .pod("shop", "web", "node-2", "10.244.2.7", "app=web", 8080)
                .filter("node-2", "-A FORWARD -s 10.141.0.0/16 -j REJECT")
                .line("zone office = 10.141.0.0/16")
                .line("zone office routes to pods via node node-1")
                .line("office can reach pods shop/app=web on tcp/8080")
                .check();
        Verdict b = blocked.get(0);
        assertEquals(Status.VIOLATED, b.status(), b.summary());
        assertEquals("node-1", b.witnesses().get(0).node(), "office traffic to pods enters at node-1 only");
        assertTrue(ClusterFixture.steps(b).contains("REJECT"), ClusterFixture.steps(b));

        List<Verdict> unrouted = new ClusterFixture(tmp.resolve("unrouted"))
                .node("node-1", "192.168.0.2", "10.244.1.0/24")
                .namespace("shop")
                .pod("shop", "web", "node-1", "10.244.1.7", "app=web", 8080)
                .line("zone office = 10.141.0.0/16")
                .line("office can reach pods shop/app=web on tcp/8080")
                .line("office cannot reach pods shop/app=web")
                .check();
        assertEquals(Status.VIOLATED, unrouted.get(0).status());
        assertTrue(unrouted.get(0).summary().contains("cannot carry destination"), unrouted.get(0).summary());
        assertEquals(Status.HOLDS, unrouted.get(1).status(), "pod IPs exist only inside the cluster network");
    }

    @Test
    void aVpnZoneEntersThroughItsGatewayPod() {
        List<Verdict> vs = twoNodes()
                .namespace("vpn")
                .pod("vpn", "openvpn", "node-1", "10.244.1.9", "app=openvpn", 1194)
                .line("zone vpn = 10.8.0.0/24")
                .line("zone vpn routes to pods via pods vpn/app=openvpn")
                .line("vpn can reach pods shop/app=web on tcp/8080 directly")
                .check();
        assertEquals(Status.HOLDS, vs.get(0).status(), vs.get(0).summary());

        List<Verdict> dropped = new ClusterFixture(tmp.resolve("vpn-dropped"))
                .node("node-1", "192.168.0.2", "10.244.1.0/24")
                .node("node-2", "192.168.0.3", "10.244.2.0/24")
                .namespace("shop").namespace("vpn")
                .pod("shop", "web", "node-2", "10.244.2.7", "app=web", 8080)
                .pod("vpn", "openvpn", "node-1", "10.244.1.9", "app=openvpn", 1194)
                .filter("node-2", "-A FORWARD -s 10.8.0.0/24 -j DROP")
                .line("zone vpn = 10.8.0.0/24")
                .line("zone vpn routes to pods via pods vpn/app=openvpn")
                .line("vpn can reach pods shop/app=web on tcp/8080")
                .check();
        assertEquals(Status.VIOLATED, dropped.get(0).status(), dropped.get(0).summary());
        assertEquals("node-1", dropped.get(0).witnesses().get(0).node());
    }

    @Test
    void macvlanPodsAreOnTheParentNetwork() {
        List<Verdict> vs = twoNodes()
                .cluster("macvlan network 10.140.200.0/24")
                .namespace("biz")
                .pod("biz", "shop", "node-1", "10.140.200.5", "app=shop", 80)
                .filter("node-1", "-A FORWARD -j DROP")
                .filter("node-2", "-A FORWARD -j DROP")
                .line("zone office = 10.141.0.0/16")
                .line("office can reach pods biz/app=shop on tcp/80 directly")
                .line("pods biz/app=shop cannot reach node node-1")
                .line("pods biz/app=shop can reach node node-1 on tcp/22")
                .line("pods biz/app=shop can reach node node-2 on tcp/22")
                .line("pods biz/app=shop cannot reach services")
                .line("pods shop/app=client can reach pods biz/app=shop on tcp/80")
                .check();
        assertEquals(Status.HOLDS, vs.get(0).status(), "no node's FORWARD chain is on the path: " + vs.get(0).summary());
        assertEquals(Status.HOLDS, vs.get(1).status(), vs.get(1).summary());
        assertEquals(Status.VIOLATED, vs.get(2).status());
        assertTrue(vs.get(2).summary().contains("MAC-VLAN pod cannot reach its own node's address"),
                vs.get(2).summary());
        assertEquals(Status.HOLDS, vs.get(3).status(), vs.get(3).summary());
        assertEquals(Status.HOLDS, vs.get(4).status(), vs.get(4).summary());
        assertEquals(Status.VIOLATED, vs.get(5).status(), "node-1 forwards, but its FORWARD chain drops");

        List<Verdict> fromNode2 = new ClusterFixture(tmp.resolve("mv2"))
                .node("node-1", "192.168.0.2", "10.244.1.0/24")
                .node("node-2", "192.168.0.3", "10.244.2.0/24")
                .cluster("macvlan network 10.140.200.0/24")
                .namespace("biz").namespace("shop")
                .pod("biz", "shop", "node-1", "10.140.200.5", "app=shop", 80)
                .pod("shop", "a", "node-1", "10.244.1.5", "app=a", 80)
                .pod("shop", "b", "node-2", "10.244.2.5", "app=b", 80)
                .line("pods shop/app=b can reach pods biz/app=shop on tcp/80")
                .line("pods shop/app=a can reach pods biz/app=shop on tcp/80")
                .check();
        assertEquals(Status.HOLDS, fromNode2.get(0).status(), fromNode2.get(0).summary());
        assertEquals(Status.VIOLATED, fromNode2.get(1).status(), "node-1 cannot reach its own MAC-VLAN child");
        assertTrue(ClusterFixture.steps(fromNode2.get(1)).contains("cannot exchange traffic with its own MAC-VLAN"),
                ClusterFixture.steps(fromNode2.get(1)));
    }
}
