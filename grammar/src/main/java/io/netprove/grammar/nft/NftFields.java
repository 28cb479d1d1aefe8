package io.netprove.grammar.nft;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.Match;

/**
 * The fields netprove models, by canonical name: their data type, the lookup key they fill in a set lookup, the
 * protocol nft makes them depend on ({@code tcp dport} only matches TCP: nft adds {@code meta l4proto tcp}), and
 * the address family they imply ({@code ip saddr} only matches IPv4: in an inet table nft adds
 * {@code meta nfproto ipv4}).
 */
final class NftFields {

    /** What the lowering needs to know about one field. */
    record Info(String name, NftType type, Match.LookupKey key, Protocol requires, AddressFamily family,
                Direction direction, String module) {
    }

    private NftFields() {
    }

    /** The field called {@code name}, or null when it is not modelled. */
    static Info of(String name) {
        switch (name) {
            case "ip saddr" -> {
                return new Info(name, NftType.IPV4_ADDR, Match.LookupKey.SRC_ADDR, null, AddressFamily.IPV4,
                        Direction.SOURCE, null);
            }
            case "ip daddr" -> {
                return new Info(name, NftType.IPV4_ADDR, Match.LookupKey.DST_ADDR, null, AddressFamily.IPV4,
                        Direction.DESTINATION, null);
            }
            case "ip6 saddr" -> {
                return new Info(name, NftType.IPV6_ADDR, Match.LookupKey.SRC_ADDR, null, AddressFamily.IPV6,
                        Direction.SOURCE, null);
            }
            case "ip6 daddr" -> {
                return new Info(name, NftType.IPV6_ADDR, Match.LookupKey.DST_ADDR, null, AddressFamily.IPV6,
                        Direction.DESTINATION, null);
            }
            case "ip protocol" -> {
                return new Info(name, NftType.INET_PROTO, Match.LookupKey.L4PROTO, null, AddressFamily.IPV4, null,
                        null);
            }
            // The model's packets carry no IPv6 extension headers, so the first next-header is the layer-4 one.
            case "ip6 nexthdr" -> {
                return new Info(name, NftType.INET_PROTO, Match.LookupKey.L4PROTO, null, AddressFamily.IPV6, null,
                        null);
            }
            case "meta l4proto" -> {
                return new Info(name, NftType.INET_PROTO, Match.LookupKey.L4PROTO, null, null, null, null);
            }
            case "meta mark" -> {
                return new Info(name, NftType.MARK, Match.LookupKey.MARK, null, null, null, null);
            }
            case "ct mark" -> {
                return new Info(name, NftType.MARK, null, null, null, null, null);
            }
            case "meta iifname", "meta iif" -> {
                return new Info(name, NftType.IFNAME, null, null, null, Direction.SOURCE, null);
            }
            case "meta oifname", "meta oif" -> {
                return new Info(name, NftType.IFNAME, null, null, null, Direction.DESTINATION, null);
            }
            case "meta nfproto" -> {
                return new Info(name, NftType.NFPROTO, null, null, null, null, null);
            }
            case "ct state" -> {
                return new Info(name, NftType.CT_STATE, null, null, null, null, null);
            }
            case "ct status" -> {
                return new Info(name, NftType.CT_STATUS, null, null, null, null, null);
            }
            case "ct direction" -> {
                return new Info(name, NftType.CT_DIR, null, null, null, null, null);
            }
            case "ct protocol" -> {
                return new Info(name, NftType.INET_PROTO, null, null, null, null, null);
            }
            case "icmp type" -> {
                return new Info(name, NftType.ICMP_TYPE, null, Protocol.ICMP, AddressFamily.IPV4, null, null);
            }
            case "icmpv6 type" -> {
                return new Info(name, NftType.ICMPV6_TYPE, null, Protocol.ICMPV6, AddressFamily.IPV6, null, null);
            }
            case "tcp flags" -> {
                return new Info(name, NftType.TCP_FLAG, null, Protocol.TCP, null, null, "tcp");
            }
            default -> {
            }
        }
        if (name.startsWith("fib ") && name.endsWith(" type")) {
            String keys = name.substring(4, name.length() - 5);
            Direction d = keys.startsWith("saddr") ? Direction.SOURCE : keys.startsWith("daddr")
                    ? Direction.DESTINATION : null;
            // Only the address alone or with the input/output interface; mark or both ends are not modelled.
            if (d != null && (keys.equals("saddr") || keys.equals("daddr") || keys.endsWith(". iif")
                    && keys.length() == 11 || keys.endsWith(". oif") && keys.length() == 11)) {
                return new Info(name, NftType.FIB_ADDRTYPE, null, null, null, d, null);
            }
            return null;
        }
        int sp = name.indexOf(' ');
        if (sp > 0) {
            String proto = name.substring(0, sp);
            String field = name.substring(sp + 1);
            if (field.equals("sport") || field.equals("dport")) {
                Direction d = field.equals("sport") ? Direction.SOURCE : Direction.DESTINATION;
                Match.LookupKey k = d == Direction.SOURCE ? Match.LookupKey.SRC_PORT : Match.LookupKey.DST_PORT;
                switch (proto) {
                    case "tcp" -> {
                        return new Info(name, NftType.INET_SERVICE, k, Protocol.TCP, null, d, "tcp");
                    }
                    case "udp" -> {
                        return new Info(name, NftType.INET_SERVICE, k, Protocol.UDP, null, d, "udp");
                    }
                    case "sctp" -> {
                        return new Info(name, NftType.INET_SERVICE, k, Protocol.SCTP, null, d, "sctp");
                    }
                    case "udplite" -> {
                        return new Info(name, NftType.INET_SERVICE, k, Protocol.UDPLITE, null, d, "udplite");
                    }
                    case "dccp" -> {
                        return new Info(name, NftType.INET_SERVICE, k, new Protocol(33), null, d, "dccp");
                    }
                    case "th" -> {
                        return new Info(name, NftType.INET_SERVICE, k, null, null, d, "th");
                    }
                    default -> {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /** The type a {@code typeof} field gives a set component, or OTHER. */
    static NftType typeOf(String fieldName) {
        Info i = of(fieldName);
        return i == null ? NftType.OTHER : i.type();
    }
}
