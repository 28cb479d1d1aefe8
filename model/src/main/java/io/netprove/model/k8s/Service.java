package io.netprove.model.k8s;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Service with the API server's defaults applied: type ClusterIP, protocol TCP, targetPort = port, session
 * affinity None (ClientIP timeout 10800 s), traffic policies Cluster, and for LoadBalancer services
 * {@code allocateLoadBalancerNodePorts} true.
 *
 * <ul>
 *   <li>{@code clusterIPs}: the allocated addresses ({@code clusterIP} first); empty when headless or not yet
 *       allocated (a manifest written before apply). {@code headless} is true for {@code clusterIP: None}.</li>
 *   <li>{@code ipFamilies}: as written, or else the families of {@code clusterIPs}; empty when unknown.</li>
 *   <li>{@code selector}: empty when absent or empty, in which case endpoints are managed by hand (an Endpoints
 *       object or EndpointSlices without a controller).</li>
 *   <li>{@code externalTrafficPolicy}: the legacy spelling {@code Global} is read as Cluster.</li>
 *   <li>{@code healthCheckNodePort}: 0 when none.</li>
 *   <li>{@code sessionAffinityTimeoutSeconds}: 0 when affinity is None.</li>
 * </ul>
 */
public record Service(ObjectMeta metadata, SourceLocation location, ServiceType type, List<IpAddress> clusterIPs,
                      boolean headless, List<AddressFamily> ipFamilies, Optional<IpFamilyPolicy> ipFamilyPolicy,
                      List<ServicePort> ports, Map<String, String> selector, List<IpAddress> externalIPs,
                      Optional<IpAddress> loadBalancerIP, List<LoadBalancerIngress> loadBalancerIngress,
                      List<IpPrefix> loadBalancerSourceRanges, TrafficPolicy externalTrafficPolicy,
                      TrafficPolicy internalTrafficPolicy, int healthCheckNodePort, SessionAffinity sessionAffinity,
                      int sessionAffinityTimeoutSeconds, Optional<String> externalName,
                      boolean publishNotReadyAddresses, boolean allocateLoadBalancerNodePorts) implements KubeObject {

    /** The default ClientIP affinity timeout, three hours. */
    public static final int DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800;

    public Service {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ipFamilyPolicy, "ipFamilyPolicy");
        Objects.requireNonNull(loadBalancerIP, "loadBalancerIP");
        Objects.requireNonNull(externalTrafficPolicy, "externalTrafficPolicy");
        Objects.requireNonNull(internalTrafficPolicy, "internalTrafficPolicy");
        Objects.requireNonNull(sessionAffinity, "sessionAffinity");
        Objects.requireNonNull(externalName, "externalName");
        if (metadata.namespace().isEmpty()) {
            throw new IllegalArgumentException("a Service is namespaced");
        }
        if (headless && !clusterIPs.isEmpty()) {
            throw new IllegalArgumentException("a headless service has no cluster IP");
        }
        clusterIPs = List.copyOf(clusterIPs);
        ipFamilies = List.copyOf(ipFamilies);
        ports = List.copyOf(ports);
        selector = Copies.sortedMap(selector);
        externalIPs = List.copyOf(externalIPs);
        loadBalancerIngress = List.copyOf(loadBalancerIngress);
        loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
    }

    @Override
    public KubeKind kind() {
        return KubeKind.SERVICE;
    }

    /** True if the service selects pods, so its endpoints come from the endpoint controllers. */
    public boolean hasSelector() {
        return !selector.isEmpty();
    }

    /** The primary cluster IP, if allocated. */
    public Optional<IpAddress> clusterIP() {
        return clusterIPs.isEmpty() ? Optional.empty() : Optional.of(clusterIPs.get(0));
    }

    /** True if the service is reachable through node ports (NodePort, or LoadBalancer allocating node ports). */
    public boolean hasNodePorts() {
        return type == ServiceType.NODE_PORT || (type == ServiceType.LOAD_BALANCER && allocateLoadBalancerNodePorts);
    }

    /**
     * True if traffic from outside the cluster can reach it: NodePort and LoadBalancer services, and ClusterIP
     * services with external IPs. Only for these does {@code externalTrafficPolicy} mean anything.
     */
    public boolean externallyAccessible() {
        return type == ServiceType.NODE_PORT || type == ServiceType.LOAD_BALANCER
                || (type == ServiceType.CLUSTER_IP && !externalIPs.isEmpty());
    }

    /** The port named {@code name} ({@code ""} for the unnamed port). */
    public Optional<ServicePort> port(String name) {
        for (ServicePort p : ports) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** True if {@code pod} is in this service's namespace and matched by its (non-empty) selector. */
    public boolean selects(Pod pod) {
        if (!hasSelector() || !pod.namespace().equals(namespace())) {
            return false;
        }
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(pod.labels().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
