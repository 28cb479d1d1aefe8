package io.netprove.grammar.iptables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates synthetic clusters and the iptables state kube-proxy's iptables mode writes for them
 * (kubernetes pkg/proxy/iptables/proxier.go, syncProxyRules, v1.28 to v1.31): KUBE-SVC, KUBE-SVL, KUBE-EXT, KUBE-FW
 * and KUBE-SEP chains named by the first 16 base32 characters of a SHA-256, statistic probabilities 1/n, 1/(n-1)...,
 * session affinity with {@code -m recent}, REJECT and DROP rules for services without (local) endpoints, and the
 * KUBE-POSTROUTING / KUBE-MARK-MASQ chains. Deterministic: the same {@link Options} give the same text.
 */
public final class KubeProxyDumpGenerator {

    /**
     * What to generate. Shares are chances per service; {@code endpoints} is the exact count per service when
     * {@code fixedEndpointCount}, otherwise the maximum of a uniform 1..endpoints. {@code localhostNodePorts} is
     * kube-proxy's --iptables-localhost-nodeports (the 127.0.0.0/8 guard and route_localnet); {@code nfacct} writes the
     * accounting matches of kube-proxy 1.29+; {@code omitComments} null follows kube-proxy (comments on endpoint
     * chains are dropped above 1,000 endpoints).
     */
    public record Options(long seed, int services, int endpoints, boolean fixedEndpointCount, double nodePortShare,
                          double externalIpShare, double loadBalancerShare, double sourceRangeShare,
                          double localPolicyShare, double affinityShare, double noEndpointShare, double udpShare,
                          boolean localhostNodePorts, boolean nfacct, Boolean omitComments) {

        /** A small random cluster where every feature is likely to appear: for differential tests. */
        public static Options small(long seed, int services) {
            Random r = new Random(seed ^ 0x5eedL);
            return new Options(seed, services, 4, false, 0.5, 0.3, 0.35, 0.6, 0.4, 0.25, 0.15, 0.2,
                    r.nextBoolean(), r.nextBoolean(), null);
        }

        /** A large cluster with a realistic mix: for benchmarks ({@code services} x {@code endpoints}). */
        public static Options large(long seed, int services, int endpoints) {
            return new Options(seed, services, endpoints, true, 0.1, 0.01, 0.02, 0.5, 0.3, 0.02, 0.01, 0.1,
                    true, true, false);
        }
    }

    private static final int[] TCP_PORTS = {80, 443, 8080, 9090, 6379};
    private static final int[] TARGET_PORTS = {8080, 80, 8443, 9376, 6379};

    private KubeProxyDumpGenerator() {
    }

    /** Generates the cluster's services and endpoints. */
    public static GeneratedCluster generate(Options o) {
        Random r = new Random(o.seed());
        List<GeneratedService> services = new ArrayList<>(o.services());
        int nextNodePort = KubeProxyLayout.FIRST_NODE_PORT;
        long nextEndpoint = 0;
        int nextExternalIp = 0;
        int nextLoadBalancerIp = 0;
        boolean nodeExternalIpUsed = false;
        for (int i = 0; i < o.services(); i++) {
            boolean udp = r.nextDouble() < o.udpShare();
            String protocol = udp ? "udp" : "tcp";
            int port = udp ? 53 : TCP_PORTS[r.nextInt(TCP_PORTS.length)];
            int targetPort = udp ? 5353 : TARGET_PORTS[r.nextInt(TARGET_PORTS.length)];
            String name = "ns" + (i + 1) + "/svc" + (i + 1) + ":p" + port;
            String hash = hash(name + protocol);
            String clusterIp = KubeProxyLayout.offset("172.30.0.10", i);
            boolean loadBalancer = r.nextDouble() < o.loadBalancerShare();
            boolean nodePortWanted = loadBalancer || r.nextDouble() < o.nodePortShare();
            List<String> externalIps = new ArrayList<>();
            if (r.nextDouble() < o.externalIpShare()) {
                if (!nodeExternalIpUsed && r.nextInt(4) == 0) {
                    externalIps.add(KubeProxyLayout.NODE_EXTRA_IP);
                    nodeExternalIpUsed = true;
                } else {
                    externalIps.add(KubeProxyLayout.offset("100.64.0.1", spread(nextExternalIp++)));
                }
            }
            List<String> lbIps = new ArrayList<>();
            List<String> ranges = new ArrayList<>();
            if (loadBalancer) {
                int count = r.nextInt(4) == 0 ? 2 : 1;
                for (int k = 0; k < count; k++) {
                    lbIps.add(KubeProxyLayout.offset("198.18.0.1", spread(nextLoadBalancerIp++)));
                }
                if (r.nextDouble() < o.sourceRangeShare()) {
                    ranges.add(KubeProxyLayout.SOURCE_RANGE);
                    if (r.nextInt(3) == 0) {
                        ranges.add(KubeProxyLayout.NODE_SOURCE_RANGE);
                    }
                }
            }
            int nodePort = 0;
            if (nodePortWanted && nextNodePort <= KubeProxyLayout.LAST_NODE_PORT) {
                nodePort = nextNodePort++;
            }
            boolean accessible = nodePort != 0 || !externalIps.isEmpty() || !lbIps.isEmpty();
            boolean local = accessible && r.nextDouble() < o.localPolicyShare();
            int healthCheck = 0;
            if (local && loadBalancer && nextNodePort <= KubeProxyLayout.LAST_NODE_PORT) {
                healthCheck = nextNodePort++;
            }
            boolean affinity = r.nextDouble() < o.affinityShare();
            int count = r.nextDouble() < o.noEndpointShare() ? 0
                    : o.fixedEndpointCount() ? o.endpoints() : 1 + r.nextInt(Math.max(1, o.endpoints()));
            List<GeneratedEndpoint> endpoints = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                String ip = KubeProxyLayout.offset("10.180.0.1", spread(nextEndpoint++));
                String address = ip + ":" + targetPort;
                endpoints.add(new GeneratedEndpoint(ip, targetPort, r.nextBoolean(),
                        "KUBE-SEP-" + hash(name + protocol + address)));
            }
            services.add(new GeneratedService(name, protocol, clusterIp, port, nodePort, externalIps, lbIps, ranges,
                    local, affinity, healthCheck, endpoints, hash));
        }
        long total = services.stream().mapToLong(s -> s.endpoints().size()).sum();
        boolean omit = o.omitComments() != null ? o.omitComments() : total > 1000;
        return new GeneratedCluster(o, services, omit);
    }

    /** Skips the .0 and .255 of every /24: the {@code n}-th usable offset. */
    private static long spread(long n) {
        return (n / 254) * 256 + (n % 254);
    }

    /** kube-proxy's chain-name hash: SHA-256, base32 (RFC 4648 alphabet), the first 16 characters. */
    public static String hash(String text) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder(16);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; sb.length() < 16; i++) {
            buffer = (buffer << 8) | (digest[i] & 0xff);
            bits += 8;
            while (bits >= 5 && sb.length() < 16) {
                sb.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return sb.toString();
    }

    /**
     * Writes a dump to a file, for tools outside the JVM ({@code iptables-restore --test}):
     * {@code OUT [SERVICES [ENDPOINTS [SEED [builtins|restore]]]]}, defaults 10000 5 1 builtins.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: KubeProxyDumpGenerator OUT [SERVICES [ENDPOINTS [SEED [builtins|restore]]]]");
            System.exit(2);
        }
        int services = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int endpoints = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        boolean builtins = args.length <= 4 || args[4].equals("builtins");
        GeneratedCluster cluster = generate(Options.large(seed, services, endpoints));
        String text = cluster.render(builtins);
        Files.writeString(Path.of(args[0]), text, StandardCharsets.UTF_8);
        System.out.println(args[0] + ": " + services + " services x " + endpoints + " endpoints, "
                + text.lines().count() + " lines, " + text.length() + " bytes");
    }
}
