package io.netprove.bench;

import io.netprove.grammar.intent.IntentReader;
import io.netprove.grammar.iptables.GeneratedEndpoint;
import io.netprove.grammar.iptables.GeneratedService;
import io.netprove.grammar.iptables.KubeProxyLayout;
import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.Statement;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.net.IpAddress;
import io.netprove.model.node.NodeState;
import io.netprove.verifier.check.ClusterContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statement benchmarks' workload: the generated kube-proxy cluster of {@link KubeProxyWorkload}, with the
 * manifests that describe the same services (Services and EndpointSlices) and an intent with four zones, so that the
 * whole check pipeline (exploration, judging, Z3, witness replay) runs as it does for a user.
 */
public final class StatementWorkload {

    public static final String STATEMENT = "internet cannot reach pods on tcp";

    private final KubeProxyWorkload dump;
    private final ClusterContext context;
    private final Intent intent;

    public StatementWorkload(int services, int endpoints, long seed) {
        this.dump = new KubeProxyWorkload(services, endpoints, seed);
        this.intent = IntentReader.read(Path.of("bench.np"), """
                cluster bench {
                  pod network 10.0.0.0/8
                  service network 172.30.0.0/16
                  node node-1 address 192.168.0.2, 192.168.99.11
                }
                zone internet = 203.0.113.0/24
                zone office = 10.140.0.0/16
                zone partners = 198.51.100.0/24
                zone vpn = 172.16.0.0/16
                """ + STATEMENT + "\n");
        ClusterObjects objects = new ManifestReader().readText("bench-manifests.yaml", manifests(dump));
        NodeState node = new NodeState("node-1", List.of(IpAddress.parse(KubeProxyLayout.NODE_IP),
                IpAddress.parse(KubeProxyLayout.NODE_EXTRA_IP)), Optional.of(dump.parse()), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("iptables"), List.of(),
                List.of());
        this.context = ClusterContext.of(intent, objects, Map.of("node-1", node));
    }

    public ClusterContext context() {
        return context;
    }

    public Statement statement() {
        return intent.statements().get(0);
    }

    public int services() {
        return dump.cluster().services().size();
    }

    /** Services and EndpointSlices (kubectl's multi-document YAML) for the generated services. */
    static String manifests(KubeProxyWorkload w) {
        StringBuilder sb = new StringBuilder();
        for (GeneratedService s : w.cluster().services()) {
            String[] nsName = s.name().split("/", 2);
            String ns = nsName[0];
            String name = nsName[1].substring(0, nsName[1].indexOf(':'));
            String portName = nsName[1].substring(nsName[1].indexOf(':') + 1);
            String proto = s.protocol().toUpperCase();
            String type = !s.loadBalancerIps().isEmpty() ? "LoadBalancer" : s.nodePort() != 0 ? "NodePort"
                    : "ClusterIP";
            sb.append("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ").append(name)
                    .append("\n  namespace: ").append(ns).append("\nspec:\n  type: ").append(type)
                    .append("\n  clusterIP: ").append(s.clusterIp()).append("\n  ports:\n  - name: ").append(portName)
                    .append("\n    protocol: ").append(proto).append("\n    port: ").append(s.port());
            if (s.nodePort() != 0) {
                sb.append("\n    nodePort: ").append(s.nodePort());
            }
            if (!s.externalIps().isEmpty()) {
                sb.append("\n  externalIPs:");
                s.externalIps().forEach(ip -> sb.append("\n  - ").append(ip));
            }
            if (s.localPolicy() && s.nodePort() != 0) {
                sb.append("\n  externalTrafficPolicy: Local");
            }
            if (!s.loadBalancerIps().isEmpty()) {
                sb.append("\nstatus:\n  loadBalancer:\n    ingress:");
                s.loadBalancerIps().forEach(ip -> sb.append("\n    - ip: ").append(ip));
            }
            sb.append("\n---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ")
                    .append(name).append("-x\n  namespace: ").append(ns)
                    .append("\n  labels:\n    kubernetes.io/service-name: ").append(name)
                    .append("\naddressType: IPv4\n");
            if (s.endpoints().isEmpty()) {
                sb.append("endpoints: []\n");
            } else {
                sb.append("endpoints:\n");
                for (GeneratedEndpoint e : s.endpoints()) {
                    sb.append("- addresses: [\"").append(e.ip()).append("\"]\n  nodeName: ")
                            .append(e.local() ? "node-1" : "node-2").append('\n');
                }
            }
            int target = s.endpoints().isEmpty() ? s.port() : s.endpoints().get(0).port();
            sb.append("ports:\n- name: ").append(portName).append("\n  port: ").append(target)
                    .append("\n  protocol: ").append(proto).append('\n');
        }
        return sb.toString();
    }
}
