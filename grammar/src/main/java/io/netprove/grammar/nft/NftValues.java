package io.netprove.grammar.nft;

import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.AddrType;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Map;

/** Numbers, durations and the symbolic constants of nft's data types (ct states, fib types, ICMP types, services). */
final class NftValues {

    private NftValues() {
    }

    /** A decimal or {@code 0x} hex number of up to 64 bits, or null. */
    static Long parseNumber(String s) {
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return s.length() > 2 && s.length() <= 18 ? Long.parseUnsignedLong(s.substring(2), 16) : null;
            }
            if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(Character::isDigit)) {
                return null;
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** nft durations: {@code 10800s}, {@code 3h}, {@code 2h59m30s}, {@code 1d}, {@code 500ms}, or plain seconds. */
    static long durationSeconds(String s, SourceLocation at) {
        Long plain = parseNumber(s);
        if (plain != null) {
            return plain;
        }
        long total = 0;
        long millis = 0;
        int i = 0;
        boolean any = false;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            if (start == unitStart || unitStart == i || unitStart - start > 12) {
                throw new InputError(at, "'" + s + "' is not a duration: expected for example 3h, 10800s or 1d2h");
            }
            long n = Long.parseLong(s.substring(start, unitStart));
            switch (s.substring(unitStart, i)) {
                case "d" -> total += n * 86400;
                case "h" -> total += n * 3600;
                case "m" -> total += n * 60;
                case "s" -> total += n;
                case "ms" -> millis += n;
                default -> throw new InputError(at, "'" + s + "' has an unknown time unit: expected d, h, m, s or ms");
            }
            any = true;
        }
        if (!any) {
            throw new InputError(at, "'" + s + "' is not a duration: expected for example 3h or 10800s");
        }
        return total + millis / 1000;
    }

    private static final Map<String, Integer> SERVICES = Map.ofEntries(Map.entry("ftp-data", 20),
            Map.entry("ftp", 21), Map.entry("ssh", 22), Map.entry("telnet", 23), Map.entry("smtp", 25),
            Map.entry("domain", 53), Map.entry("bootps", 67), Map.entry("bootpc", 68), Map.entry("http", 80),
            Map.entry("ntp", 123), Map.entry("https", 443));

    /** A port number or one of the common service names nft may print; null if neither. */
    static Integer service(String s) {
        Long n = parseNumber(s);
        if (n != null) {
            return n <= 65535 ? n.intValue() : null;
        }
        return SERVICES.get(s);
    }

    private static final Map<String, Integer> ICMP = Map.ofEntries(Map.entry("echo-reply", 0),
            Map.entry("destination-unreachable", 3), Map.entry("source-quench", 4), Map.entry("redirect", 5),
            Map.entry("echo-request", 8), Map.entry("router-advertisement", 9),
            Map.entry("router-solicitation", 10), Map.entry("time-exceeded", 11),
            Map.entry("parameter-problem", 12), Map.entry("timestamp-request", 13),
            Map.entry("timestamp-reply", 14), Map.entry("info-request", 15), Map.entry("info-reply", 16),
            Map.entry("address-mask-request", 17), Map.entry("address-mask-reply", 18));

    private static final Map<String, Integer> ICMPV6 = Map.ofEntries(
            Map.entry("destination-unreachable", 1), Map.entry("packet-too-big", 2), Map.entry("time-exceeded", 3),
            Map.entry("parameter-problem", 4), Map.entry("echo-request", 128), Map.entry("echo-reply", 129),
            Map.entry("mld-listener-query", 130), Map.entry("mld-listener-report", 131),
            Map.entry("mld-listener-done", 132), Map.entry("mld-listener-reduction", 132),
            Map.entry("nd-router-solicit", 133), Map.entry("nd-router-advert", 134),
            Map.entry("nd-neighbor-solicit", 135), Map.entry("nd-neighbor-advert", 136),
            Map.entry("nd-redirect", 137), Map.entry("router-renumbering", 138),
            Map.entry("ind-neighbor-solicit", 141), Map.entry("ind-neighbor-advert", 142),
            Map.entry("mld2-listener-report", 143));

    /** An ICMP (v6 when {@code v6}) type by nft name or number, or null. */
    static Integer icmpType(String s, boolean v6) {
        Long n = parseNumber(s);
        if (n != null) {
            return n <= 255 ? n.intValue() : null;
        }
        return (v6 ? ICMPV6 : ICMP).get(s);
    }

    /** fib's route types ({@code fib daddr type local}) by nft name. */
    static AddrType addrType(String s) {
        return switch (s) {
            case "unspec" -> AddrType.UNSPEC;
            case "unicast" -> AddrType.UNICAST;
            case "local" -> AddrType.LOCAL;
            case "broadcast" -> AddrType.BROADCAST;
            case "anycast" -> AddrType.ANYCAST;
            case "multicast" -> AddrType.MULTICAST;
            case "blackhole" -> AddrType.BLACKHOLE;
            case "unreachable" -> AddrType.UNREACHABLE;
            case "prohibit" -> AddrType.PROHIBIT;
            default -> null;
        };
    }
}
