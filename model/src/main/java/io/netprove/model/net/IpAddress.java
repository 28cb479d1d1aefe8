package io.netprove.model.net;

import java.math.BigInteger;

/**
 * An IPv4 or IPv6 address held as two 64-bit halves (IPv4 uses the low 32 bits of {@code lo}).
 * Parsing accepts dotted quads and every RFC 4291 text form, including embedded IPv4 ({@code ::ffff:1.2.3.4}).
 */
public record IpAddress(AddressFamily family, long hi, long lo) implements Comparable<IpAddress> {

    public IpAddress {
        if (family == AddressFamily.IPV4 && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address out of range");
        }
    }

    /** An IPv4 address from its 32-bit value. */
    public static IpAddress v4(long value) {
        return new IpAddress(AddressFamily.IPV4, 0, value & 0xffffffffL);
    }

    /** An IPv6 address from its two 64-bit halves. */
    public static IpAddress v6(long hi, long lo) {
        return new IpAddress(AddressFamily.IPV6, hi, lo);
    }

    /** Parses either family; throws {@link IllegalArgumentException} with a reason on bad text. */
    public static IpAddress parse(String text) {
        IpAddress a = tryParse(text);
        if (a == null) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        return a;
    }

    /** Parses either family, or returns null. */
    public static IpAddress tryParse(CharSequence text) {
        return tryParse(text, 0, text.length());
    }

    /** Parses {@code text[from, to)} as an address of either family, or returns null. */
    public static IpAddress tryParse(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == ':') {
                return parseV6(text, from, to);
            }
        }
        long v = parseV4(text, from, to);
        return v < 0 ? null : v4(v);
    }

    /** Parses a dotted quad, returning -1 when the text is not one. Leading zeros are read as decimal. */
    static long parseV4(CharSequence s, int from, int to) {
        long value = 0;
        int octets = 0;
        int i = from;
        while (true) {
            int start = i;
            int octet = 0;
            while (i < to && i - start < 4) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                octet = octet * 10 + (c - '0');
                i++;
            }
            if (i == start || i - start > 3 || octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
            octets++;
            if (octets == 4) {
                return i == to ? value : -1;
            }
            if (i >= to || s.charAt(i) != '.') {
                return -1;
            }
            i++;
        }
    }

    private static IpAddress parseV6(CharSequence s, int from, int to) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = from;
        if (to - from >= 2 && s.charAt(from) == ':' && s.charAt(from + 1) == ':') {
            gap = 0;
            i = from + 2;
            if (i == to) {
                return v6(0, 0);
            }
        } else if (from < to && s.charAt(from) == ':') {
            return null;
        }
        while (i < to) {
            if (count >= 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 5) {
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0) {
                    break;
                }
                value = (value << 4) | d;
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                long v4 = parseV4(s, start, to);
                if (v4 < 0 || count > 6) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = to;
                break;
            }
            if (i == start || i - start > 4) {
                return null;
            }
            groups[count++] = value;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return null;
            }
        }
        int[] full = new int[8];
        if (gap >= 0) {
            if (count > 7) {
                return null;
            }
            int tail = count - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        } else {
            if (count != 8) {
                return null;
            }
            full = groups;
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | full[g];
            lo = (lo << 16) | full[g + 4];
        }
        return v6(hi, lo);
    }

    public boolean isV4() {
        return family == AddressFamily.IPV4;
    }

    /** Bit {@code index} counted from the most significant bit (0) of this family's width. */
    public boolean bit(int index) {
        int width = family.bits();
        int fromLsb = width - 1 - index;
        if (fromLsb >= 64) {
            return ((hi >>> (fromLsb - 64)) & 1) != 0;
        }
        return ((lo >>> fromLsb) & 1) != 0;
    }

    /** The address as an unsigned integer. */
    public BigInteger toBigInteger() {
        if (isV4()) {
            return BigInteger.valueOf(lo);
        }
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(lo)));
    }

    /** The address of the same family from an unsigned integer. */
    public static IpAddress fromBigInteger(AddressFamily family, BigInteger value) {
        if (family == AddressFamily.IPV4) {
            return v4(value.longValue());
        }
        return v6(value.shiftRight(64).longValue(), value.longValue());
    }

    /** Adds {@code delta} (may be negative), wrapping within the family's width. */
    public IpAddress plus(long delta) {
        if (isV4()) {
            return v4(lo + delta);
        }
        return fromBigInteger(family, toBigInteger().add(BigInteger.valueOf(delta))
                .and(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)));
    }

    /** True for 127.0.0.0/8 and ::1. */
    public boolean isLoopback() {
        return isV4() ? (lo >>> 24) == 127 : hi == 0 && lo == 1;
    }

    /** True for 224.0.0.0/4 and ff00::/8. */
    public boolean isMulticast() {
        return isV4() ? (lo >>> 28) == 0xe : (hi >>> 56) == 0xff;
    }

    /** True for 0.0.0.0 and ::. */
    public boolean isUnspecified() {
        return hi == 0 && lo == 0;
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = family.compareTo(o.family);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /** The address in its canonical text form (RFC 5952 for IPv6). */
    @Override
    public String toString() {
        if (isV4()) {
            return ((lo >>> 24) & 0xff) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
            g[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** {@code addr:port}, bracketing IPv6 addresses ({@code [2001:db8::1]:80}). */
    public String withPort(int port) {
        return isV4() ? this + ":" + port : "[" + this + "]:" + port;
    }
}
