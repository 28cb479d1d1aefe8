package io.netprove.verifier.check;

import io.netprove.model.intent.Exposure;
import io.netprove.model.intent.IngressController;
import io.netprove.model.k8s.Container;
import io.netprove.model.k8s.ContainerPort;
import io.netprove.model.k8s.Ingress;
import io.netprove.model.k8s.Pod;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.space.IntervalSet;
import io.netprove.verifier.cluster.ServicePortView;
import io.netprove.verifier.ingress.IngressRouter;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The ingress controllers the intent declares ({@code ingress controller PODSET [class NAME]}), each with its pods,
 * its listeners, the Ingresses it serves and its frontends.
 * <ul>
 * <li>Which Ingresses: those whose class (spec.ingressClassName, else the kubernetes.io/ingress.class annotation) is
 * the controller's; a controller declared without a class also serves the Ingresses no declared class claims, those
 * without a class included. netprove does not read IngressClass objects: they name the controller's implementation,
 * not its pods.</li>
 * <li>Listeners: plain HTTP on the pods' container port named {@code http} (else 80), HTTPS on the one named
 * {@code https} (else 443).</li>
 * <li>Frontends: the ClusterIP, NodePorts, load-balancer and external IPs of the Services that select the pods with a
 * port whose target is the listener; the listener's hostPort on the pods' nodes; the pods' nodes' addresses when
 * the pods run on the host network.</li>
 * </ul>
 */
final class IngressControllers {

    /** One controller: its declaration, its pods (scheduled on a node), and the router over the Ingresses it serves. */
    record Controller(IngressController spec, List<Pod> pods, IngressRouter router) {

        /** "ingress controller nginx" (its class), or "ingress controller pods NS/SELECTOR" without one. */
        String name() {
            return "ingress controller " + spec.ingressClass().orElse(spec.pods().toString());
        }

        /** The listener port of a pod for plain HTTP or HTTPS. */
        static int listenerPort(Pod pod, boolean https) {
            String name = https ? "https" : "http";
            for (Container c : pod.containers()) {
                for (ContainerPort p : c.ports()) {
                    if (p.name().isPresent() && p.name().get().equals(name) && p.protocol().equals(Protocol.TCP)) {
                        return p.containerPort();
                    }
                }
            }
            return https ? 443 : 80;
        }

        /** The pods' listeners for the scheme, as pod ports. */
        List<PodFrontends.PodPort> listeners(boolean https) {
            List<PodFrontends.PodPort> out = new ArrayList<>();
            for (Pod p : pods) {
                int port = listenerPort(p, https);
                out.add(new PodFrontends.PodPort(p, port, Protocol.TCP, PodFrontends.declared(p, port, Protocol.TCP)));
            }
            return out;
        }

        /**
         * Where a packet to the listener ends: forwarded to a pod's address and listener port, or delivered to the
         * node of a host-network pod at its address and port.
         */
        Map<AddressFamily, Arrival> listenerArrival(boolean https) {
            Map<AddressFamily, Arrival> out = new EnumMap<>(AddressFamily.class);
            for (AddressFamily f : AddressFamily.values()) {
                Map<Integer, List<IpAddress>> forwarded = new TreeMap<>();
                Map<Integer, List<IpAddress>> local = new TreeMap<>();
                for (PodFrontends.PodPort pp : listeners(https)) {
                    for (IpAddress a : pp.pod().podIPs()) {
                        if (a.family() == f) {
                            (pp.pod().hostNetwork() ? local : forwarded).computeIfAbsent(pp.port(),
                                    k -> new ArrayList<>()).add(a);
                        }
                    }
                }
                List<Arrival.Box> boxes = new ArrayList<>();
                List<Arrival.Box> localBoxes = new ArrayList<>();
                forwarded.forEach((port, as) -> boxes.add(new Arrival.Box(IntervalSet.points(f.bits(), as),
                        IntervalSet.range(16, port, port))));
                local.forEach((port, as) -> localBoxes.add(new Arrival.Box(IntervalSet.points(f.bits(), as),
                        IntervalSet.range(16, port, port))));
                out.put(f, new Arrival("the " + (https ? "HTTPS" : "HTTP") + " listener of " + name(), f, boxes,
                        localBoxes));
            }
            return out;
        }

        /** The addresses the controller's pods send from (their pod IPs; for host-network pods, their node's). */
        IntervalSet podAddresses(AddressFamily f) {
            List<IpAddress> as = new ArrayList<>();
            for (Pod p : pods) {
                p.podIPs().stream().filter(a -> a.family() == f).forEach(as::add);
            }
            return IntervalSet.points(f.bits(), as);
        }
    }

    private final List<Controller> controllers;
    private final List<Ingress> unserved;

    private IngressControllers(List<Controller> controllers, List<Ingress> unserved) {
        this.controllers = List.copyOf(controllers);
        this.unserved = List.copyOf(unserved);
    }

    static IngressControllers of(ClusterContext ctx) {
        List<IngressController> specs = ctx.intent().cluster().map(c -> c.ingressControllers()).orElse(List.of());
        List<String> classes = specs.stream().filter(s -> s.ingressClass().isPresent())
                .map(s -> s.ingressClass().get()).toList();
        List<Controller> out = new ArrayList<>();
        List<Ingress> unserved = new ArrayList<>(ctx.objects().ingresses());
        for (IngressController spec : specs) {
            List<Ingress> served = new ArrayList<>();
            for (Ingress in : ctx.objects().ingresses()) {
                Optional<String> cls = in.effectiveClassName();
                boolean mine = spec.ingressClass().isPresent() ? cls.equals(spec.ingressClass())
                        : cls.isEmpty() || !classes.contains(cls.get());
                if (mine) {
                    served.add(in);
                    unserved.remove(in);
                }
            }
            List<Pod> pods = ctx.pods(spec.pods()).stream().filter(p -> p.nodeName().isPresent()).toList();
            out.add(new Controller(spec, pods, new IngressRouter(served)));
        }
        return new IngressControllers(out, unserved);
    }

    List<Controller> all() {
        return controllers;
    }

    boolean isEmpty() {
        return controllers.isEmpty();
    }

    /** Ingresses that no declared controller serves. */
    List<Ingress> unserved() {
        return unserved;
    }

    /**
     * The frontends of a controller's listener for one entry, among {@code kinds}: Services that select its pods
     * (ClusterIP, NodePort, load-balancer and external IPs), hostPorts, and host-network pods' node addresses.
     * {@code port}, when present, keeps only frontends on that port.
     */
    static List<Frontend> frontends(StatementChecker sc, Controller c, boolean https, List<Exposure> kinds,
                                    StatementChecker.Entry e, AddressFamily f, OptionalInt port) {
        ClusterContext ctx = sc.context();
        List<Frontend> out = new ArrayList<>();
        List<ServicePortView> views = new ArrayList<>();
        for (ServicePortView v : ctx.services().ports()) {
            for (Pod p : c.pods()) {
                if (!v.namespace().equals(p.namespace()) || !v.service().selects(p)
                        || !v.port().protocol().equals(Protocol.TCP)) {
                    continue;
                }
                OptionalInt target = p.resolvePort(v.port().targetPort(), Protocol.TCP);
                if (target.isPresent() && target.getAsInt() == Controller.listenerPort(p, https)) {
                    views.add(v);
                    break;
                }
            }
        }
        List<Exposure> serviceKinds = kinds.stream().filter(k -> k == Exposure.CLUSTERIP || k == Exposure.NODEPORT
                || k == Exposure.LOADBALANCER || k == Exposure.EXTERNALIP).toList();
        out.addAll(sc.frontends(views, serviceKinds, e, f));
        if (e.node() != null) {
            out.addAll(PodFrontends.frontends(ctx, c.listeners(https), kinds, f, "the ingress controller"));
        }
        if (port.isPresent()) {
            out.removeIf(fe -> fe.port() != port.getAsInt());
        }
        return out;
    }
}
