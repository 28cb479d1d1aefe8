package io.netprove.verifier.check;

import io.netprove.model.intent.Exposure;
import io.netprove.model.k8s.Container;
import io.netprove.model.k8s.ContainerPort;
import io.netprove.model.k8s.Pod;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.verifier.cluster.ServiceEndpoint;
import io.netprove.verifier.cluster.ServicePortView;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Ways into pods that do not go through a Service's virtual addresses:
 * <ul>
 * <li>{@code hostport}: a container port with a {@code hostPort} is published on its node's addresses (or on its
 * {@code hostIP} only) by the CNI portmap plugin, whose DNAT rules ({@code CNI-HOSTPORT-DNAT}, {@code CNI-DN-...}) in
 * the node's nat table send it to the pod; the node's captured rules decide, so a missing or different rule shows.</li>
 * <li>{@code hostnetwork}: a pod in the host network namespace listens on its node's addresses; a packet to node
 * address and container port is delivered to the node itself (its INPUT chain decides).</li>
 * </ul>
 * The backing pods of a service port are the pods its selector picks, or that hold one of its endpoints, each with
 * the container port its {@code targetPort} resolves to there.
 */
final class PodFrontends {

    /** A pod's container port that carries a service port (or a controller's listener). */
    record PodPort(Pod pod, int port, Protocol protocol, Optional<ContainerPort> declared) {
        String podName() {
            return pod.namespace() + "/" + pod.name();
        }
    }

    private PodFrontends() {
    }

    /** The pods that back a service port, with the container port each gives it. */
    static List<PodPort> backing(ClusterContext ctx, ServicePortView v) {
        Set<IpAddress> endpointAddresses = new LinkedHashSet<>();
        for (ServiceEndpoint e : v.endpoints()) {
            endpointAddresses.add(e.address());
        }
        List<PodPort> out = new ArrayList<>();
        for (Pod pod : ctx.objects().pods()) {
            if (!pod.namespace().equals(v.namespace()) || pod.nodeName().isEmpty()) {
                continue;
            }
            boolean selected = v.service().hasSelector() ? v.service().selects(pod)
                    : !pod.hostNetwork() && pod.podIPs().stream().anyMatch(endpointAddresses::contains);
            if (!selected) {
                continue;
            }
            OptionalInt port = pod.resolvePort(v.port().targetPort(), v.port().protocol());
            if (port.isPresent()) {
                out.add(new PodPort(pod, port.getAsInt(), v.port().protocol(),
                        declared(pod, port.getAsInt(), v.port().protocol())));
            }
        }
        return out;
    }

    /** The container port of the pod with that number and protocol, if declared. */
    static Optional<ContainerPort> declared(Pod pod, int port, Protocol protocol) {
        for (Container c : pod.containers()) {
            for (ContainerPort p : c.ports()) {
                if (p.containerPort() == port && p.protocol().equals(protocol)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The hostPort and host-network frontends of the pod ports, among {@code kinds}, in one family; {@code of} names
     * what they lead to. A pod on a node the intent does not declare has none (its node's addresses are unknown).
     */
    static List<Frontend> frontends(ClusterContext ctx, List<PodPort> ports, List<Exposure> kinds, AddressFamily f,
                                    String of) {
        List<Frontend> out = new ArrayList<>();
        for (PodPort pp : ports) {
            Optional<ClusterContext.NodeInfo> node = ctx.node(pp.pod().nodeName().orElse(""));
            if (node.isEmpty()) {
                continue;
            }
            List<IpAddress> nodeAddresses = node.get().addresses().stream().filter(a -> a.family() == f).toList();
            if (pp.pod().hostNetwork()) {
                if (kinds.contains(Exposure.HOSTNETWORK)) {
                    for (IpAddress a : nodeAddresses) {
                        out.add(new Frontend(Exposure.HOSTNETWORK, a, pp.port(), pp.protocol(), of + " (pod "
                                + pp.podName() + " on the host network of " + node.get().name() + ")"));
                    }
                }
                continue;
            }
            if (!kinds.contains(Exposure.HOSTPORT) || pp.declared().isEmpty() || pp.declared().get().hostPort() == 0) {
                continue;
            }
            ContainerPort cp = pp.declared().get();
            List<IpAddress> on = cp.hostIP().filter(ip -> !ip.isUnspecified()).map(List::of).orElse(nodeAddresses);
            for (IpAddress a : on) {
                if (a.family() == f) {
                    out.add(new Frontend(Exposure.HOSTPORT, a, cp.hostPort(), pp.protocol(), of + " (hostPort of pod "
                            + pp.podName() + " on " + node.get().name() + ")"));
                }
            }
        }
        return out;
    }
}
