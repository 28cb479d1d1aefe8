package io.netprove.model.netfilter;

/**
 * A chain the kernel calls at a hook: in iptables the built-in chains of each table at the table's fixed priority,
 * in nftables any chain declared with {@code type T hook H priority P}. Chains of type NAT see only the first packet
 * of a connection; ROUTE chains (nftables) re-route a locally sent packet when they change it, like mangle OUTPUT.
 */
public record BaseChain(String table, String chain, Hook hook, int priority, Type type, Policy policy) {

    /** The nftables chain types (iptables raw, mangle, filter and security tables are all FILTER-like). */
    public enum Type { FILTER, NAT, ROUTE }
}
