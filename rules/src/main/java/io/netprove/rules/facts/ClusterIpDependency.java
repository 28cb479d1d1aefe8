package io.netprove.rules.facts;

import io.netprove.model.k8s.Pod;
import io.netprove.model.net.IpAddress;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code pod} needs to reach Service {@code serviceNamespace/serviceName} through its cluster IP ({@code clusterIP}
 * when the manifests give it); {@code reason} says why. netprove derives one for every pod not on the host network
 * towards the cluster DNS Service (the default {@code dnsPolicy: ClusterFirst}); intent statements may add more.
 */
public record ClusterIpDependency(Pod pod, String serviceNamespace, String serviceName,
                                  Optional<IpAddress> clusterIP, String reason) {

    public ClusterIpDependency {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(serviceNamespace, "serviceNamespace");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(clusterIP, "clusterIP");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code ns/name} of the Service, with its cluster IP when known. */
    public String serviceText() {
        return serviceNamespace + "/" + serviceName + clusterIP.map(ip -> " (" + ip + ")").orElse("");
    }
}
