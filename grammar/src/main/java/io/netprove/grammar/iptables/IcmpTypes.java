package io.netprove.grammar.iptables;

import io.netprove.model.net.AddressFamily;

import java.util.HashMap;
import java.util.Map;

/** ICMP and ICMPv6 type names as iptables and ip6tables accept them, mapped to {type, code-min, code-max}. */
final class IcmpTypes {

    private static final Map<String, int[]> V4 = new HashMap<>();
    private static final Map<String, int[]> V6 = new HashMap<>();

    static {
        v4("any", -1, 0, 255);
        v4("echo-reply", 0, 0, 255);
        v4("pong", 0, 0, 255);
        v4("destination-unreachable", 3, 0, 255);
        v4("network-unreachable", 3, 0, 0);
        v4("host-unreachable", 3, 1, 1);
        v4("protocol-unreachable", 3, 2, 2);
        v4("port-unreachable", 3, 3, 3);
        v4("fragmentation-needed", 3, 4, 4);
        v4("source-route-failed", 3, 5, 5);
        v4("network-unknown", 3, 6, 6);
        v4("host-unknown", 3, 7, 7);
        v4("network-prohibited", 3, 9, 9);
        v4("host-prohibited", 3, 10, 10);
        v4("TOS-network-unreachable", 3, 11, 11);
        v4("TOS-host-unreachable", 3, 12, 12);
        v4("communication-prohibited", 3, 13, 13);
        v4("host-precedence-violation", 3, 14, 14);
        v4("precedence-cutoff", 3, 15, 15);
        v4("source-quench", 4, 0, 255);
        v4("redirect", 5, 0, 255);
        v4("network-redirect", 5, 0, 0);
        v4("host-redirect", 5, 1, 1);
        v4("TOS-network-redirect", 5, 2, 2);
        v4("TOS-host-redirect", 5, 3, 3);
        v4("echo-request", 8, 0, 255);
        v4("ping", 8, 0, 255);
        v4("router-advertisement", 9, 0, 255);
        v4("router-solicitation", 10, 0, 255);
        v4("time-exceeded", 11, 0, 255);
        v4("ttl-exceeded", 11, 0, 255);
        v4("ttl-zero-during-transit", 11, 0, 0);
        v4("ttl-zero-during-reassembly", 11, 1, 1);
        v4("parameter-problem", 12, 0, 255);
        v4("ip-header-bad", 12, 0, 0);
        v4("required-option-missing", 12, 1, 1);
        v4("timestamp-request", 13, 0, 255);
        v4("timestamp-reply", 14, 0, 255);
        v4("address-mask-request", 17, 0, 255);
        v4("address-mask-reply", 18, 0, 255);
        v6("destination-unreachable", 1, 0, 255);
        v6("no-route", 1, 0, 0);
        v6("communication-prohibited", 1, 1, 1);
        v6("beyond-scope", 1, 2, 2);
        v6("address-unreachable", 1, 3, 3);
        v6("port-unreachable", 1, 4, 4);
        v6("failed-policy", 1, 5, 5);
        v6("reject-route", 1, 6, 6);
        v6("packet-too-big", 2, 0, 255);
        v6("time-exceeded", 3, 0, 255);
        v6("ttl-exceeded", 3, 0, 255);
        v6("ttl-zero-during-transit", 3, 0, 0);
        v6("ttl-zero-during-reassembly", 3, 1, 1);
        v6("parameter-problem", 4, 0, 255);
        v6("bad-header", 4, 0, 0);
        v6("unknown-header-type", 4, 1, 1);
        v6("unknown-option", 4, 2, 2);
        v6("echo-request", 128, 0, 255);
        v6("ping", 128, 0, 255);
        v6("echo-reply", 129, 0, 255);
        v6("pong", 129, 0, 255);
        v6("router-solicitation", 133, 0, 255);
        v6("router-advertisement", 134, 0, 255);
        v6("neighbour-solicitation", 135, 0, 255);
        v6("neighbor-solicitation", 135, 0, 255);
        v6("neighbour-advertisement", 136, 0, 255);
        v6("neighbor-advertisement", 136, 0, 255);
        v6("redirect", 137, 0, 255);
    }

    private IcmpTypes() {
    }

    private static void v4(String name, int type, int lo, int hi) {
        V4.put(name, new int[] {type, lo, hi});
    }

    private static void v6(String name, int type, int lo, int hi) {
        V6.put(name, new int[] {type, lo, hi});
    }

    /**
     * Resolves {@code NAME}, {@code TYPE} or {@code TYPE/CODE}; returns {type, codeMin, codeMax} or null.
     */
    static int[] resolve(AddressFamily family, String text) {
        int[] named = (family == AddressFamily.IPV6 ? V6 : V4).get(text);
        if (named != null) {
            return named.clone();
        }
        try {
            int slash = text.indexOf('/');
            int type = Integer.parseInt(slash < 0 ? text : text.substring(0, slash));
            if (type < 0 || type > 255) {
                return null;
            }
            if (slash < 0) {
                return new int[] {type, 0, 255};
            }
            int code = Integer.parseInt(text.substring(slash + 1));
            if (code < 0 || code > 255) {
                return null;
            }
            return new int[] {type, code, code};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
