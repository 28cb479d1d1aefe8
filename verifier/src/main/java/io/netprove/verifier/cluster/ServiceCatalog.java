package io.netprove.verifier.cluster;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.EndpointAddress;
import io.netprove.model.k8s.EndpointPort;
import io.netprove.model.k8s.EndpointSlice;
import io.netprove.model.k8s.EndpointSubset;
import io.netprove.model.k8s.Endpoints;
import io.netprove.model.k8s.LoadBalancerIngress;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.k8s.ServiceType;
import io.netprove.model.net.IpAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every service port of a cluster with its frontends and endpoints. Endpoints come from the EndpointSlices kube-proxy
 * reads (matching the service port by name and protocol); without slices, from legacy Endpoints objects; without
 * either, from the ready pods the selector picks (the target port resolved against their container ports), which is
 * said in {@code endpointSource}.
 */
public final class ServiceCatalog {

    private final List<ServicePortView> ports;
    private final java.util.Map<String, List<ServicePortView>> byService = new java.util.HashMap<>();

    private ServiceCatalog(List<ServicePortView> ports) {
        this.ports = List.copyOf(ports);
        for (ServicePortView v : this.ports) {
            byService.computeIfAbsent(v.namespace() + "/" + v.name(), k -> new java.util.ArrayList<>()).add(v);
        }
    }

    public static ServiceCatalog of(ClusterObjects cluster) {
        List<ServicePortView> out = new ArrayList<>();
        for (Service s : cluster.services()) {
            if (s.type() == ServiceType.EXTERNAL_NAME) {
                continue;
            }
            String ns = s.metadata().namespace().orElse("default");
            List<EndpointSlice> slices = cluster.endpointSlices().stream()
                    .filter(es -> es.metadata().namespace().orElse("").equals(ns)
                            && es.serviceName().orElse("").equals(s.metadata().name()))
                    .toList();
            Optional<Endpoints> legacy = cluster.endpoints().stream()
                    .filter(e -> e.metadata().namespace().orElse("").equals(ns)
                            && e.metadata().name().equals(s.metadata().name()))
                    .findFirst();
            List<IpAddress> lbIPs = new ArrayList<>();
            for (LoadBalancerIngress in : s.loadBalancerIngress()) {
                in.ip().ifPresent(lbIPs::add);
            }
            for (ServicePort p : s.ports()) {
                List<ServiceEndpoint> eps = new ArrayList<>();
                String source;
                if (!slices.isEmpty()) {
                    source = "EndpointSlices";
                    for (EndpointSlice es : slices) {
                        OptionalInt port = slicePort(es, p);
                        if (port.isEmpty()) {
                            continue;
                        }
                        for (var e : es.endpoints()) {
                            for (IpAddress a : e.ipAddresses()) {
                                eps.add(new ServiceEndpoint(a, port.getAsInt(), e.nodeName().orElse(null),
                                        e.conditions().ready(), e.conditions().serving(),
                                        e.conditions().terminating()));
                            }
                        }
                    }
                } else if (legacy.isPresent()) {
                    source = "Endpoints";
                    for (EndpointSubset sub : legacy.get().subsets()) {
                        OptionalInt port = OptionalInt.empty();
                        for (var ep : sub.ports()) {
                            if (ep.name().equals(p.name()) && ep.protocol().equals(p.protocol())
                                    && ep.port().isPresent()) {
                                port = ep.port();
                            }
                        }
                        if (port.isEmpty()) {
                            continue;
                        }
                        for (EndpointAddress a : sub.addresses()) {
                            eps.add(new ServiceEndpoint(a.ip(), port.getAsInt(), a.nodeName().orElse(null), true,
                                    true, false));
                        }
                        for (EndpointAddress a : sub.notReadyAddresses()) {
                            eps.add(new ServiceEndpoint(a.ip(), port.getAsInt(), a.nodeName().orElse(null), false,
                                    false, false));
                        }
                    }
                } else if (s.hasSelector()) {
                    source = "pods selected by the Service (no EndpointSlices in the manifests)";
                    for (Pod pod : cluster.pods()) {
                        if (!s.selects(pod)) {
                            continue;
                        }
                        OptionalInt port = pod.resolvePort(p.targetPort(), p.protocol());
                        if (port.isEmpty()) {
                            continue;
                        }
                        for (IpAddress a : pod.podIPs()) {
                            eps.add(new ServiceEndpoint(a, port.getAsInt(), pod.nodeName().orElse(null),
                                    pod.isReady(), pod.isReady(), false));
                        }
                    }
                } else {
                    source = "none (the Service has no selector and no endpoints)";
                }
                out.add(new ServicePortView(s, p, s.headless() ? List.of() : s.clusterIPs(), s.externalIPs(), lbIPs,
                        s.loadBalancerSourceRanges(), eps, source));
            }
        }
        return new ServiceCatalog(out);
    }

    private static OptionalInt slicePort(EndpointSlice es, ServicePort p) {
        for (EndpointPort ep : es.ports()) {
            if (ep.name().equals(p.name()) && ep.protocol().equals(p.protocol()) && ep.port().isPresent()) {
                return ep.port();
            }
        }
        return OptionalInt.empty();
    }

    public List<ServicePortView> ports() {
        return ports;
    }

    /** The ports of service {@code ns/name}; empty when there is no such service. */
    public List<ServicePortView> ports(String namespace, String name) {
        return List.copyOf(byService.getOrDefault(namespace + "/" + name, List.of()));
    }
}
