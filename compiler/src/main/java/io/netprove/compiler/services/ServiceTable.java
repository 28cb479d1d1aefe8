package io.netprove.compiler.services;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.EndpointAddress;
import io.netprove.model.k8s.EndpointAddressType;
import io.netprove.model.k8s.EndpointPort;
import io.netprove.model.k8s.EndpointSlice;
import io.netprove.model.k8s.EndpointSubset;
import io.netprove.model.k8s.Endpoints;
import io.netprove.model.k8s.LoadBalancerIngress;
import io.netprove.model.k8s.LoadBalancerIpMode;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PodPhase;
import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.k8s.ServiceType;
import io.netprove.model.k8s.SessionAffinity;
import io.netprove.model.k8s.SliceEndpoint;
import io.netprove.model.k8s.TrafficPolicy;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The service ports kube-proxy programs for one address family on one node, each with its endpoints, read from
 * manifests the way kube-proxy's service and endpoint-slice trackers read the API objects:
 *
 * <ul>
 *   <li>ExternalName and headless services are skipped, and so is a service without a cluster IP of the family
 *       (a manifest written before the API server allocated one is reported in {@link #notes()}).</li>
 *   <li>External IPs, load-balancer ingress IPs (except those with {@code ipMode: Proxy}) and source ranges of the
 *       other family are ignored.</li>
 *   <li>Endpoints come from the EndpointSlices of the family labelled with the service's name: the slice port with
 *       the service port's name and protocol, the first address of each endpoint, duplicates merged (a local copy
 *       wins). A service without any EndpointSlice gets what the mirroring controller would make of its Endpoints
 *       object, or else what the EndpointSlice controller would make of the pods its selector picks (both
 *       reported in {@link #notes()}).</li>
 * </ul>
 *
 * Service ports are listed in {@code ns/name:port} order (kube-proxy itself walks a Go map, whose order is random).
 */
public final class ServiceTable {

    /** The node label that holds a node's zone. */
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    private final List<ServicePortEndpoints> ports;
    private final List<String> notes;

    private ServiceTable(List<ServicePortEndpoints> ports, List<String> notes) {
        this.ports = List.copyOf(ports);
        this.notes = List.copyOf(notes);
    }

    public List<ServicePortEndpoints> ports() {
        return ports;
    }

    /** What was assumed or left out while reading, one sentence each. */
    public List<String> notes() {
        return notes;
    }

    /** The zone of node {@code nodeName} from its Node object, or null when unknown. */
    public static String zoneOf(ClusterObjects cluster, String nodeName) {
        return cluster.node(nodeName).map(n -> n.metadata().labels().get(ZONE_LABEL)).orElse(null);
    }

    public static ServiceTable build(ClusterObjects cluster, AddressFamily family, String nodeName) {
        List<ServicePortEndpoints> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Service s : cluster.services()) {
            if (s.type() == ServiceType.EXTERNAL_NAME || s.headless()) {
                continue;
            }
            String key = s.metadata().qualifiedName();
            Optional<IpAddress> clusterIP = s.clusterIPs().stream().filter(a -> a.family() == family).findFirst();
            if (clusterIP.isEmpty()) {
                if (s.clusterIPs().isEmpty()) {
                    notes.add("service " + key + " has no clusterIP in the manifests (the API server allocates it"
                            + " on creation): kube-proxy writes no rules for it until then; left out");
                }
                continue;
            }
            List<EndpointSlice> slices = cluster.endpointSlicesOf(s);
            Optional<Endpoints> legacy = cluster.endpointsOf(s.namespace(), s.name());
            if (slices.isEmpty() && legacy.isPresent()) {
                notes.add("service " + key + ": no EndpointSlices; endpoints taken from its Endpoints object as the"
                        + " EndpointSlice mirroring controller would copy them");
            } else if (slices.isEmpty() && s.hasSelector()) {
                notes.add("service " + key + ": no EndpointSlices; endpoints derived from the pods its selector"
                        + " picks as the EndpointSlice controller would (ready pods only are ready)");
            }
            for (ServicePort p : s.ports()) {
                ServicePortInfo info = info(s, p, clusterIP.get(), family);
                List<EndpointInfo> eps;
                if (!slices.isEmpty()) {
                    eps = fromSlices(slices, p, family, nodeName);
                } else if (legacy.isPresent()) {
                    eps = fromEndpoints(legacy.get(), p, family, nodeName);
                } else {
                    eps = fromPods(cluster, s, p, family, nodeName);
                }
                out.add(new ServicePortEndpoints(info, eps));
            }
        }
        out.sort(Comparator.comparing((ServicePortEndpoints e) -> e.service().nameString())
                .thenComparing(e -> e.service().protocolName()));
        return new ServiceTable(out, notes);
    }

    private static ServicePortInfo info(Service s, ServicePort p, IpAddress clusterIP, AddressFamily family) {
        List<IpAddress> externalIPs = s.externalIPs().stream().filter(a -> a.family() == family).toList();
        List<IpAddress> vips = new ArrayList<>();
        for (LoadBalancerIngress in : s.loadBalancerIngress()) {
            if (in.ip().isPresent() && in.ip().get().family() == family
                    && in.ipMode().orElse(LoadBalancerIpMode.VIP) == LoadBalancerIpMode.VIP) {
                vips.add(in.ip().get());
            }
        }
        List<IpPrefix> ranges = s.loadBalancerSourceRanges().stream().filter(r -> r.family() == family).toList();
        boolean clientIp = s.sessionAffinity() == SessionAffinity.CLIENT_IP;
        boolean externalLocal = s.externallyAccessible() && s.externalTrafficPolicy() == TrafficPolicy.LOCAL;
        boolean internalLocal = s.internalTrafficPolicy() == TrafficPolicy.LOCAL;
        int healthCheck = s.type() == ServiceType.LOAD_BALANCER && externalLocal ? s.healthCheckNodePort() : 0;
        return new ServicePortInfo(s.namespace(), s.name(), p.name(), p.protocol(), clusterIP, p.port(),
                p.nodePort(), externalIPs, vips, ranges, clientIp,
                clientIp ? s.sessionAffinityTimeoutSeconds() : 0, externalLocal, internalLocal, healthCheck);
    }

    private static List<EndpointInfo> fromSlices(List<EndpointSlice> slices, ServicePort p, AddressFamily family,
                                                 String nodeName) {
        EndpointAddressType wanted = family == AddressFamily.IPV4 ? EndpointAddressType.IPV4
                : EndpointAddressType.IPV6;
        Map<String, EndpointInfo> byText = new TreeMap<>();
        for (EndpointSlice es : slices) {
            if (es.addressType() != wanted) {
                continue;
            }
            OptionalInt port = OptionalInt.empty();
            for (EndpointPort ep : es.ports()) {
                if (ep.name().equals(p.name()) && ep.protocol().equals(p.protocol()) && ep.port().isPresent()) {
                    port = ep.port();
                    break;
                }
            }
            if (port.isEmpty()) {
                continue;
            }
            for (SliceEndpoint e : es.endpoints()) {
                IpAddress ip = IpAddress.tryParse(e.addresses().get(0));
                if (ip == null || ip.family() != family) {
                    continue;
                }
                boolean local = e.nodeName().filter(nodeName::equals).isPresent();
                EndpointInfo info = new EndpointInfo(ip, port.getAsInt(), local, e.conditions().ready(),
                        e.conditions().serving(), e.conditions().terminating(), Set.copyOf(e.zoneHints()));
                put(byText, info);
            }
        }
        return new ArrayList<>(byText.values());
    }

    private static List<EndpointInfo> fromEndpoints(Endpoints legacy, ServicePort p, AddressFamily family,
                                                    String nodeName) {
        Map<String, EndpointInfo> byText = new TreeMap<>();
        for (EndpointSubset sub : legacy.subsets()) {
            OptionalInt port = OptionalInt.empty();
            for (EndpointPort ep : sub.ports()) {
                if (ep.name().equals(p.name()) && ep.protocol().equals(p.protocol()) && ep.port().isPresent()) {
                    port = ep.port();
                    break;
                }
            }
            if (port.isEmpty()) {
                continue;
            }
            for (boolean ready : new boolean[] {true, false}) {
                for (EndpointAddress a : ready ? sub.addresses() : sub.notReadyAddresses()) {
                    if (a.ip().family() != family) {
                        continue;
                    }
                    boolean local = a.nodeName().filter(nodeName::equals).isPresent();
                    put(byText, new EndpointInfo(a.ip(), port.getAsInt(), local, ready, ready, false, Set.of()));
                }
            }
        }
        return new ArrayList<>(byText.values());
    }

    private static List<EndpointInfo> fromPods(ClusterObjects cluster, Service s, ServicePort p, AddressFamily family,
                                               String nodeName) {
        Map<String, EndpointInfo> byText = new TreeMap<>();
        for (Pod pod : cluster.podsSelectedBy(s)) {
            if (pod.phase().filter(ph -> ph == PodPhase.SUCCEEDED || ph == PodPhase.FAILED).isPresent()) {
                continue;
            }
            OptionalInt port = pod.resolvePort(p.targetPort(), p.protocol());
            if (port.isEmpty()) {
                continue;
            }
            boolean ready = s.publishNotReadyAddresses() || pod.isReady();
            boolean local = pod.nodeName().filter(nodeName::equals).isPresent();
            for (IpAddress a : pod.podIPs()) {
                if (a.family() == family) {
                    put(byText, new EndpointInfo(a, port.getAsInt(), local, ready, ready, false, Set.of()));
                    break;
                }
            }
        }
        return new ArrayList<>(byText.values());
    }

    /** Keeps one endpoint per {@code ip:port}; a local copy replaces a remote one. */
    private static void put(Map<String, EndpointInfo> byText, EndpointInfo e) {
        EndpointInfo old = byText.get(e.text());
        if (old == null || e.local()) {
            byText.put(e.text(), e);
        }
    }
}
