package io.netprove.model.k8s;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One {@code spec.tls} entry: the hosts a certificate secret covers. */
public record IngressTls(List<String> hosts, Optional<String> secretName) {

    public IngressTls {
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(secretName, "secretName");
    }
}
