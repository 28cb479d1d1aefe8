package io.netprove.grammar.snapshot;

import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.KubeProxyMode;
import io.netprove.model.intent.NodeSpec;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fills what an intent leaves out of its cluster block from a snapshot's meta.json: the pod and service networks
 * when the block declares none, the nodes (with their addresses) when it declares none, and kube-proxy's mode when
 * the block does not exist. An intent without a cluster block gets one made from meta.json alone. What the intent
 * says always wins; nothing is merged item by item.
 */
public final class IntentCompletion {

    private IntentCompletion() {
    }

    /** The intent with its cluster block completed from {@code meta}. */
    public static Intent complete(Intent intent, SnapshotMeta meta) {
        SourceLocation at = SourceLocation.of(meta.file(), 1);
        List<NodeSpec> metaNodes = new ArrayList<>();
        for (SnapshotMeta.NodeEntry n : meta.nodes()) {
            if (!n.addresses().isEmpty()) {
                metaNodes.add(new NodeSpec(n.name(), n.addresses(), Optional.empty(), at));
            }
        }
        ClusterSpec c = intent.cluster().orElse(null);
        ClusterSpec completed;
        if (c == null) {
            KubeProxyMode mode = meta.kubeProxyMode().map(IntentCompletion::mode).orElse(KubeProxyMode.IPTABLES);
            completed = new ClusterSpec(meta.clusterName(), meta.podNetworks(), meta.serviceNetworks(), metaNodes,
                    List.of(), ClusterSpec.DEFAULT_NODE_PORT_RANGE, mode, at);
        } else {
            completed = new ClusterSpec(c.name(),
                    c.podNetworks().isEmpty() ? meta.podNetworks() : c.podNetworks(),
                    c.serviceNetworks().isEmpty() ? meta.serviceNetworks() : c.serviceNetworks(),
                    c.nodes().isEmpty() ? metaNodes : c.nodes(), c.manifests(), c.nodePortRange(),
                    c.kubeProxyMode(), c.cni(), c.macvlanNetworks(), c.location(), c.ingressControllers(),
                    c.apiServers());
        }
        return new Intent(Optional.of(completed), intent.zones(), intent.routes(), intent.statements(),
                intent.files(), intent.apiAccess());
    }

    private static KubeProxyMode mode(String word) {
        for (KubeProxyMode m : KubeProxyMode.values()) {
            if (m.keyword().equals(word)) {
                return m;
            }
        }
        return KubeProxyMode.IPTABLES;
    }
}
