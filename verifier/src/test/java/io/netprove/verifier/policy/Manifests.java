package io.netprove.verifier.policy;

import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Pod;
import io.netprove.model.net.IpAddress;

/** Small manifests for the policy tests: YAML documents built from a few facts, read by the real reader. */
final class Manifests {

    private Manifests() {
    }

    static String namespace(String name, String... labels) {
        return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n" + labels("  ", labels);
    }

    /**
     * A running pod at {@code ip} with {@code labels} (key=value) and container {@code ports} (name:number/PROTO, or
     * number/PROTO).
     */
    static String pod(String namespace, String name, String ip, String[] labels, String... ports) {
        StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name
                + "\n  namespace: " + namespace + "\n" + labels("  ", labels) + "spec:\n  containers:\n"
                + "  - name: main\n");
        if (ports.length > 0) {
            sb.append("    ports:\n");
            for (String p : ports) {
                String[] numberProto = p.substring(p.indexOf(':') + 1).split("/");
                sb.append("    - containerPort: ").append(numberProto[0]).append('\n');
                sb.append("      protocol: ").append(numberProto.length > 1 ? numberProto[1] : "TCP").append('\n');
                if (p.contains(":")) {
                    sb.append("      name: ").append(p, 0, p.indexOf(':')).append('\n');
                }
            }
        }
        return sb.append("status:\n  phase: Running\n  podIP: ").append(ip).append('\n').toString();
    }

    /** {@code pod} (made by {@link #pod}) bound to {@code node}, whose address {@code hostIp} is its host IP. */
    static String onNode(String pod, String node, String hostIp) {
        return pod.replace("spec:\n", "spec:\n  nodeName: " + node + "\n") + "  hostIP: " + hostIp + "\n";
    }

    /** A running hostNetwork pod on {@code node}, at the node's address. */
    static String hostNetworkPod(String namespace, String name, String node, String nodeIp, String... labels) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  namespace: " + namespace + "\n"
                + labels("  ", labels) + "spec:\n  nodeName: " + node + "\n  hostNetwork: true\n  containers:\n"
                + "  - name: main\nstatus:\n  phase: Running\n  podIP: " + nodeIp + "\n  hostIP: " + nodeIp + "\n";
    }

    /** A Node with one InternalIP. */
    static String node(String name, String internalIp) {
        return "apiVersion: v1\nkind: Node\nmetadata:\n  name: " + name + "\nstatus:\n  addresses:\n"
                + "  - {type: InternalIP, address: " + internalIp + "}\n";
    }

    static String[] labels(String... pairs) {
        return pairs;
    }

    private static String labels(String indent, String[] pairs) {
        if (pairs.length == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(indent + "labels:\n");
        for (String pair : pairs) {
            String[] kv = pair.split("=", 2);
            sb.append(indent).append("  ").append(kv[0]).append(": \"").append(kv[1]).append("\"\n");
        }
        return sb.toString();
    }

    /** Reads the documents as one file named {@code test.yaml}. */
    static ClusterObjects cluster(String... documents) {
        return new ManifestReader().readText("test.yaml", String.join("---\n", documents));
    }

    static Pod pod(ClusterObjects cluster, String qualified) {
        String[] parts = qualified.split("/");
        return cluster.pod(parts[0], parts[1]).orElseThrow(() -> new AssertionError("no pod " + qualified));
    }

    static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }
}
