package io.netprove.model.ipset;

import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;

import java.util.Locale;

/** One component of a set member, as written in {@code ipset save} ({@code 10.0.0.0/8}, {@code tcp:80}, ...). */
public sealed interface IpSetElement {

    /** An address or CIDR block ({@code 10.96.0.1}, {@code 10.0.0.0/8}); a host is a /32 or /128 block. */
    record Prefix(IpPrefix prefix) implements IpSetElement {
        @Override
        public String toString() {
            return prefix.toShortString();
        }
    }

    /** An address range {@code first-last} as add commands accept it. */
    record Range(IpRange range) implements IpSetElement {
        @Override
        public String toString() {
            return range.first() + "-" + range.last();
        }
    }

    /**
     * A protocol and a port range ({@code tcp:80}, {@code udp:53}, {@code tcp:8000-8080}). For ICMP and ICMPv6 the
     * "port" is {@code type << 8 | code}, as the kernel stores it; protocols without ports use port 0. In a
     * bitmap:port set the protocol is {@link Protocol#ALL}: the set matches TCP and UDP packets alike.
     */
    record Port(Protocol protocol, PortRange ports) implements IpSetElement {

        public boolean isIcmp() {
            return protocol.isIcmp();
        }

        @Override
        public String toString() {
            if (protocol.equals(Protocol.ALL)) {
                return ports.isSingle() ? Integer.toString(ports.first()) : ports.first() + "-" + ports.last();
            }
            String name = protocol.equals(Protocol.ICMPV6) ? "icmpv6" : protocol.name();
            if (isIcmp()) {
                return name + ":" + (ports.first() >> 8) + "/" + (ports.first() & 0xff);
            }
            return name + ":" + (ports.isSingle() ? Integer.toString(ports.first())
                    : ports.first() + "-" + ports.last());
        }
    }

    /** An Ethernet address, lower-case and colon-separated. */
    record Mac(String address) implements IpSetElement {
        public Mac {
            address = address.toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return address;
        }
    }

    /** An interface name; {@code physdev} is the bridge-port form {@code physdev:eth0}. */
    record Interface(String name, boolean physdev) implements IpSetElement {
        @Override
        public String toString() {
            return physdev ? "physdev:" + name : name;
        }
    }

    /** A packet mark value (already masked by the set's markmask). */
    record Mark(long value) implements IpSetElement {
        @Override
        public String toString() {
            return "0x" + String.format("%08x", value);
        }
    }

    /** A member set of a list:set, by name. */
    record SetName(String name) implements IpSetElement {
        @Override
        public String toString() {
            return name;
        }
    }
}
