package io.netprove.model.net;

/** IPv4 or IPv6; decides address width and which ruleset a packet meets. */
public enum AddressFamily {
    IPV4(32),
    IPV6(128);

    private final int bits;

    AddressFamily(int bits) {
        this.bits = bits;
    }

    /** Width of an address of this family in bits. */
    public int bits() {
        return bits;
    }
}
