package io.netprove.verifier.topology;

import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * hostPort (the CNI portmap plugin's chains), host-network pods, requests through an ingress controller (two legs and
 * the routing decision) and paths through the API server (port-forward, the service proxy), end to end on a small
 * cluster.
 */
class ProxiedExposureTest {

    @TempDir
    Path tmp;

    private static String service(String ns, String name, int port, String target, String app) {
        return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\nspec:\n"
                + "  clusterIP: 10.96.0." + (10 + Math.abs(name.hashCode() % 200)) + "\n  ports:\n  - name: p\n"
                + "    port: " + port + "\n    targetPort: " + target + "\n    protocol: TCP\n  selector:\n    app: "
                + app + "\n";
    }

    /** A pod whose container port has a hostPort (hostNetwork: the pod's IP is its node's). */
    private static String hostPod(String ns, String name, String node, String ip, String app, int port, int hostPort,
                                  boolean hostNetwork) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\n  labels:\n"
                + "    app: " + app + "\nspec:\n  nodeName: " + node + (hostNetwork ? "\n  hostNetwork: true" : "")
                + "\n  containers:\n  - name: c\n    image: x\n    ports:\n    - name: http\n      containerPort: "
                + port + "\n      hostPort: " + hostPort + "\n      protocol: TCP\nstatus:\n  phase: Running\n"
                + "  conditions:\n  - type: Ready\n    status: \"True\"\n  podIP: " + ip + "\n  podIPs:\n  - ip: " + ip
                + "\n";
    }

    private ClusterFixture cluster(String dir) {
        return new ClusterFixture(tmp.resolve(dir))
                .node("node-1", "192.168.0.2", "10.244.1.0/24")
                .node("node-2", "192.168.0.3", "10.244.2.0/24")
                .namespace("shop")
                .cluster("cni flannel-vxlan")
                .line("zone office = 10.140.0.0/16")
                .line("zone internet = everything except cluster, office");
    }

    /** The portmap plugin's rules for one container: hostPort 443 to {@code pod}:8443. */
    private static ClusterFixture portmap(ClusterFixture c, String node, String pod) {
        return c.nat(node, ":CNI-HOSTPORT-DNAT - [0:0]").nat(node, ":CNI-DN-0a1b2c3d4e5f60718293a - [0:0]")
                .nat(node, ":CNI-HOSTPORT-SETMARK - [0:0]").nat(node, ":CNI-HOSTPORT-MASQ - [0:0]")
                .nat(node, "-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT")
                .nat(node, "-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT")
                .nat(node, "-A POSTROUTING -m comment --comment \"CNI portfwd requiring masquerade\""
                        + " -j CNI-HOSTPORT-MASQ")
                .nat(node, "-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment \"dnat name: \\\"cbr0\\\" id:"
                        + " \\\"0123\\\"\" -m multiport --dports 443 -j CNI-DN-0a1b2c3d4e5f60718293a")
                .nat(node, "-A CNI-DN-0a1b2c3d4e5f60718293a -s 10.244.0.0/16 -p tcp -m tcp --dport 443"
                        + " -j CNI-HOSTPORT-SETMARK")
                .nat(node, "-A CNI-DN-0a1b2c3d4e5f60718293a -p tcp -m tcp --dport 443 -j DNAT --to-destination "
                        + pod + ":8443")
                .nat(node, "-A CNI-HOSTPORT-SETMARK -j MARK --set-xmark 0x2000/0x2000")
                .nat(node, "-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE");
    }

    @Test
    void hostPortsArePublishedByThePortmapChains() {
        ClusterFixture c = cluster("hostport")
                .manifest(hostPod("shop", "edge-1", "node-1", "10.244.1.8", "edge", 8443, 443, false))
                .manifest(hostPod("shop", "edge-2", "node-2", "10.244.2.8", "edge", 8443, 443, false))
                .manifest(service("shop", "edge", 443, "http", "edge"))
                .line("service shop/edge is exposed as hostport")
                .line("office can reach service shop/edge via hostport")
                .line("internet cannot reach service shop/edge")
                .line("service shop/edge is exposed as hostnetwork");
        portmap(c, "node-1", "10.244.1.8");
        List<Verdict> vs = c.check();
        assertEquals(Status.HOLDS, vs.get(0).status(), vs.get(0).summary());
        assertTrue(ClusterFixture.steps(vs.get(0)).contains("CNI-DN-0a1b2c3d4e5f60718293a DNAT to 10.244.1.8:8443"),
                ClusterFixture.steps(vs.get(0)));
        assertEquals(Status.VIOLATED, vs.get(1).status(), "node-2 has no portmap rule: " + vs.get(1).summary());
        assertTrue(vs.get(1).summary().contains("192.168.0.3:443") && vs.get(1).summary().contains("LOCAL"),
                vs.get(1).summary());
        assertEquals(Status.VIOLATED, vs.get(2).status(), vs.get(2).summary());
        assertTrue(vs.get(2).summary().contains("192.168.0.2:443"), vs.get(2).summary());
        assertEquals(Status.VIOLATED, vs.get(3).status());
        assertTrue(vs.get(3).reasons().get(0).contains("no pod of the service runs on the host network"),
                String.valueOf(vs.get(3).reasons()));
    }

    @Test
    void hostNetworkPodsAreReachedAtTheirNodeAndTheInputChainDecides() {
        List<Verdict> vs = cluster("hostnetwork")
                .manifest(hostPod("shop", "exporter", "node-2", "192.168.0.3", "exporter", 9100, 9100, true))
                .manifest(service("shop", "exporter", 9100, "http", "exporter"))
                .filter("node-2", "-A INPUT -s 10.140.0.0/16 -p tcp -m tcp --dport 9100 -j ACCEPT")
                .filter("node-2", "-A INPUT -p tcp -m tcp --dport 9100 -j DROP")
                .line("office can reach service shop/exporter via hostnetwork")
                .line("internet cannot reach service shop/exporter")
                .line("office can reach service shop/exporter")
                .line("service shop/exporter is exposed only via hostnetwork")
                .check();
        assertEquals(Status.HOLDS, vs.get(0).status(), vs.get(0).summary());
        assertTrue(vs.get(0).summary().contains("hostnetwork 192.168.0.3:9100"), vs.get(0).summary());
        assertEquals(Status.HOLDS, vs.get(1).status(), vs.get(1).summary());
        assertEquals(Status.HOLDS, vs.get(2).status(), "host-network pods are frontends from outside by default");
        assertEquals(Status.HOLDS, vs.get(3).status(), vs.get(3).summary());
    }

    private static final String CONTROLLER = "ingress controller pods shop/app=ctl class nginx";

    private static String ingress(String name, String cls, String host, String path, String type, String service,
                                  String port) {
        return "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: " + name + "\n  namespace: shop\n"
                + "spec:\n  ingressClassName: " + cls + "\n  rules:\n  - host: " + host + "\n    http:\n      paths:\n"
                + "      - path: " + path + "\n        pathType: " + type + "\n        backend:\n          service:\n"
                + "            name: " + service + "\n            port:\n              " + port + "\n";
    }

    private ClusterFixture ingressCluster(String dir) {
        ClusterFixture c = cluster(dir).cluster(CONTROLLER)
                .manifest(hostPod("shop", "ctl-1", "node-1", "10.244.1.8", "ctl", 8443, 443, false))
                .pod("shop", "web", "node-2", "10.244.2.7", "app=web", 8080)
                .manifest(service("shop", "web", 80, "8080", "web"))
                .manifest(ingress("web", "nginx", "shop.example.com", "/", "Prefix", "web", "number: 80"));
        return portmap(c, "node-1", "10.244.1.8");
    }

    @Test
    void aRequestTakesTwoLegsAndTheVerdictNamesTheRule() {
        List<Verdict> vs = ingressCluster("ingress")
                .manifest(ingress("broken", "nginx", "broken.example.com", "/", "Prefix", "web", "number: 81"))
                .manifest(ingress("other", "traefik", "other.example.com", "/", "Prefix", "web", "number: 80"))
                .line("office can reach http://shop.example.com:443/cart")
                .line("office can reach http://shop.example.com:8443/")
                .line("internet can reach http://broken.example.com/")
                .line("office can reach http://nothing.example.com/")
                .line("service shop/web is exposed as ingress")
                .line("office can reach https://shop.example.com/")
                .check();
        Verdict ok = vs.get(0);
        assertEquals(Status.HOLDS, ok.status(), ok.summary());
        assertTrue(ok.summary().contains("rule host shop.example.com path / (Prefix) -> service web:80"), ok.summary());
        assertTrue(ok.summary().contains("hostport 192.168.0.2:443"), ok.summary());
        assertEquals(2, ok.witnesses().size(), "one witness per leg");
        assertEquals("10.244.1.8", ok.witnesses().get(1).packet().source().toString(), "leg 2 leaves the controller");
        assertEquals(Status.VIOLATED, vs.get(1).status(), "no frontend on 8443: " + vs.get(1).summary());
        Verdict broken = vs.get(2);
        assertEquals(Status.VIOLATED, broken.status());
        assertTrue(broken.summary().contains("names port 81 of Service shop/web, which has no such TCP port"),
                broken.summary());
        assertTrue(broken.summary().contains("objects.yaml:"), "with the Ingress's file and line: " + broken.summary());
        assertEquals(Status.VIOLATED, vs.get(3).status());
        assertTrue(vs.get(3).summary().contains("404"), vs.get(3).summary());
        assertEquals(Status.HOLDS, vs.get(4).status(), vs.get(4).summary());
        assertEquals(2, vs.get(4).witnesses().size());
        assertEquals(Status.VIOLATED, vs.get(5).status());
        assertTrue(vs.get(5).summary().contains("under tls"), vs.get(5).summary());
    }

    @Test
    void aNetworkPolicyOnTheBackendBreaksTheSecondLeg() {
        String deny = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web-only-from-x\n"
                + "  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - from:\n"
                + "    - podSelector:\n        matchLabels:\n          app: x\n";
        List<Verdict> vs = ingressCluster("policy").manifest(deny)
                .line("office can reach http://shop.example.com:443/")
                .line("office cannot reach service shop/web")
                .check();
        assertEquals(Status.VIOLATED, vs.get(0).status());
        assertTrue(vs.get(0).summary().contains("leg 1 holds, but leg 2"), vs.get(0).summary());
        assertTrue(ClusterFixture.steps(vs.get(0)).contains("NetworkPolicy ingress of pod shop/web"),
                ClusterFixture.steps(vs.get(0)));
        assertEquals(Status.HOLDS, vs.get(1).status(), vs.get(1).summary());
        assertTrue(vs.get(1).summary().contains("no connection from its pods reaches shop/web"), vs.get(1).summary());
    }

    @Test
    void proxiedPathsNeedTheirDeclarations() {
        List<Verdict> vs = cluster("undeclared")
                .pod("shop", "web", "node-2", "10.244.2.7", "app=web", 8080)
                .manifest(service("shop", "web", 80, "8080", "web"))
                .line("office can reach http://shop.example.com/")
                .line("office can reach service shop/web via port-forward")
                .line("office cannot reach service shop/web via api-proxy")
                .line("office cannot reach service shop/web")
                .check();
        assertEquals(Status.UNKNOWN, vs.get(0).status());
        assertTrue(vs.get(0).summary().contains("ingress controller pods NAMESPACE/SELECTOR"), vs.get(0).summary());
        assertEquals(Status.UNKNOWN, vs.get(1).status());
        assertTrue(vs.get(1).summary().contains("api server ADDRESS:PORT"), vs.get(1).summary());
        assertEquals(Status.UNKNOWN, vs.get(2).status());
        assertEquals(Status.HOLDS, vs.get(3).status(), "without declarations, no proxied path is assumed");
    }

    @Test
    void portForwardAndTheServiceProxyGoThroughTheApiServer() {
        List<Verdict> vs = cluster("api").cluster("api server 192.168.0.2:6443")
                .line("zone operators = 10.150.0.0/24")
                .line("zone operators has api access")
                .pod("shop", "db", "node-2", "10.244.2.9", "app=db", 5432)
                .manifest(service("shop", "db", 5432, "5432", "db"))
                .filter("node-2", "-A INPUT -p tcp -m tcp --dport 10250 -j DROP")
                .line("operators can reach service shop/db via api-proxy")
                .line("operators can reach service shop/db via port-forward")
                .line("office can reach service shop/db via api-proxy")
                .line("operators cannot reach service shop/db")
                .line("office cannot reach service shop/db")
                .line("service shop/db is exposed only via api-proxy")
                .check();
        assertEquals(Status.HOLDS, vs.get(0).status(), vs.get(0).summary());
        assertEquals(2, vs.get(0).witnesses().size());
        assertEquals("192.168.0.2", vs.get(0).witnesses().get(1).packet().source().toString());
        assertEquals(Status.VIOLATED, vs.get(1).status(), "the kubelet's port is closed: " + vs.get(1).summary());
        assertTrue(vs.get(1).summary().contains("leg 2") && vs.get(1).summary().contains("192.168.0.3:10250"),
                vs.get(1).summary());
        assertEquals(Status.VIOLATED, vs.get(2).status());
        assertTrue(vs.get(2).summary().contains("no address of office has API access"), vs.get(2).summary());
        assertEquals(Status.VIOLATED, vs.get(3).status(), "the service proxy is a way in: " + vs.get(3).summary());
        assertTrue(vs.get(3).summary().startsWith("api-proxy through the API server at 192.168.0.2:6443"),
                vs.get(3).summary());
        assertEquals(Status.HOLDS, vs.get(4).status(), vs.get(4).summary());
        assertEquals(Status.HOLDS, vs.get(5).status(), "port-forward is closed at the kubelet: " + vs.get(5).summary());
        assertTrue(vs.get(5).approximations().stream().anyMatch(a -> a.contains("RBAC is not modelled")),
                String.valueOf(vs.get(5).approximations()));
    }

    @Test
    void anApiServerOutsideTheDeclaredNodesIsUnknown() {
        List<Verdict> vs = cluster("external-api").cluster("api server 203.0.113.5:443")
                .line("zone operators = 10.150.0.0/24")
                .line("zone operators has api access")
                .pod("shop", "db", "node-2", "10.244.2.9", "app=db", 5432)
                .manifest(service("shop", "db", 5432, "5432", "db"))
                .line("operators can reach service shop/db via port-forward")
                .check();
        assertEquals(Status.UNKNOWN, vs.get(0).status());
        assertTrue(vs.get(0).summary().contains("belong to no declared node"), vs.get(0).summary());
    }
}
