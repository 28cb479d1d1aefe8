package io.netprove.compiler;

import io.netprove.compiler.iptables.IptablesModeCompiler;
import io.netprove.compiler.iptables.IptablesRestore;
import io.netprove.compiler.ipvs.IpvsModeCompiler;
import io.netprove.compiler.ipvs.IpvsModeOutput;
import io.netprove.compiler.nft.NftablesModeCompiler;
import io.netprove.compiler.services.ServiceTable;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.net.AddressFamily;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a cluster's Services and EndpointSlices into what kube-proxy writes on one node in its configured mode:
 * one proxier per address family of the node's addresses (IPv4 alone when none is given), as kube-proxy runs one
 * per family in dual-stack clusters.
 */
public final class KubeProxyCompiler {

    private KubeProxyCompiler() {
    }

    public static CompiledNode compile(ClusterObjects cluster, KubeProxyConfig config) {
        Set<String> notes = new LinkedHashSet<>();
        List<AddressFamily> families = new ArrayList<>();
        for (AddressFamily f : AddressFamily.values()) {
            if (config.nodeIP(f).isPresent()) {
                families.add(f);
            }
        }
        if (families.isEmpty()) {
            families.add(AddressFamily.IPV4);
            notes.add("no node IP given: compiled for IPv4 only, without a node IP (LoadBalancerSourceRanges never"
                    + " contain the node, NodePorts have no address to bind to in IPVS mode)");
        }
        if (cluster.node(config.nodeName()).isEmpty()) {
            notes.add("node " + config.nodeName() + " is not among the manifests' Node objects: endpoints are local"
                    + " when their nodeName is " + config.nodeName() + "; the node's zone is unknown");
        }
        String zone = ServiceTable.zoneOf(cluster, config.nodeName());
        Map<AddressFamily, IptablesRestore> iptables = new EnumMap<>(AddressFamily.class);
        Map<AddressFamily, IpvsModeOutput> ipvs = new EnumMap<>(AddressFamily.class);
        Map<AddressFamily, String> nft = new EnumMap<>(AddressFamily.class);
        for (AddressFamily f : families) {
            ServiceTable table = ServiceTable.build(cluster, f, config.nodeName());
            notes.addAll(table.notes());
            switch (config.mode()) {
                case IPTABLES -> iptables.put(f, IptablesModeCompiler.compile(table.ports(), config, f, zone));
                case IPVS -> {
                    IpvsModeOutput out = IpvsModeCompiler.compile(table.ports(), config, f, zone);
                    ipvs.put(f, out);
                    iptables.put(f, out.iptables());
                }
                case NFTABLES -> nft.put(f, NftablesModeCompiler.compile(table.ports(), config, f, zone));
                default -> throw new IllegalStateException("unhandled mode " + config.mode());
            }
        }
        return new CompiledNode(config, iptables, ipvs, nft, new ArrayList<>(notes));
    }
}
