package io.netprove.grammar.ipset;

import io.netprove.grammar.InputError;
import io.netprove.model.ipset.IpSetDimension;
import io.netprove.model.ipset.IpSetElement;
import io.netprove.model.ipset.IpSetType;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads one element ({@code 10.96.0.1,tcp:443}, {@code 10.0.0.0/8,eth0}, {@code 30080}) for a set type: the
 * comma-separated components in dimension order, with ipset's forms for each (address, CIDR block or IPv4 range;
 * {@code [proto:]port[-port]} where a bare port is TCP; {@code icmp:type/code} or an ICMP name; MAC; interface;
 * mark; set name).
 */
final class ElementSyntax {

    private static final Map<String, Integer> ICMP_NAMES = Map.ofEntries(
            Map.entry("echo-reply", 0), Map.entry("pong", 0),
            Map.entry("network-unreachable", 3 << 8), Map.entry("host-unreachable", 3 << 8 | 1),
            Map.entry("protocol-unreachable", 3 << 8 | 2), Map.entry("port-unreachable", 3 << 8 | 3),
            Map.entry("fragmentation-needed", 3 << 8 | 4), Map.entry("communication-prohibited", 3 << 8 | 13),
            Map.entry("source-quench", 4 << 8), Map.entry("host-redirect", 5 << 8 | 1),
            Map.entry("echo-request", 8 << 8), Map.entry("ping", 8 << 8),
            Map.entry("ttl-zero-during-transit", 11 << 8), Map.entry("timestamp-request", 13 << 8),
            Map.entry("timestamp-reply", 14 << 8));

    private static final Map<String, Integer> ICMPV6_NAMES = Map.ofEntries(
            Map.entry("no-route", 1 << 8), Map.entry("communication-prohibited", 1 << 8 | 1),
            Map.entry("address-unreachable", 1 << 8 | 3), Map.entry("port-unreachable", 1 << 8 | 4),
            Map.entry("packet-too-big", 2 << 8), Map.entry("ttl-zero-during-transit", 3 << 8),
            Map.entry("bad-header", 4 << 8), Map.entry("echo-request", 128 << 8), Map.entry("ping", 128 << 8),
            Map.entry("echo-reply", 129 << 8), Map.entry("pong", 129 << 8));

    private ElementSyntax() {
    }

    /** The element syntax of {@code type}, for messages ({@code IP,[PROTO:]PORT}). */
    static String format(IpSetType type) {
        if (type == IpSetType.BITMAP_PORT) {
            return "[tcp:|udp:]PORT[-PORT]";
        }
        StringJoiner j = new StringJoiner(",");
        for (IpSetDimension d : type.dimensions()) {
            switch (d) {
                case IP: j.add("IP"); break;
                case NET: j.add("IP[/CIDR]"); break;
                case PORT: j.add("[PROTO:]PORT"); break;
                case MAC: j.add(type == IpSetType.BITMAP_IP_MAC ? "[MAC]" : "MAC"); break;
                case IFACE: j.add("[physdev:]IFACE"); break;
                case MARK: j.add("MARK"); break;
                default: j.add("SETNAME"); break;
            }
        }
        return j.toString();
    }

    /**
     * Parses {@code text} (which starts at {@code column}) as an element of {@code type} in a set of
     * {@code family} (null for family-free types); {@code markmask} masks a mark component.
     */
    static List<IpSetElement> parse(String file, int line, int column, String text, IpSetType type,
                                    AddressFamily family, long markmask) {
        List<IpSetDimension> dims = type.dimensions();
        if (type == IpSetType.LIST_SET) {
            return List.of(new IpSetElement.SetName(text));
        }
        String[] parts = text.split(",", -1);
        boolean optionalMac = type == IpSetType.BITMAP_IP_MAC && parts.length == 1;
        if (parts.length != dims.size() && !optionalMac) {
            throw new InputError(new SourceLocation(file, line, column), "member '" + text + "' does not fit "
                    + type + ": expected " + format(type) + " (" + dims.size() + " component"
                    + (dims.size() == 1 ? "" : "s") + ")");
        }
        List<IpSetElement> out = new ArrayList<>();
        int col = column;
        for (int i = 0; i < parts.length; i++) {
            SourceLocation at = new SourceLocation(file, line, col);
            out.add(component(at, parts[i], dims.get(i), type, family, markmask, text));
            col += parts[i].length() + 1;
        }
        return out;
    }

    private static IpSetElement component(SourceLocation at, String s, IpSetDimension d, IpSetType type,
                                          AddressFamily family, long markmask, String whole) {
        String fits = " in member '" + whole + "' of a " + type + " set: expected ";
        switch (d) {
            case IP:
            case NET:
                return address(at, s, d, family, fits);
            case PORT:
                return port(at, s, type, fits);
            case MAC:
                if (!s.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
                    throw new InputError(at, "bad MAC address '" + s + "'" + fits + "six hex bytes such as "
                            + "52:54:00:12:34:56");
                }
                return new IpSetElement.Mac(s);
            case IFACE: {
                boolean physdev = s.startsWith("physdev:");
                String name = physdev ? s.substring(8) : s;
                if (name.isEmpty() || name.length() > 15 || name.contains("/") || name.contains(" ")) {
                    throw new InputError(at, "bad interface name '" + s + "'" + fits
                            + "an interface name of at most 15 characters, optionally after 'physdev:'");
                }
                return new IpSetElement.Interface(name, physdev);
            }
            case MARK: {
                long v = number(s, 0xffffffffL);
                if (v < 0) {
                    throw new InputError(at, "bad mark '" + s + "'" + fits + "a decimal or 0x-hex 32-bit value");
                }
                return new IpSetElement.Mark(v & markmask);
            }
            default:
                return new IpSetElement.SetName(s);
        }
    }

    private static IpSetElement address(SourceLocation at, String s, IpSetDimension d, AddressFamily family,
                                        String fits) {
        String what = d == IpSetDimension.NET ? "an address or CIDR block" : "an address";
        int dash = s.indexOf('-');
        if (dash > 0) {
            IpAddress a = IpAddress.tryParse(s.substring(0, dash));
            IpAddress b = IpAddress.tryParse(s.substring(dash + 1));
            if (a == null || b == null || !a.isV4() || !b.isV4() || a.compareTo(b) > 0) {
                throw new InputError(at, "bad address range '" + s + "'" + fits
                        + "FROM-TO with IPv4 addresses in ascending order");
            }
            checkFamily(at, a.family(), family, s);
            return new IpSetElement.Range(new IpRange(a, b));
        }
        IpPrefix p = IpPrefix.tryParse(s);
        if (p == null || s.indexOf('/') > 0 && !s.substring(s.indexOf('/') + 1).chars().allMatch(Character::isDigit)) {
            throw new InputError(at, "bad address '" + s + "'" + fits + what + " such as 10.96.0.1"
                    + (d == IpSetDimension.NET ? " or 10.0.0.0/8" : ""));
        }
        checkFamily(at, p.family(), family, s);
        if (d == IpSetDimension.IP && !p.isHost() && p.family() == AddressFamily.IPV6) {
            throw new InputError(at, "IPv6 block '" + s + "'" + fits + "a single IPv6 address (ipset expands "
                    + "blocks only for IPv4)");
        }
        return new IpSetElement.Prefix(p);
    }

    private static void checkFamily(SourceLocation at, AddressFamily actual, AddressFamily family, String s) {
        if (family != null && actual != family) {
            throw new InputError(at, "address '" + s + "' is " + actual + " but the set is family "
                    + (family == AddressFamily.IPV4 ? "inet" : "inet6") + ": expected an "
                    + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6") + " address");
        }
    }

    private static IpSetElement port(SourceLocation at, String s, IpSetType type, String fits) {
        int colon = s.indexOf(':');
        String protoName = colon >= 0 ? s.substring(0, colon) : null;
        String portText = colon >= 0 ? s.substring(colon + 1) : s;
        if (type == IpSetType.BITMAP_PORT) {
            if (protoName != null && !protoName.equals("tcp") && !protoName.equals("udp")) {
                throw new InputError(at, "protocol '" + protoName + "'" + fits + "a port, optionally after tcp: "
                        + "or udp: (bitmap:port matches TCP and UDP alike)");
            }
            PortRange r = portRange(portText);
            if (r == null) {
                throw new InputError(at, "bad port '" + s + "'" + fits + "PORT or PORT-PORT (0 to 65535)");
            }
            return new IpSetElement.Port(Protocol.ALL, r);
        }
        Protocol proto = protoName == null ? Protocol.TCP : Protocol.lookup(protoName);
        if (proto == null || proto.equals(Protocol.ALL)) {
            throw new InputError(at, "unknown protocol '" + protoName + "'" + fits
                    + "tcp, udp, sctp, udplite, icmp, icmpv6 or another protocol name before ':'");
        }
        if (proto.isIcmp()) {
            Integer v = icmp(proto, portText);
            if (v == null) {
                throw new InputError(at, "bad ICMP type '" + portText + "'" + fits
                        + "TYPE/CODE or a name such as echo-request");
            }
            return new IpSetElement.Port(proto, PortRange.single(v));
        }
        PortRange r = portRange(portText);
        if (r == null) {
            throw new InputError(at, "bad port '" + portText + "'" + fits + "a port or PORT-PORT (0 to 65535)");
        }
        if (!proto.hasPorts() && (r.first() != 0 || r.last() != 0)) {
            throw new InputError(at, "port " + portText + " with protocol " + protoName + fits
                    + "port 0 for protocols without ports");
        }
        return new IpSetElement.Port(proto, r);
    }

    private static Integer icmp(Protocol proto, String text) {
        int slash = text.indexOf('/');
        if (slash > 0) {
            long type = number(text.substring(0, slash), 255);
            long code = number(text.substring(slash + 1), 255);
            return type < 0 || code < 0 ? null : (int) (type << 8 | code);
        }
        return (proto.equals(Protocol.ICMP) ? ICMP_NAMES : ICMPV6_NAMES).get(text);
    }

    private static PortRange portRange(String text) {
        int dash = text.indexOf('-');
        long a = number(dash < 0 ? text : text.substring(0, dash), 65535);
        long b = dash < 0 ? a : number(text.substring(dash + 1), 65535);
        if (a < 0 || b < 0 || a > b || text.startsWith("0x")) {
            return null;
        }
        return new PortRange((int) a, (int) b);
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
                if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
                    return -1;
                }
                v = Long.parseLong(s);
            }
            return v > max ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
