package io.netprove.rules.facts;

import io.netprove.model.k8s.Service;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the rules need to know about the cluster that its objects do not say; one such fact is inserted per run.
 *
 * <ul>
 *   <li>{@code nodePortRange}: the API server's {@code --service-node-port-range} (default 30000-32767).</li>
 *   <li>{@code dnsNamespace}/{@code dnsName}: the cluster DNS Service (default kube-system/kube-dns).</li>
 *   <li>{@code podNetworks}, {@code serviceNetworks}, {@code nodeNetworks}: the cluster's pod CIDRs
 *       ({@code --cluster-cidr}), service CIDRs ({@code --service-cluster-ip-range}) and the networks the nodes
 *       live on; empty when not given (rules then use what the objects show: node pod CIDRs, cluster IPs, node
 *       addresses).</li>
 *   <li>{@code zones}: declared zones (also inserted as {@link Zone} facts).</li>
 *   <li>{@code expectedProxyMode}: the kube-proxy mode the cluster is configured for, when known.</li>
 *   <li>{@code macvlanNetworks}: names of network attachments (Multus NetworkAttachmentDefinitions, as
 *       {@code name} or {@code namespace/name}) that are MAC-VLAN; {@code macvlanNodes}: nodes whose pod network
 *       itself is MAC-VLAN (every pod there not on the host network is a MAC-VLAN pod).</li>
 * </ul>
 */
public record RuleContext(PortRange nodePortRange, String dnsNamespace, String dnsName, List<IpPrefix> podNetworks,
                          List<IpPrefix> serviceNetworks, List<IpPrefix> nodeNetworks, List<Zone> zones,
                          Optional<ProxyMode> expectedProxyMode, Set<String> macvlanNetworks,
                          Set<String> macvlanNodes) {

    /** kube-apiserver's default {@code --service-node-port-range}. */
    public static final PortRange DEFAULT_NODE_PORT_RANGE = new PortRange(30000, 32767);

    /** Every default: node ports 30000-32767, DNS kube-system/kube-dns, nothing else declared. */
    public static final RuleContext DEFAULT = new RuleContext(DEFAULT_NODE_PORT_RANGE, "kube-system", "kube-dns",
            List.of(), List.of(), List.of(), List.of(), Optional.empty(), Set.of(), Set.of());

    public RuleContext {
        Objects.requireNonNull(nodePortRange, "nodePortRange");
        Objects.requireNonNull(dnsNamespace, "dnsNamespace");
        Objects.requireNonNull(dnsName, "dnsName");
        podNetworks = List.copyOf(podNetworks);
        serviceNetworks = List.copyOf(serviceNetworks);
        nodeNetworks = List.copyOf(nodeNetworks);
        zones = List.copyOf(zones);
        Objects.requireNonNull(expectedProxyMode, "expectedProxyMode");
        macvlanNetworks = Set.copyOf(macvlanNetworks);
        macvlanNodes = Set.copyOf(macvlanNodes);
    }

    /** True if {@code nodePort} is inside the configured node-port range. */
    public boolean inNodePortRange(int nodePort) {
        return nodePortRange.contains(nodePort);
    }

    /** {@code first-last}, as kube-apiserver writes the range. */
    public String nodePortRangeText() {
        return nodePortRange.first() + "-" + nodePortRange.last();
    }

    /** True if {@code service} is the cluster DNS Service. */
    public boolean isDnsService(Service service) {
        return service.namespace().equals(dnsNamespace) && service.name().equals(dnsName);
    }

    /** {@code namespace/name} of the cluster DNS Service. */
    public String dnsServiceName() {
        return dnsNamespace + "/" + dnsName;
    }

    /** True if the cluster is known to be configured for kube-proxy mode {@code mode}. */
    public boolean expects(ProxyMode mode) {
        return expectedProxyMode.isPresent() && expectedProxyMode.get() == mode;
    }

    public RuleContext withNodePortRange(PortRange range) {
        return new RuleContext(range, dnsNamespace, dnsName, podNetworks, serviceNetworks, nodeNetworks, zones,
                expectedProxyMode, macvlanNetworks, macvlanNodes);
    }

    public RuleContext withDnsService(String namespace, String name) {
        return new RuleContext(nodePortRange, namespace, name, podNetworks, serviceNetworks, nodeNetworks, zones,
                expectedProxyMode, macvlanNetworks, macvlanNodes);
    }

    public RuleContext withNetworks(List<IpPrefix> pods, List<IpPrefix> services, List<IpPrefix> nodes) {
        return new RuleContext(nodePortRange, dnsNamespace, dnsName, pods, services, nodes, zones,
                expectedProxyMode, macvlanNetworks, macvlanNodes);
    }

    public RuleContext withZones(List<Zone> declared) {
        return new RuleContext(nodePortRange, dnsNamespace, dnsName, podNetworks, serviceNetworks, nodeNetworks,
                declared, expectedProxyMode, macvlanNetworks, macvlanNodes);
    }

    public RuleContext withExpectedProxyMode(Optional<ProxyMode> mode) {
        return new RuleContext(nodePortRange, dnsNamespace, dnsName, podNetworks, serviceNetworks, nodeNetworks,
                zones, mode, macvlanNetworks, macvlanNodes);
    }

    public RuleContext withMacvlan(Set<String> networks, Set<String> nodes) {
        return new RuleContext(nodePortRange, dnsNamespace, dnsName, podNetworks, serviceNetworks, nodeNetworks,
                zones, expectedProxyMode, networks, nodes);
    }
}
