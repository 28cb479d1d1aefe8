package io.netprove.model.ipset;

import io.netprove.model.net.AddressFamily;

import java.util.List;

/** The set types of the kernel's ipset, with the dimensions of their elements. */
public enum IpSetType {
    BITMAP_IP("bitmap:ip", List.of(IpSetDimension.IP)),
    BITMAP_IP_MAC("bitmap:ip,mac", List.of(IpSetDimension.IP, IpSetDimension.MAC)),
    BITMAP_PORT("bitmap:port", List.of(IpSetDimension.PORT)),
    HASH_IP("hash:ip", List.of(IpSetDimension.IP)),
    HASH_MAC("hash:mac", List.of(IpSetDimension.MAC)),
    HASH_IP_MAC("hash:ip,mac", List.of(IpSetDimension.IP, IpSetDimension.MAC)),
    HASH_IP_MARK("hash:ip,mark", List.of(IpSetDimension.IP, IpSetDimension.MARK)),
    HASH_IP_PORT("hash:ip,port", List.of(IpSetDimension.IP, IpSetDimension.PORT)),
    HASH_IP_PORT_IP("hash:ip,port,ip", List.of(IpSetDimension.IP, IpSetDimension.PORT, IpSetDimension.IP)),
    HASH_IP_PORT_NET("hash:ip,port,net", List.of(IpSetDimension.IP, IpSetDimension.PORT, IpSetDimension.NET)),
    HASH_NET("hash:net", List.of(IpSetDimension.NET)),
    HASH_NET_NET("hash:net,net", List.of(IpSetDimension.NET, IpSetDimension.NET)),
    HASH_NET_PORT("hash:net,port", List.of(IpSetDimension.NET, IpSetDimension.PORT)),
    HASH_NET_PORT_NET("hash:net,port,net", List.of(IpSetDimension.NET, IpSetDimension.PORT, IpSetDimension.NET)),
    HASH_NET_IFACE("hash:net,iface", List.of(IpSetDimension.NET, IpSetDimension.IFACE)),
    LIST_SET("list:set", List.of(IpSetDimension.SET));

    private final String typeName;
    private final List<IpSetDimension> dimensions;

    IpSetType(String typeName, List<IpSetDimension> dimensions) {
        this.typeName = typeName;
        this.dimensions = dimensions;
    }

    /** The name ipset uses ({@code hash:ip,port}). */
    public String typeName() {
        return typeName;
    }

    /** The components of an element, in order. */
    public List<IpSetDimension> dimensions() {
        return dimensions;
    }

    /**
     * How many match flags a rule must give for the set to match at all: the kernel returns "no match" when
     * {@code --match-set} has fewer flags than the type's dimension. The mark of hash:ip,mark takes a flag
     * position although no flag chooses it; list:set needs one.
     */
    public int flagsNeeded() {
        return this == LIST_SET ? 1 : dimensions.size();
    }

    /** True for the types with a network component, the only ones whose members may be flagged nomatch. */
    public boolean supportsNomatch() {
        return dimensions.contains(IpSetDimension.NET);
    }

    /**
     * The family a set of this type always has ({@code bitmap:ip*} are IPv4 only), or null when it is chosen at
     * create time ({@code family inet|inet6}) or the type holds no addresses (bitmap:port, hash:mac, list:set).
     */
    public AddressFamily fixedFamily() {
        return this == BITMAP_IP || this == BITMAP_IP_MAC ? AddressFamily.IPV4 : null;
    }

    /** True when the set matches packets of both families (no address component). */
    public boolean familyFree() {
        return this == BITMAP_PORT || this == HASH_MAC || this == LIST_SET;
    }

    /** The type named {@code name}, or null. */
    public static IpSetType lookup(String name) {
        for (IpSetType t : values()) {
            if (t.typeName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return typeName;
    }
}
