package io.netprove.model.ipvs;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;

/**
 * What identifies a virtual service: a protocol, address and port ({@code -t/-u/--sctp-service addr:port}) or a
 * firewall mark ({@code -f mark}, with {@code -6} for IPv6).
 */
public sealed interface VirtualServiceKey {

    /** The address family of the packets the service accepts. */
    AddressFamily family();

    /** A service on {@code protocol address:port}; port 0 is a catch-all port (only allowed when persistent). */
    record ByAddress(IpvsProtocol protocol, IpAddress address, int port) implements VirtualServiceKey {

        public ByAddress {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        public AddressFamily family() {
            return address.family();
        }

        @Override
        public String toString() {
            return protocol.listName() + " " + address.withPort(port);
        }
    }

    /** A service selecting packets by firewall mark ({@code -f}); the mark is a positive 32-bit value. */
    record ByFwmark(long mark, AddressFamily family) implements VirtualServiceKey {

        public ByFwmark {
            if (mark <= 0 || mark > 0xffffffffL) {
                throw new IllegalArgumentException("fwmark out of range: " + mark);
            }
        }

        @Override
        public String toString() {
            return "FWM " + mark + (family == AddressFamily.IPV6 ? " IPv6" : "");
        }
    }
}
