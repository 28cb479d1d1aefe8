package io.netprove.grammar.route;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;

/** Number and prefix forms shared by the routing parsers. */
final class Values {

    private Values() {
    }

    /** A decimal or 0x-hex number in [0, max], or -1. */
    static long number(String s, long max) {
        try {
            long v;
            if (s.startsWith("0x") || s.startsWith("0X")) {
                if (s.length() == 2 || s.length() > 10) {
                    return -1;
                }
                v = Long.parseLong(s.substring(2), 16);
            } else {
                if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(Character::isDigit)) {
                    return -1;
                }
                v = Long.parseLong(s);
            }
            return v > max ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * A destination or selector prefix as iproute2 prints it: an address (host prefix), {@code ADDR/LEN}, or
     * {@code 0/LEN} for a zero network; null when the text is none of these. {@code default} and {@code all}
     * are handled by the callers (they need the family).
     */
    static IpPrefix prefix(String s, AddressFamily hint) {
        int slash = s.indexOf('/');
        if (slash >= 0) {
            String len = s.substring(slash + 1);
            if (len.isEmpty() || !len.chars().allMatch(Character::isDigit) || len.length() > 3) {
                return null;
            }
            if (s.substring(0, slash).equals("0")) {
                AddressFamily f = hint == null ? AddressFamily.IPV4 : hint;
                int l = Integer.parseInt(len);
                if (l > f.bits()) {
                    return null;
                }
                return new IpPrefix(f == AddressFamily.IPV4 ? IpAddress.v4(0) : IpAddress.v6(0, 0), l);
            }
        }
        return IpPrefix.tryParse(s);
    }
}
