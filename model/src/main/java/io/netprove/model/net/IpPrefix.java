package io.netprove.model.net;

/** A CIDR block; the network address is normalised (host bits cleared). */
public record IpPrefix(IpAddress network, int length) {

    public IpPrefix {
        int width = network.family().bits();
        if (length < 0 || length > width) {
            throw new IllegalArgumentException("prefix length " + length + " out of range for " + network.family());
        }
        network = mask(network, length);
    }

    /** The single-address prefix (/32 or /128). */
    public static IpPrefix host(IpAddress address) {
        return new IpPrefix(address, address.family().bits());
    }

    /** Every address of the family (0.0.0.0/0 or ::/0). */
    public static IpPrefix any(AddressFamily family) {
        return new IpPrefix(family == AddressFamily.IPV4 ? IpAddress.v4(0) : IpAddress.v6(0, 0), 0);
    }

    /**
     * Parses {@code a.b.c.d}, {@code a.b.c.d/len}, {@code a.b.c.d/m.m.m.m} (contiguous mask) or the IPv6 forms;
     * returns null when the text is not a prefix.
     */
    public static IpPrefix tryParse(CharSequence text) {
        int slash = -1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '/') {
                slash = i;
                break;
            }
        }
        if (slash < 0) {
            IpAddress a = IpAddress.tryParse(text);
            return a == null ? null : host(a);
        }
        IpAddress a = IpAddress.tryParse(text, 0, slash);
        if (a == null || slash == text.length() - 1) {
            return null;
        }
        int len = 0;
        boolean digits = true;
        for (int i = slash + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || len > 1000) {
                digits = false;
                break;
            }
            len = len * 10 + (c - '0');
        }
        if (!digits) {
            IpAddress mask = IpAddress.tryParse(text, slash + 1, text.length());
            if (mask == null || mask.family() != a.family()) {
                return null;
            }
            len = contiguousMaskLength(mask);
            if (len < 0) {
                return null;
            }
        }
        if (len > a.family().bits()) {
            return null;
        }
        return new IpPrefix(a, len);
    }

    /** Parses like {@link #tryParse} and throws {@link IllegalArgumentException} on bad text. */
    public static IpPrefix parse(String text) {
        IpPrefix p = tryParse(text);
        if (p == null) {
            throw new IllegalArgumentException("not an address or CIDR block: '" + text + "'");
        }
        return p;
    }

    /** The prefix length a netmask stands for, or -1 when its one bits are not contiguous from the top. */
    public static int contiguousMaskLength(IpAddress mask) {
        int width = mask.family().bits();
        int ones = 0;
        while (ones < width && mask.bit(ones)) {
            ones++;
        }
        for (int i = ones; i < width; i++) {
            if (mask.bit(i)) {
                return -1;
            }
        }
        return ones;
    }

    static IpAddress mask(IpAddress a, int length) {
        if (a.isV4()) {
            long m = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
            return IpAddress.v4(a.lo() & m);
        }
        long hiMask = length >= 64 ? -1L : (length == 0 ? 0 : -1L << (64 - length));
        long loMask = length <= 64 ? 0 : (length == 128 ? -1L : -1L << (128 - length));
        return IpAddress.v6(a.hi() & hiMask, a.lo() & loMask);
    }

    public AddressFamily family() {
        return network.family();
    }

    /** True if {@code a} is of this family and inside the block. */
    public boolean contains(IpAddress a) {
        return a.family() == network.family() && mask(a, length).equals(network);
    }

    /** True if every address of {@code other} is inside this block. */
    public boolean contains(IpPrefix other) {
        return other.family() == family() && other.length >= length && contains(other.network);
    }

    /** True if the two blocks share at least one address. */
    public boolean overlaps(IpPrefix other) {
        return other.family() == family() && (contains(other.network) || other.contains(network));
    }

    /** True for /32 and /128. */
    public boolean isHost() {
        return length == network.family().bits();
    }

    /** The last address of the block. */
    public IpAddress last() {
        if (network.isV4()) {
            long size = length == 0 ? 0xffffffffL : (1L << (32 - length)) - 1;
            return IpAddress.v4(network.lo() | size);
        }
        long hiHost = length >= 64 ? 0 : (length == 0 ? -1L : -1L >>> length);
        long loHost = length >= 128 ? 0 : (length <= 64 ? -1L : -1L >>> (length - 64));
        return IpAddress.v6(network.hi() | hiHost, network.lo() | loHost);
    }

    @Override
    public String toString() {
        return network + "/" + length;
    }

    /** The address alone for host prefixes, the CIDR form otherwise. */
    public String toShortString() {
        return isHost() ? network.toString() : toString();
    }
}
