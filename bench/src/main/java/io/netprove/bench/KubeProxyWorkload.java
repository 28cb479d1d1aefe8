package io.netprove.bench;

import io.netprove.grammar.iptables.GeneratedCluster;
import io.netprove.grammar.iptables.GeneratedService;
import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.grammar.iptables.KubeProxyDumpGenerator;
import io.netprove.grammar.iptables.KubeProxyLayout;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Packet;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.NodeContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The benchmark workload: a generated kube-proxy cluster of {@code services} x {@code endpoints} (the large mix of
 * {@link KubeProxyDumpGenerator.Options#large}), its iptables-save text, and a reproducible packet mix through it:
 * 60% ClusterIP hits (from pods and from outside), 20% NodePort hits from outside, 20% misses (a cluster IP nobody
 * uses, a wrong service port, the node's SSH port, pod to pod).
 */
public final class KubeProxyWorkload {

    /** What a packet of the mix aims at. */
    public enum Kind { CLUSTER_IP, NODE_PORT, MISS }

    /** One packet of the mix and what it aims at. */
    public record Probe(Kind kind, Packet packet, GeneratedService service) {
    }

    public static final Set<IpAddress> NODE_ADDRESSES = KubeProxyLayout.NODE_ADDRESSES.stream()
            .map(IpAddress::parse).collect(Collectors.toSet());

    private final GeneratedCluster cluster;
    private final String text;

    public KubeProxyWorkload(int services, int endpoints, long seed) {
        this.cluster = KubeProxyDumpGenerator.generate(KubeProxyDumpGenerator.Options.large(seed, services,
                endpoints));
        this.text = cluster.render(true);
    }

    public GeneratedCluster cluster() {
        return cluster;
    }

    /** The dump as {@code iptables-save} would show it. */
    public String text() {
        return text;
    }

    public static NodeContext node() {
        return NodeContext.of(NODE_ADDRESSES);
    }

    public Ruleset parse() {
        return IptablesFrontEnd.read("kube-proxy-" + cluster.services().size(), text, AddressFamily.IPV4);
    }

    public NetfilterSimulator simulator() {
        return new NetfilterSimulator(parse(), node());
    }

    /** {@code count} packets in the mix described above, drawn with {@code seed}. */
    public List<Probe> packetMix(int count, long seed) {
        Random r = new Random(seed);
        List<GeneratedService> served = cluster.services().stream().filter(GeneratedService::hasEndpoints)
                .toList();
        List<GeneratedService> withNodePort = served.stream().filter(s -> s.nodePort() != 0).toList();
        IpAddress pod = IpAddress.parse(KubeProxyLayout.POD_CLIENT);
        IpAddress outside = IpAddress.parse(KubeProxyLayout.EXTERNAL_CLIENT);
        IpAddress nodeIp = IpAddress.parse(KubeProxyLayout.NODE_IP);
        List<Probe> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int roll = r.nextInt(10);
            if (roll < 6) {
                GeneratedService s = served.get(r.nextInt(served.size()));
                IpAddress from = r.nextBoolean() ? pod : outside;
                out.add(new Probe(Kind.CLUSTER_IP, Packet.newConnection(from, IpAddress.parse(s.clusterIp()),
                        Protocol.lookup(s.protocol()), s.port()), s));
            } else if (roll < 8 && !withNodePort.isEmpty()) {
                GeneratedService s = withNodePort.get(r.nextInt(withNodePort.size()));
                out.add(new Probe(Kind.NODE_PORT, Packet.newConnection(outside, nodeIp,
                        Protocol.lookup(s.protocol()), s.nodePort()), s));
            } else {
                GeneratedService s = served.get(r.nextInt(served.size()));
                Packet p = switch (r.nextInt(4)) {
                    case 0 -> Packet.newConnection(pod, IpAddress.parse("172.30.255.250"), Protocol.TCP, 80);
                    case 1 -> Packet.newConnection(pod, IpAddress.parse(s.clusterIp()), Protocol.lookup(s.protocol()),
                            s.port() + 1);
                    case 2 -> Packet.newConnection(outside, nodeIp, Protocol.TCP, 22);
                    default -> Packet.newConnection(pod, IpAddress.parse(s.endpoints().get(0).ip()),
                            Protocol.lookup(s.protocol()), s.endpoints().get(0).port());
                };
                out.add(new Probe(Kind.MISS, p, s));
            }
        }
        return out;
    }
}
