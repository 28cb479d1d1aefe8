package io.netprove.model.k8s;

import java.util.Objects;

/** One {@code http.paths} entry; {@code path} is {@code ""} when not given (allowed for ImplementationSpecific). */
public record IngressPath(String path, PathType pathType, IngressBackend backend) {

    public IngressPath {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(pathType, "pathType");
        Objects.requireNonNull(backend, "backend");
    }
}
