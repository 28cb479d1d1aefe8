package io.netprove.rules.facts;

import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.k8s.ServiceType;
import io.netprove.model.k8s.TrafficPolicy;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.verifier.cluster.ServiceEndpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One port of one Service with its endpoints as kube-proxy would see them (one fact per port; ExternalName services
 * have none). {@code endpointsKnown} is false when the manifests cannot say whether endpoints exist: no selector and
 * no endpoint objects, or selected pods described without a Ready condition (manifests written before apply).
 * {@code usableEndpoints} are those kube-proxy sends new connections to: the ready ones, else the serving
 * terminating ones.
 */
public record ServicePortState(Service service, ServicePort port, EndpointOrigin origin, boolean endpointsKnown,
                               List<ServiceEndpoint> endpoints, List<ServiceEndpoint> usableEndpoints) {

    public ServicePortState {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(origin, "origin");
        endpoints = List.copyOf(endpoints);
        usableEndpoints = List.copyOf(usableEndpoints);
    }

    public String namespace() {
        return service.namespace();
    }

    public String name() {
        return service.name();
    }

    /** The port's name, {@code ""} when unnamed. */
    public String portName() {
        return port.name();
    }

    /** kube-proxy's name for the port: {@code ns/name:port}, or {@code ns/name} for an unnamed port. */
    public String proxyKey() {
        return service.namespace() + "/" + service.name() + (port.name().isEmpty() ? "" : ":" + port.name());
    }

    /** {@code Service ns/name port P} (the port's name, or its number when unnamed), for findings. */
    public String describe() {
        return "Service " + service.namespace() + "/" + service.name() + " port "
                + (port.name().isEmpty() ? Integer.toString(port.port()) : port.name());
    }

    public SourceLocation location() {
        return service.location();
    }

    /** True for a port kube-proxy programs: a ClusterIP, NodePort or LoadBalancer service that is not headless. */
    public boolean proxied() {
        return service.type() != ServiceType.EXTERNAL_NAME && !service.headless();
    }

    /** True if the manifests give the service a cluster IP (manifests written before apply often do not). */
    public boolean hasClusterIP() {
        return !service.clusterIPs().isEmpty();
    }

    /** The primary cluster IP, or null when the manifests give none. */
    public IpAddress primaryClusterIP() {
        return service.clusterIPs().isEmpty() ? null : service.clusterIPs().get(0);
    }

    /**
     * True if this port and {@code other} claim the same node port in a way the API server would refuse: two
     * Services, or two ports of one Service with the same protocol.
     */
    public boolean nodePortClashesWith(ServicePortState other) {
        if (port.nodePort() == 0 || port.nodePort() != other.port.nodePort() || proxyKey().equals(other.proxyKey())) {
            return false;
        }
        boolean sameService = service.namespace().equals(other.service.namespace())
                && service.name().equals(other.service.name());
        return !sameService || port.protocol().equals(other.port.protocol());
    }

    public boolean hasUsableEndpoints() {
        return !usableEndpoints.isEmpty();
    }

    /** True if every usable endpoint says which node it is on. */
    public boolean usableEndpointsHaveNodes() {
        for (ServiceEndpoint e : usableEndpoints) {
            if (e.node() == null) {
                return false;
            }
        }
        return true;
    }

    /** The nodes that host at least one usable endpoint, sorted. */
    public Set<String> nodesWithUsableEndpoints() {
        Set<String> out = new TreeSet<>();
        for (ServiceEndpoint e : usableEndpoints) {
            if (e.node() != null) {
                out.add(e.node());
            }
        }
        return out;
    }

    /** True if external traffic is only sent to endpoints on the receiving node. */
    public boolean externalTrafficLocal() {
        return service.externalTrafficPolicy() == TrafficPolicy.LOCAL && service.externallyAccessible();
    }

    /**
     * The endpoints kube-proxy on {@code node} gives a {@code KUBE-SEP} chain: every usable endpoint, or only those
     * on {@code node} when no traffic may use the others ({@code internalTrafficPolicy} Local, and the service is
     * either not externally reachable or has {@code externalTrafficPolicy} Local too).
     */
    public List<ServiceEndpoint> expectedEndpointsOn(String node) {
        boolean internalLocal = service.internalTrafficPolicy() == TrafficPolicy.LOCAL;
        boolean externalLocal = service.externalTrafficPolicy() == TrafficPolicy.LOCAL;
        boolean usesClusterEndpoints = !internalLocal || (service.externallyAccessible() && !externalLocal);
        if (usesClusterEndpoints) {
            return usableEndpoints;
        }
        List<ServiceEndpoint> out = new ArrayList<>();
        for (ServiceEndpoint e : usableEndpoints) {
            if (node.equals(e.node())) {
                out.add(e);
            }
        }
        return out;
    }

    /** True if {@code address:portNumber} is one of {@link #expectedEndpointsOn(String)}. */
    public boolean expectsEndpoint(String node, IpAddress address, int portNumber) {
        for (ServiceEndpoint e : expectedEndpointsOn(node)) {
            if (e.address().equals(address) && e.port() == portNumber) {
                return true;
            }
        }
        return false;
    }

    /** The usable endpoints as {@code ip:port}, comma-separated. */
    public String usableEndpointsText() {
        return String.join(", ", usableEndpoints.stream().map(ServiceEndpoint::text).toList());
    }
}
