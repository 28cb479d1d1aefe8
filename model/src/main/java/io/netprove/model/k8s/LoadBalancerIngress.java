package io.netprove.model.k8s;

import io.netprove.model.net.IpAddress;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code status.loadBalancer.ingress}: the address a load balancer was given. {@code ipMode} is
 * defaulted to VIP when an IP is present and the mode is not written, as the API server does.
 */
public record LoadBalancerIngress(Optional<IpAddress> ip, Optional<String> hostname,
                                  Optional<LoadBalancerIpMode> ipMode) {

    public LoadBalancerIngress {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(ipMode, "ipMode");
    }
}
