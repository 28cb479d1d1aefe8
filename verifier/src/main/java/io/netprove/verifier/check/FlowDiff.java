package io.netprove.verifier.check;

import io.netprove.model.intent.ZoneDef;
import io.netprove.model.k8s.Container;
import io.netprove.model.k8s.ContainerPort;
import io.netprove.model.k8s.Pod;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.space.IntervalSet;
import io.netprove.verifier.cluster.ServicePortView;
import io.netprove.verifier.sim.NetfilterSimulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Example flows whose fate differs between two captures of the same cluster: from one representative address of
 * every zone and one pod per node, to every service frontend and every declared pod port, on every node, compare
 * the set of outcomes (disposition and final destination) before and after.
 */
public final class FlowDiff {

    /** One flow whose outcomes changed. */
    public record Change(String node, Packet packet, String before, String after) {
    }

    private FlowDiff() {
    }

    public static List<Change> between(ClusterContext before, ClusterContext after, int limit) {
        Map<String, IpAddress> sources = new LinkedHashMap<>();
        for (ZoneDef z : after.intent().zones()) {
            IntervalSet s = after.zone(z.expr(), AddressFamily.IPV4).intersect(
                    StatementChecker.validSources(AddressFamily.IPV4));
            if (!s.isEmpty()) {
                long[] w = s.first();
                sources.put("zone " + z.name(), IpAddress.v4(w[1] + (s.contains(0, w[1] + 1) ? 1 : 0)));
            }
        }
        for (ClusterContext.NodeInfo n : after.nodes()) {
            for (Pod p : after.objects().pods()) {
                if (p.nodeName().orElse("").equals(n.name()) && !p.hostNetwork() && p.podIP().isPresent()) {
                    sources.put("pod " + p.metadata().qualifiedName(), p.podIP().get());
                    break;
                }
            }
        }
        List<Packet> packets = new ArrayList<>();
        for (IpAddress src : sources.values()) {
            if (!src.isV4()) {
                continue;
            }
            for (ServicePortView v : after.services().ports()) {
                Protocol proto = v.port().protocol();
                for (IpAddress a : v.clusterIPs()) {
                    packets.add(Packet.newConnection(src, a, proto, v.port().port()));
                }
                for (IpAddress a : v.loadBalancerIPs()) {
                    packets.add(Packet.newConnection(src, a, proto, v.port().port()));
                }
                for (IpAddress a : v.externalIPs()) {
                    packets.add(Packet.newConnection(src, a, proto, v.port().port()));
                }
                if (v.hasNodePort()) {
                    for (ClusterContext.NodeInfo n : after.nodes()) {
                        for (IpAddress a : n.addresses()) {
                            packets.add(Packet.newConnection(src, a, proto, v.port().nodePort()));
                        }
                    }
                }
            }
            for (Pod p : after.objects().pods()) {
                for (Container c : p.containers()) {
                    for (ContainerPort cp : c.ports()) {
                        p.podIP().ifPresent(ip -> packets.add(Packet.newConnection(src, ip, cp.protocol(),
                                cp.containerPort())));
                    }
                }
            }
        }
        List<Change> changes = new ArrayList<>();
        for (ClusterContext.NodeInfo n : after.nodes()) {
            NetfilterSimulator a = n.v4();
            NetfilterSimulator b = before.node(n.name()).map(ClusterContext.NodeInfo::v4).orElse(null);
            if (a == null || b == null) {
                continue;
            }
            for (Packet p : packets) {
                String was = fate(b.simulate(p));
                String now = fate(a.simulate(p));
                if (!was.equals(now)) {
                    changes.add(new Change(n.name(), p, was, now));
                    if (changes.size() >= limit) {
                        return changes;
                    }
                }
            }
        }
        return changes;
    }

    static String fate(List<Outcome> outcomes) {
        TreeSet<String> s = new TreeSet<>();
        for (Outcome o : outcomes) {
            s.add(ReachChecker.describe(o));
        }
        return String.join(" | ", s);
    }
}
