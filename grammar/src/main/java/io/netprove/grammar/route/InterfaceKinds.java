package io.netprove.grammar.route;

import java.util.Set;

/** The link kinds {@code ip -d} prints at the start of a detail line, and detail words that are not kinds. */
final class InterfaceKinds {

    static final Set<String> KINDS = Set.of("vxlan", "bridge", "veth", "dummy", "ipip", "ip6tnl", "sit", "gre",
            "gretap", "ip6gre", "ip6gretap", "erspan", "ip6erspan", "macvlan", "macvtap", "ipvlan", "ipvtap",
            "vlan", "bond", "team", "geneve", "wireguard", "tun", "vrf", "vti", "vti6", "nlmon", "ifb", "netkit",
            "bareudp", "xfrm", "openvswitch", "vcan", "vxcan", "gtp", "hsr", "macsec", "amt", "ipoib", "can",
            "batadv", "rmnet", "virt_wifi", "wwan", "netdevsim");

    /** First words of {@code ip -d} detail lines that carry no forwarding state. */
    static final Set<String> DETAIL_WORDS = Set.of("addrgenmode", "numtxqueues", "numrxqueues", "gso_max_size",
            "gso_max_segs", "tso_max_size", "tso_max_segs", "gro_max_size", "parentbus", "parentdev", "alias",
            "vf", "prog/xdp", "prog/xdpgeneric", "prog/xdpdrv", "prog/xdpoffload", "portname", "portid",
            "switchid", "protodown_reason", "gso_ipv4_max_size", "gro_ipv4_max_size");

    private InterfaceKinds() {
    }
}
