package io.netprove.model.net;

import java.util.Locale;
import java.util.Map;

/** An IP protocol number; 0 stands for "all" in rules. Names follow /etc/protocols. */
public record Protocol(int number) {

    public static final Protocol ALL = new Protocol(0);
    public static final Protocol ICMP = new Protocol(1);
    public static final Protocol TCP = new Protocol(6);
    public static final Protocol UDP = new Protocol(17);
    public static final Protocol GRE = new Protocol(47);
    public static final Protocol ESP = new Protocol(50);
    public static final Protocol AH = new Protocol(51);
    public static final Protocol ICMPV6 = new Protocol(58);
    public static final Protocol SCTP = new Protocol(132);
    public static final Protocol UDPLITE = new Protocol(136);
    public static final Protocol IPIP = new Protocol(4);

    private static final Map<String, Integer> BY_NAME = Map.ofEntries(
            Map.entry("all", 0), Map.entry("ip", 0), Map.entry("icmp", 1), Map.entry("igmp", 2),
            Map.entry("ipencap", 4), Map.entry("ipip", 4), Map.entry("tcp", 6), Map.entry("egp", 8),
            Map.entry("udp", 17), Map.entry("ipv6", 41), Map.entry("rsvp", 46), Map.entry("gre", 47),
            Map.entry("esp", 50), Map.entry("ah", 51), Map.entry("icmpv6", 58), Map.entry("ipv6-icmp", 58),
            Map.entry("ospf", 89), Map.entry("pim", 103), Map.entry("vrrp", 112), Map.entry("l2tp", 115),
            Map.entry("sctp", 132), Map.entry("mh", 135), Map.entry("udplite", 136), Map.entry("dccp", 33));

    public Protocol {
        if (number < 0 || number > 255) {
            throw new IllegalArgumentException("protocol number out of range: " + number);
        }
    }

    /** A protocol by name (case-insensitive) or number; null if unknown. */
    public static Protocol lookup(String text) {
        Integer n = BY_NAME.get(text.toLowerCase(Locale.ROOT));
        if (n != null) {
            return new Protocol(n);
        }
        if (!text.isEmpty() && text.length() <= 3 && text.chars().allMatch(Character::isDigit)) {
            int v = Integer.parseInt(text);
            return v <= 255 ? new Protocol(v) : null;
        }
        return null;
    }

    /** True for the protocols that carry 16-bit source and destination ports. */
    public boolean hasPorts() {
        return number == 6 || number == 17 || number == 132 || number == 136 || number == 33;
    }

    public boolean isIcmp() {
        return number == 1 || number == 58;
    }

    /** The conventional lower-case name, or the number. */
    public String name() {
        return switch (number) {
            case 0 -> "all";
            case 1 -> "icmp";
            case 4 -> "ipip";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 47 -> "gre";
            case 50 -> "esp";
            case 51 -> "ah";
            case 58 -> "ipv6-icmp";
            case 132 -> "sctp";
            case 136 -> "udplite";
            default -> Integer.toString(number);
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
