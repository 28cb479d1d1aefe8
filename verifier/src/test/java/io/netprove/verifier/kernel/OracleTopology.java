package io.netprove.verifier.kernel;

import io.netprove.grammar.iptables.GeneratedCluster;
import io.netprove.grammar.iptables.KubeProxyLayout;
import io.netprove.grammar.iptables.ProbeFlow;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel oracle's topology for a generated cluster: the node (with the layout's node addresses on lo, so
 * MASQUERADE picks {@link KubeProxyLayout#NODE_IP}), an outside client namespace holding both external client
 * addresses, a pod client, one namespace that owns every endpoint address (a local route for the endpoint prefix),
 * and a default gateway that accepts any destination. Links without a node address use the oracle's 169.254.1.1.
 * An endpoint that sends a probe itself (hairpin traffic) gets a namespace of its own and is carved out of the
 * endpoint namespace's local routes: otherwise a packet DNATed to a sibling endpoint would come back to the
 * namespace that owns its source address, which the kernel drops as a martian.
 */
final class OracleTopology {

    static final String NODE = "node";
    static final String LINK_ADDRESS = "169.254.1.1";

    private OracleTopology() {
    }

    static String json(String prefix, GeneratedCluster cluster, List<ProbeFlow> flows) {
        int localnet = cluster.options().localhostNodePorts() ? 1 : 0;
        List<String> senders = endpointSenders(flows);
        StringBuilder hairpin = new StringBuilder();
        for (int i = 0; i < senders.size(); i++) {
            hairpin.append(",\n    {\"name\": \"hp").append(i).append("\", \"addrs\": [\"").append(senders.get(i))
                    .append("/32\"]}");
        }
        List<String> owned = new ArrayList<>();
        carve(KubeProxyLayout.ENDPOINT_PREFIX, senders, owned);
        return """
                {
                  "prefix": "%s",
                  "node": {"name": "%s", "listen": true, "extra_addrs": ["%s/32", "%s/32"],
                           "sysctls": {"net.ipv4.conf.all.route_localnet": %d}},
                  "hosts": [
                    {"name": "ext", "addrs": ["%s/32", "%s/32"]},
                    {"name": "podc", "addrs": ["%s/32"]},
                    {"name": "pods", "addrs": ["10.180.255.254/32"], "local_routes": [%s],
                     "node_routes": ["%s"]},
                    {"name": "gw", "addrs": ["10.255.255.254/32"], "accept": "any", "default_gateway": true}%s
                  ]
                }
                """.formatted(prefix, NODE, KubeProxyLayout.NODE_IP, KubeProxyLayout.NODE_EXTRA_IP, localnet,
                KubeProxyLayout.EXTERNAL_CLIENT, KubeProxyLayout.BLOCKED_CLIENT, KubeProxyLayout.POD_CLIENT,
                String.join(", ", owned.stream().map(o -> "\"" + o + "\"").toList()),
                KubeProxyLayout.ENDPOINT_PREFIX, hairpin);
    }

    /** The distinct endpoint addresses that send probes, in order of first use. */
    static List<String> endpointSenders(List<ProbeFlow> flows) {
        List<String> out = new ArrayList<>();
        for (ProbeFlow f : flows) {
            if (f.source() == ProbeFlow.Source.ENDPOINT && !out.contains(f.sourceIp())) {
                out.add(f.sourceIp());
            }
        }
        return out;
    }

    /** The prefixes that cover {@code cidr} except the given host addresses (halving around each of them). */
    static void carve(String cidr, List<String> except, List<String> out) {
        int slash = cidr.indexOf('/');
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        boolean hit = except.stream().anyMatch(a -> KubeProxyLayout.contains(cidr, a));
        if (!hit) {
            out.add(cidr);
            return;
        }
        if (bits == 32) {
            return;
        }
        long base = ipValue(cidr.substring(0, slash));
        long half = 1L << (31 - bits);
        carve(ipText(base) + "/" + (bits + 1), except, out);
        carve(ipText(base + half) + "/" + (bits + 1), except, out);
    }

    private static long ipValue(String dotted) {
        long v = 0;
        for (String part : dotted.split("\\.")) {
            v = (v << 8) | Long.parseLong(part);
        }
        return v;
    }

    private static String ipText(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    /** The namespace a probe is sent from. */
    static String host(ProbeFlow f, List<String> senders) {
        return switch (f.source()) {
            case EXTERNAL, BLOCKED_EXTERNAL -> "ext";
            case POD -> "podc";
            case ENDPOINT -> "hp" + senders.indexOf(f.sourceIp());
            case NODE, NODE_LOCALHOST -> NODE;
        };
    }

    /** The oracle's flows file, one line per probe. */
    static List<String> flowLines(List<ProbeFlow> flows) {
        List<String> senders = endpointSenders(flows);
        return flows.stream().map(f -> host(f, senders) + "@" + f.sourceIp() + " " + f.protocol() + " "
                + f.destination() + ":" + f.port()).toList();
    }
}
