package io.netprove.model.ipset;

/** What one component of a set's elements is, and so which packet field a match flag selects for it. */
public enum IpSetDimension {
    /** A host address (ranges and CIDR blocks in add commands stand for every host in them). */
    IP,
    /** A network: a CIDR block whose prefix length takes part in the lookup (most specific first). */
    NET,
    /** A protocol and port ({@code tcp:80}); for ICMP the type and code. */
    PORT,
    /** An Ethernet address. */
    MAC,
    /** An interface name ({@code src} is the input interface, {@code dst} the output one). */
    IFACE,
    /** The packet mark, masked by the set's markmask (its flag position is taken but not used). */
    MARK,
    /** A member set of a list:set. */
    SET
}
