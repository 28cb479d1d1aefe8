package io.netprove.verifier.topology;

import io.netprove.grammar.input.VerificationInput;
import io.netprove.model.intent.Statement;
import io.netprove.model.verdict.Verdict;
import io.netprove.verifier.check.ClusterContext;
import io.netprove.verifier.check.StatementChecker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small cluster written to a folder: nodes with a pod subnet each, pods, services, each node's iptables-save (open
 * policies plus the rules a test adds) and, when given, its routes; and an intent whose statements are checked.
 */
final class ClusterFixture {

    private final Path dir;
    private final Map<String, String> nodes = new LinkedHashMap<>();
    private final Map<String, String> podCidrs = new LinkedHashMap<>();
    private final Map<String, List<String>> filterRules = new LinkedHashMap<>();
    private final Map<String, List<String>> natRules = new LinkedHashMap<>();
    private final Map<String, String> routes = new LinkedHashMap<>();
    private final List<String> manifests = new ArrayList<>();
    private final List<String> clusterLines = new ArrayList<>();
    private final List<String> intentLines = new ArrayList<>();

    ClusterFixture(Path dir) {
        this.dir = dir;
    }

    ClusterFixture node(String name, String address, String podCidr) {
        nodes.put(name, address);
        podCidrs.put(name, podCidr);
        filterRules.put(name, new ArrayList<>());
        natRules.put(name, new ArrayList<>());
        manifests.add("apiVersion: v1\nkind: Node\nmetadata:\n  name: " + name + "\nspec:\n  podCIDR: " + podCidr
                + "\n  podCIDRs: [" + podCidr + "]\nstatus:\n  addresses:\n  - type: InternalIP\n    address: "
                + address + "\n");
        return this;
    }

    /** A pod with labels (k=v,...), listening on TCP {@code port}. */
    ClusterFixture pod(String ns, String name, String node, String ip, String labels, int port) {
        StringBuilder l = new StringBuilder();
        for (String kv : labels.split(",")) {
            String[] p = kv.split("=");
            l.append("\n    ").append(p[0]).append(": ").append(p[1]);
        }
        manifests.add("apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\n  labels:" + l + "\nspec:\n  nodeName: " + node + "\n  containers:\n  - name: c\n    image: x\n"
                + "    ports:\n    - containerPort: " + port + "\n      protocol: TCP\nstatus:\n  phase: Running\n"
                + "  podIP: " + ip + "\n  podIPs:\n  - ip: " + ip + "\n");
        return this;
    }

    ClusterFixture namespace(String ns) {
        manifests.add("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n");
        return this;
    }

    ClusterFixture manifest(String yaml) {
        manifests.add(yaml);
        return this;
    }

    /** An iptables-save rule line of the filter table ({@code -A INPUT ...}) on the node. */
    ClusterFixture filter(String node, String rule) {
        filterRules.get(node).add(rule);
        return this;
    }

    /** An iptables-save rule line of the nat table on the node. */
    ClusterFixture nat(String node, String rule) {
        natRules.get(node).add(rule);
        return this;
    }

    /** The node's {@code ip route show table all} output. */
    ClusterFixture routes(String node, String text) {
        routes.put(node, text);
        return this;
    }

    /** A line of the cluster block ({@code cni flannel-vxlan}, {@code macvlan network ...}). */
    ClusterFixture cluster(String line) {
        clusterLines.add(line);
        return this;
    }

    /** A zone or statement line of the intent. */
    ClusterFixture line(String line) {
        intentLines.add(line);
        return this;
    }

    /** Writes everything and checks every statement of the intent, in order. */
    List<Verdict> check() {
        try {
            Files.createDirectories(dir.resolve("cluster"));
            Files.writeString(dir.resolve("cluster/objects.yaml"), String.join("---\n", manifests));
            StringBuilder intent = new StringBuilder("cluster test {\n  pod network 10.244.0.0/16\n"
                    + "  service network 10.96.0.0/12\n  manifests \"cluster\"\n");
            for (Map.Entry<String, String> n : nodes.entrySet()) {
                Path state = dir.resolve("nodes").resolve(n.getKey());
                Files.createDirectories(state);
                StringBuilder dump = new StringBuilder("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
                        + ":OUTPUT ACCEPT [0:0]\n");
                filterRules.get(n.getKey()).forEach(r -> dump.append(r).append('\n'));
                dump.append("COMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                        + ":POSTROUTING ACCEPT [0:0]\n");
                natRules.get(n.getKey()).forEach(r -> dump.append(r).append('\n'));
                dump.append("COMMIT\n");
                Files.writeString(state.resolve("iptables-save.txt"), dump);
                if (routes.containsKey(n.getKey())) {
                    Files.writeString(state.resolve("ip-route.txt"), routes.get(n.getKey()));
                }
                intent.append("  node ").append(n.getKey()).append(" address ").append(n.getValue())
                        .append(" state \"nodes/").append(n.getKey()).append("\"\n");
            }
            clusterLines.forEach(l -> intent.append("  ").append(l).append('\n'));
            intent.append("}\n");
            intentLines.forEach(l -> intent.append(l).append('\n'));
            Path file = dir.resolve("intent.np");
            Files.writeString(file, intent);
            VerificationInput input = VerificationInput.load(file);
            List<Verdict> out = new ArrayList<>();
            try (StatementChecker c = new StatementChecker(ClusterContext.of(input.intent(), input.objects(),
                    input.nodes()), 30_000, 100_000)) {
                for (Statement s : input.intent().statements()) {
                    out.add(c.check(s));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every step of every outcome of the verdict's witnesses, one per line. */
    static String steps(Verdict v) {
        StringBuilder sb = new StringBuilder();
        v.witnesses().forEach(w -> w.outcomes().forEach(o -> o.steps().forEach(s -> sb.append(s.hook()).append(' ')
                .append(s.chain()).append(' ').append(s.effect()).append('\n'))));
        return sb.toString();
    }
}
