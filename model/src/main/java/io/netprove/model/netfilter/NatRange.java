package io.netprove.model.netfilter;

import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;

/**
 * One {@code --to-destination} / {@code --to-source} value: an address range (null keeps the address) and a port
 * range (null keeps the port).
 */
public record NatRange(IpRange addresses, PortRange ports) {

    @Override
    public String toString() {
        String a = addresses == null ? "" : addresses.first().isV4() ? addresses.toString()
                : addresses.isSingle() ? "[" + addresses.first() + "]" : "[" + addresses.first() + "]-[" + addresses.last() + "]";
        if (ports == null) {
            return a;
        }
        return a + ":" + (ports.isSingle() ? Integer.toString(ports.first()) : ports.first() + "-" + ports.last());
    }
}
