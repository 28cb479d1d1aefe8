package io.netprove.model.space;

import io.netprove.model.net.AddressFamily;

/** The packet header fields symbolic analysis keeps as variables. */
public enum Field {
    SRC_ADDR, DST_ADDR, SRC_PORT, DST_PORT, PROTOCOL, ICMP_TYPE, ICMP_CODE;

    /** Width of the field in bits for packets of {@code family}. */
    public int bits(AddressFamily family) {
        return switch (this) {
            case SRC_ADDR, DST_ADDR -> family.bits();
            case SRC_PORT, DST_PORT -> 16;
            case PROTOCOL, ICMP_TYPE, ICMP_CODE -> 8;
        };
    }

    /** Fields a packet of this protocol family carries (ports only for port protocols, ICMP only for ICMP). */
    public static final Field[] ALL = values();
}
