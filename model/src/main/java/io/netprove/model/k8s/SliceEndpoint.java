package io.netprove.model.k8s;

import io.netprove.model.net.IpAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One endpoint of an EndpointSlice. {@code addresses} are IP addresses for IPv4/IPv6 slices (checked by the reader)
 * and names for FQDN slices; consumers use the first. {@code zoneHints} are the zones from
 * {@code hints.forZones}, used by topology-aware routing.
 */
public record SliceEndpoint(List<String> addresses, EndpointConditions conditions, Optional<String> hostname,
                            Optional<String> nodeName, Optional<String> zone, Optional<ObjectReference> targetRef,
                            List<String> zoneHints) {

    public SliceEndpoint {
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(conditions, "conditions");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(targetRef, "targetRef");
        zoneHints = List.copyOf(zoneHints);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("an endpoint has at least one address");
        }
    }

    /** The addresses parsed as IPs; those that are not IPs (FQDN slices) are left out. */
    public List<IpAddress> ipAddresses() {
        List<IpAddress> out = new ArrayList<>();
        for (String a : addresses) {
            IpAddress ip = IpAddress.tryParse(a);
            if (ip != null) {
                out.add(ip);
            }
        }
        return out;
    }
}
