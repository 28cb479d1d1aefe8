package io.netprove.grammar.iptables;

import io.netprove.grammar.InputError;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;
import io.netprove.model.netfilter.NatRange;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Map;

/** Parsers for the value syntaxes iptables options share: numbers, marks, ports, prefixes, ranges, NAT ranges. */
final class Values {

    private Values() {
    }

    /** Well-known service names iptables resolves through /etc/services (the ones kube-proxy and CNIs meet). */
    private static final Map<String, Integer> SERVICES = Map.ofEntries(
            Map.entry("ssh", 22), Map.entry("domain", 53), Map.entry("http", 80), Map.entry("https", 443),
            Map.entry("bootps", 67), Map.entry("bootpc", 68), Map.entry("ntp", 123), Map.entry("bgp", 179),
            Map.entry("smtp", 25), Map.entry("telnet", 23), Map.entry("ftp", 21), Map.entry("snmp", 161),
            Map.entry("ldap", 389), Map.entry("kerberos", 88), Map.entry("imap", 143), Map.entry("pop3", 110),
            Map.entry("mysql", 3306), Map.entry("postgresql", 5432), Map.entry("openvpn", 1194),
            Map.entry("isakmp", 500), Map.entry("ipsec-nat-t", 4500), Map.entry("syslog", 514));

    /** An unsigned 32-bit number in decimal or 0x hex. */
    static long u32(String text, SourceLocation at, String what) {
        try {
            long v;
            if (text.startsWith("0x") || text.startsWith("0X")) {
                v = Long.parseLong(text.substring(2), 16);
            } else {
                v = Long.parseLong(text);
            }
            if (v < 0 || v > 0xffffffffL) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InputError(at, "'" + text + "' is not a 32-bit number: expected " + what);
        }
    }

    /** A non-negative int. */
    static int nonNegative(String text, SourceLocation at, String what) {
        try {
            int v = Integer.parseInt(text);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InputError(at, "'" + text + "' is not a number: expected " + what);
        }
    }

    /** {@code VALUE[/MASK]}: returns {value, mask}; the mask defaults to all ones. */
    static long[] valueMask(String text, SourceLocation at, String what) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new long[] {u32(text, at, what), 0xffffffffL};
        }
        return new long[] {u32(text.substring(0, slash), at, what), u32(text.substring(slash + 1), at, what)};
    }

    /** A port number or service name. */
    static int port(String text, SourceLocation at) {
        Integer named = SERVICES.get(text);
        if (named != null) {
            return named;
        }
        try {
            int v = Integer.parseInt(text);
            if (v < 0 || v > 65535) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InputError(at, "'" + text + "' is not a port: expected a number from 0 to 65535");
        }
    }

    /** {@code P}, {@code P:Q}, {@code :Q} or {@code P:} (iptables also accepts {@code P-Q} in multiport). */
    static PortRange portRange(String text, SourceLocation at) {
        int sep = text.indexOf(':');
        if (sep < 0) {
            sep = text.indexOf('-');
        }
        if (sep < 0) {
            return PortRange.single(port(text, at));
        }
        int lo = sep == 0 ? 0 : port(text.substring(0, sep), at);
        int hi = sep == text.length() - 1 ? 65535 : port(text.substring(sep + 1), at);
        if (lo > hi) {
            throw new InputError(at, "port range '" + text + "' is inverted: expected FIRST:LAST with FIRST <= LAST");
        }
        return new PortRange(lo, hi);
    }

    /** An address or CIDR block of either family. */
    static IpPrefix prefix(String text, SourceLocation at) {
        IpPrefix p = IpPrefix.tryParse(text);
        if (p == null) {
            throw new InputError(at, "'" + text + "' is not an address or CIDR block: expected for example "
                    + "10.0.0.0/8 or 2001:db8::/64 (host names are not resolved)");
        }
        return p;
    }

    /** {@code A} or {@code A-B}. */
    static IpRange ipRange(String text, SourceLocation at) {
        int dash = text.indexOf('-');
        IpAddress first = IpAddress.tryParse(dash < 0 ? text : text.substring(0, dash));
        IpAddress last = dash < 0 ? first : IpAddress.tryParse(text.substring(dash + 1));
        if (first == null || last == null || first.family() != last.family() || first.compareTo(last) > 0) {
            throw new InputError(at, "'" + text + "' is not an address range: expected FIRST[-LAST]");
        }
        return new IpRange(first, last);
    }

    /**
     * A NAT range as {@code --to-destination}/{@code --to-source} take it: {@code [ADDR[-ADDR]][:PORT[-PORT]]}, with
     * IPv6 addresses in brackets when a port follows.
     */
    static NatRange natRange(String text, SourceLocation at) {
        String addrPart;
        String portPart = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new InputError(at, "'" + text + "' has no closing ']': expected [IPv6]:PORT");
            }
            String rest = text.substring(close + 1);
            addrPart = text.substring(1, close);
            if (rest.startsWith("-[")) {
                int close2 = rest.indexOf(']');
                if (close2 < 0) {
                    throw new InputError(at, "'" + text + "' has no closing ']': expected [IPv6]-[IPv6]:PORT");
                }
                addrPart = addrPart + "-" + rest.substring(2, close2);
                rest = rest.substring(close2 + 1);
            }
            if (rest.startsWith(":")) {
                portPart = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw new InputError(at, "unexpected '" + rest + "' after the address in '" + text + "'");
            }
        } else {
            int colons = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == ':') {
                    colons++;
                }
            }
            if (colons == 1) {
                int c = text.indexOf(':');
                addrPart = text.substring(0, c);
                portPart = text.substring(c + 1);
            } else {
                addrPart = text;
            }
        }
        IpRange addresses = addrPart.isEmpty() ? null : ipRange(addrPart, at);
        PortRange ports = null;
        if (portPart != null) {
            if (portPart.isEmpty()) {
                throw new InputError(at, "'" + text + "' ends with ':': expected a port after it");
            }
            ports = portRange(portPart.replace('-', ':'), at);
        }
        if (addresses == null && ports == null) {
            throw new InputError(at, "empty NAT range: expected ADDRESS[:PORT]");
        }
        return new NatRange(addresses, ports);
    }

    /** A port range as {@code --to-ports} takes it: {@code P} or {@code P-Q}. */
    static PortRange toPorts(String text, SourceLocation at) {
        return portRange(text.replace('-', ':'), at);
    }

    /** Checks that an address belongs to {@code family} when a family is fixed. */
    static void checkFamily(AddressFamily family, AddressFamily seen, SourceLocation at, String text) {
        if (family != null && family != seen) {
            throw new InputError(at, "'" + text + "' is an " + (seen == AddressFamily.IPV4 ? "IPv4" : "IPv6")
                    + " address in an " + (family == AddressFamily.IPV4 ? "IPv4 (iptables)" : "IPv6 (ip6tables)")
                    + " dump: expected an " + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6") + " address");
        }
    }
}
