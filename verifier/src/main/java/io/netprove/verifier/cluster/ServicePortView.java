package io.netprove.verifier.cluster;

import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.k8s.TrafficPolicy;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;

import java.util.List;

/**
 * One port of one Service with everything a packet to it depends on: its frontends (ClusterIPs, the node port,
 * external IPs, load-balancer ingress IPs), the source ranges that guard the load balancer, the traffic policies
 * and its endpoints. {@code endpointSource} says where the endpoints were learned from.
 */
public record ServicePortView(Service service, ServicePort port, List<IpAddress> clusterIPs,
                              List<IpAddress> externalIPs, List<IpAddress> loadBalancerIPs,
                              List<IpPrefix> sourceRanges, List<ServiceEndpoint> endpoints, String endpointSource) {

    public ServicePortView {
        clusterIPs = List.copyOf(clusterIPs);
        externalIPs = List.copyOf(externalIPs);
        loadBalancerIPs = List.copyOf(loadBalancerIPs);
        sourceRanges = List.copyOf(sourceRanges);
        endpoints = List.copyOf(endpoints);
    }

    public String namespace() {
        return service.metadata().namespace().orElse("default");
    }

    public String name() {
        return service.metadata().name();
    }

    /** {@code ns/name:port}, with the port's name when it has one. */
    public String key() {
        return namespace() + "/" + name() + ":" + (port.name().isEmpty() ? Integer.toString(port.port())
                : port.name());
    }

    public boolean hasNodePort() {
        return port.nodePort() > 0;
    }

    public boolean externalLocal() {
        return service.externalTrafficPolicy() == TrafficPolicy.LOCAL;
    }

    /** Endpoints kube-proxy sends new connections to: the ready ones, else serving terminating ones. */
    public List<ServiceEndpoint> usableEndpoints() {
        List<ServiceEndpoint> ready = endpoints.stream().filter(ServiceEndpoint::ready).toList();
        if (!ready.isEmpty()) {
            return ready;
        }
        return endpoints.stream().filter(e -> e.serving() && e.terminating()).toList();
    }
}
