package io.netprove.model.intent;

import java.util.Optional;

/**
 * How the cluster network plugin carries pod traffic between nodes, as declared by {@code cni ...}: the encapsulation
 * between nodes and the device the inner packet appears on at the receiving node.
 */
public enum Cni {
    /** flannel's VXLAN backend: UDP 8472 between nodes, the inner packet arrives on flannel.1. */
    FLANNEL_VXLAN("flannel-vxlan", Encapsulation.VXLAN, 8472, "flannel.1"),
    /** flannel's host-gw backend: pod subnets routed via the other node's address, no encapsulation. */
    FLANNEL_HOST_GW("flannel-host-gw", Encapsulation.NONE, 0, null),
    /** Calico with BGP routes (BIRD) and no overlay. */
    CALICO_BGP("calico-bgp", Encapsulation.NONE, 0, null),
    /** Calico in IPIP mode: IP protocol 4 between nodes, the inner packet arrives on tunl0. */
    CALICO_IPIP("calico-ipip", Encapsulation.IPIP, 0, "tunl0"),
    /** Calico in VXLAN mode: UDP 4789 between nodes, the inner packet arrives on vxlan.calico. */
    CALICO_VXLAN("calico-vxlan", Encapsulation.VXLAN, 4789, "vxlan.calico"),
    /** A bridge (or ptp) plugin with pod subnets routed between nodes by the underlay. */
    BRIDGE("bridge", Encapsulation.NONE, 0, null);

    /** What wraps a pod packet on its way between nodes. */
    public enum Encapsulation {
        NONE,
        VXLAN,
        IPIP
    }

    private final String keyword;
    private final Encapsulation encapsulation;
    private final int udpPort;
    private final String tunnelDevice;

    Cni(String keyword, Encapsulation encapsulation, int udpPort, String tunnelDevice) {
        this.keyword = keyword;
        this.encapsulation = encapsulation;
        this.udpPort = udpPort;
        this.tunnelDevice = tunnelDevice;
    }

    public String keyword() {
        return keyword;
    }

    public Encapsulation encapsulation() {
        return encapsulation;
    }

    /** The VXLAN UDP port, 0 for other encapsulations. */
    public int udpPort() {
        return udpPort;
    }

    /** The tunnel device the inner packet arrives on, if the plugin uses one. */
    public Optional<String> tunnelDevice() {
        return Optional.ofNullable(tunnelDevice);
    }

    /** The plugin with this keyword ({@code flannel-vxlan}, {@code calico-ipip}, ...). */
    public static Optional<Cni> lookup(String word) {
        for (Cni c : values()) {
            if (c.keyword.equals(word)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return keyword;
    }
}
