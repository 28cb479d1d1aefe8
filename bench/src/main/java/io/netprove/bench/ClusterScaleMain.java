package io.netprove.bench;

import io.netprove.compiler.CompiledNode;
import io.netprove.compiler.KubeProxyCompiler;
import io.netprove.compiler.KubeProxyConfig;
import io.netprove.compiler.KubeProxyMode;
import io.netprove.compiler.LocalTrafficDetector;
import io.netprove.compiler.SnapshotWriter;
import io.netprove.grammar.input.VerificationInput;
import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.model.intent.Statement;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.verdict.Verdict;
import io.netprove.verifier.check.ClusterContext;
import io.netprove.verifier.check.StatementChecker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The issue-5 scale figure: a cluster of N nodes (default 100), each with its own flannel VXLAN routes and the
 * iptables state kube-proxy would write for S services (default 2,000; compiled by netprove's kube-proxy compiler),
 * and office-to-pod statements that cross nodes (office traffic enters node-1 through a static route, is forwarded
 * over VXLAN to the pods' nodes and walked there again). Prints the load time and, per statement, the first
 * (cold) time and the median of the warm repetitions.
 *
 * <pre>java -Xmx12g -cp bench/target/benchmarks.jar io.netprove.bench.ClusterScaleMain 100 2000 7 [DIR]</pre>
 */
public final class ClusterScaleMain {

    private ClusterScaleMain() {
    }

    public static void main(String[] args) throws IOException {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int services = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("netprove-scale-");
        long t0 = System.nanoTime();
        Path intent = write(dir, nodes, services, new Random(5));
        long t1 = System.nanoTime();
        System.out.printf("generated %d nodes x %d services in %s (%.1f s)%n", nodes, services, dir,
                (t1 - t0) / 1e9);
        VerificationInput input = VerificationInput.load(intent);
        ClusterContext ctx = ClusterContext.of(input.intent(), input.objects(), input.nodes());
        ctx.nodes().forEach(n -> n.v4());
        long t2 = System.nanoTime();
        System.out.printf("read manifests and %d node states (parse + index): %.1f s%n", input.nodes().size(),
                (t2 - t1) / 1e9);
        try (StatementChecker checker = new StatementChecker(ctx, 60_000, 500_000)) {
            for (Statement s : input.intent().statements()) {
                double[] ms = new double[runs];
                Verdict v = null;
                for (int i = 0; i < runs; i++) {
                    long a = System.nanoTime();
                    v = checker.check(s);
                    ms[i] = (System.nanoTime() - a) / 1e6;
                }
                double[] warm = Arrays.copyOfRange(ms, Math.min(2, runs - 1), runs);
                Arrays.sort(warm);
                System.out.printf("%-8s %s%n         first %.0f ms, warm median %.0f ms (min %.0f, max %.0f, %d runs)%n",
                        v.status(), s.text(), ms[0], warm[warm.length / 2], warm[0], warm[warm.length - 1],
                        warm.length);
                if (!v.witnesses().isEmpty()) {
                    System.out.println("         witness: " + v.witnesses().get(0).explanation());
                }
            }
        }
    }

    /** Writes manifests, node states and the intent; returns the intent file. */
    static Path write(Path dir, int nodes, int services, Random random) throws IOException {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench\n");
        for (int n = 1; n <= nodes; n++) {
            yaml.append("---\napiVersion: v1\nkind: Node\nmetadata:\n  name: node-").append(n).append("\nspec:\n")
                    .append("  podCIDR: ").append(podCidr(n)).append("\nstatus:\n  addresses:\n")
                    .append("  - type: InternalIP\n    address: ").append(nodeIp(n)).append('\n');
        }
        int[] nextHost = new int[nodes + 1];
        for (int s = 0; s < services; s++) {
            int port = 8080;
            for (int e = 0; e < 2; e++) {
                int n = 1 + random.nextInt(nodes);
                int host = 2 + nextHost[n]++;
                String ip = "10.244." + n + "." + host;
                yaml.append("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: svc-").append(s).append('-').append(e)
                        .append("\n  namespace: bench\n  labels:\n    app: svc-").append(s).append("\nspec:\n")
                        .append("  nodeName: node-").append(n).append("\n  containers:\n  - name: main\n")
                        .append("    image: x\n    ports:\n    - containerPort: ").append(port).append('\n')
                        .append("status:\n  phase: Running\n  podIP: ").append(ip).append("\n  podIPs:\n  - ip: ")
                        .append(ip).append('\n');
            }
            String clusterIp = "10.96." + (s / 250) + "." + (s % 250 + 2);
            boolean nodePort = s % 10 == 0;
            yaml.append("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-").append(s)
                    .append("\n  namespace: bench\nspec:\n  type: ").append(nodePort ? "NodePort" : "ClusterIP")
                    .append("\n  clusterIP: ").append(clusterIp).append("\n  selector:\n    app: svc-").append(s)
                    .append("\n  ports:\n  - name: http\n    port: 80\n    targetPort: ").append(port)
                    .append("\n    protocol: TCP\n");
            if (nodePort) {
                yaml.append("    nodePort: ").append(30000 + s / 10).append('\n');
            }
        }
        Files.createDirectories(dir.resolve("cluster"));
        Files.writeString(dir.resolve("cluster/objects.yaml"), yaml);
        ClusterObjects objects = new ManifestReader().read(List.of(dir.resolve("cluster")));
        StringBuilder intent = new StringBuilder("cluster scale {\n  pod network 10.244.0.0/16\n"
                + "  service network 10.96.0.0/12\n  manifests \"cluster\"\n  cni flannel-vxlan\n");
        for (int n = 1; n <= nodes; n++) {
            String name = "node-" + n;
            KubeProxyConfig config = KubeProxyConfig.defaults(KubeProxyMode.IPTABLES, name,
                            List.of(IpAddress.parse(nodeIp(n))))
                    .withLocalDetector(new LocalTrafficDetector.ByCidr(List.of(IpPrefix.parse("10.244.0.0/16"))));
            CompiledNode compiled = KubeProxyCompiler.compile(objects, config);
            SnapshotWriter.write(compiled, dir);
            Files.writeString(dir.resolve("nodes").resolve(name).resolve("ip-route.txt"), routes(n, nodes));
            intent.append("  node ").append(name).append(" address ").append(nodeIp(n)).append(" state \"nodes/")
                    .append(name).append("\"\n");
        }
        intent.append("}\n\nzone office = 10.140.0.0/16\nzone office routes to pods via node node-1\n\n");
        List<String> statements = new ArrayList<>();
        statements.add("office can reach pods bench/app=svc-42 on tcp/8080 directly");
        statements.add("office can reach pods bench/app=svc-" + (services * 2 / 3) + " on tcp/8080");
        statements.add("office cannot reach pods bench/app=svc-7 on tcp/22");
        statements.add("office cannot reach pods directly");
        for (String s : statements) {
            intent.append(s).append('\n');
        }
        Path file = dir.resolve("intent.np");
        Files.writeString(file, intent);
        return file;
    }

    private static String nodeIp(int n) {
        return "172.18." + (1 + n / 200) + "." + (n % 200 + 10);
    }

    private static String podCidr(int n) {
        return "10.244." + n + ".0/24";
    }

    /** flannel VXLAN routes of node {@code n}: one per other node's pod subnet, its own bridge, the LAN. */
    private static String routes(int n, int nodes) {
        StringBuilder sb = new StringBuilder("default via 172.18.0.1 dev eth0\n");
        for (int m = 1; m <= nodes; m++) {
            if (m != n) {
                sb.append("10.244.").append(m).append(".0/24 via 10.244.").append(m)
                        .append(".0 dev flannel.1 onlink\n");
            }
        }
        sb.append("10.244.").append(n).append(".0/24 dev cni0 proto kernel scope link src 10.244.").append(n)
                .append(".1\n");
        sb.append("172.18.0.0/16 dev eth0 proto kernel scope link src ").append(nodeIp(n)).append('\n');
        sb.append("local ").append(nodeIp(n)).append(" dev eth0 table local proto kernel scope host src ")
                .append(nodeIp(n)).append('\n');
        return sb.toString();
    }
}
