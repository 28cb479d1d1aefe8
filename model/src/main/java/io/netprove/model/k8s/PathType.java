package io.netprove.model.k8s;

import java.util.Optional;

/** An Ingress path's {@code pathType}. */
public enum PathType {
    EXACT("Exact"),
    PREFIX("Prefix"),
    IMPLEMENTATION_SPECIFIC("ImplementationSpecific");

    private final String apiName;

    PathType(String apiName) {
        this.apiName = apiName;
    }

    /** The value as written in manifests. */
    public String apiName() {
        return apiName;
    }

    public static Optional<PathType> fromApiName(String text) {
        for (PathType v : values()) {
            if (v.apiName.equals(text)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
