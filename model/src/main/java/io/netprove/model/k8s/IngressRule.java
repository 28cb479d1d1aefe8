package io.netprove.model.k8s;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One Ingress rule: requests for {@code host} (every host when empty; may start with {@code *.}) and its paths. */
public record IngressRule(Optional<String> host, List<IngressPath> paths) {

    public IngressRule {
        Objects.requireNonNull(host, "host");
        paths = List.copyOf(paths);
    }
}
