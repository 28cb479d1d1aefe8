package io.netprove.model.intent;

import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code cluster} block: the pod and service networks, the nodes, the manifests to read, the node port range and
 * the kube-proxy mode, the network plugin ({@code cni}, when declared), the MAC-VLAN networks pods may sit on, the
 * ingress controllers ({@code ingress controller ...}) and where the API server listens ({@code api server ...}).
 * An empty list means the setting was not given.
 */
public record ClusterSpec(Optional<String> name, List<IpPrefix> podNetworks, List<IpPrefix> serviceNetworks,
                          List<NodeSpec> nodes, List<FileRef> manifests, PortRange nodePortRange,
                          KubeProxyMode kubeProxyMode, Optional<Cni> cni, List<IpPrefix> macvlanNetworks,
                          SourceLocation location, List<IngressController> ingressControllers,
                          List<ApiEndpoint> apiServers) {

    /** Kubernetes' default {@code --service-node-port-range}. */
    public static final PortRange DEFAULT_NODE_PORT_RANGE = new PortRange(30000, 32767);

    public ClusterSpec {
        Objects.requireNonNull(name, "name");
        podNetworks = List.copyOf(podNetworks);
        serviceNetworks = List.copyOf(serviceNetworks);
        nodes = List.copyOf(nodes);
        manifests = List.copyOf(manifests);
        Objects.requireNonNull(nodePortRange, "nodePortRange");
        Objects.requireNonNull(kubeProxyMode, "kubeProxyMode");
        Objects.requireNonNull(cni, "cni");
        macvlanNetworks = List.copyOf(macvlanNetworks);
        Objects.requireNonNull(location, "location");
        ingressControllers = List.copyOf(ingressControllers);
        apiServers = List.copyOf(apiServers);
    }

    /** A cluster block without ingress controllers or API server addresses. */
    public ClusterSpec(Optional<String> name, List<IpPrefix> podNetworks, List<IpPrefix> serviceNetworks,
                       List<NodeSpec> nodes, List<FileRef> manifests, PortRange nodePortRange,
                       KubeProxyMode kubeProxyMode, Optional<Cni> cni, List<IpPrefix> macvlanNetworks,
                       SourceLocation location) {
        this(name, podNetworks, serviceNetworks, nodes, manifests, nodePortRange, kubeProxyMode, cni, macvlanNetworks,
                location, List.of(), List.of());
    }

    /** A cluster block without a declared plugin or MAC-VLAN networks. */
    public ClusterSpec(Optional<String> name, List<IpPrefix> podNetworks, List<IpPrefix> serviceNetworks,
                       List<NodeSpec> nodes, List<FileRef> manifests, PortRange nodePortRange,
                       KubeProxyMode kubeProxyMode, SourceLocation location) {
        this(name, podNetworks, serviceNetworks, nodes, manifests, nodePortRange, kubeProxyMode, Optional.empty(),
                List.of(), location);
    }

    /** The node declared with this name, if any. */
    public Optional<NodeSpec> node(String nodeName) {
        for (NodeSpec n : nodes) {
            if (n.name().equals(nodeName)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
