package io.netprove.model.netfilter;

/** Address types of the {@code addrtype} match, as the kernel's routing tables classify them. */
public enum AddrType {
    UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE
}
