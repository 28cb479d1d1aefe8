package io.netprove.model.k8s;

import java.util.Optional;

/** A Service's {@code sessionAffinity}. */
public enum SessionAffinity {
    NONE("None"),
    CLIENT_IP("ClientIP");

    private final String apiName;

    SessionAffinity(String apiName) {
        this.apiName = apiName;
    }

    /** The value as written in manifests. */
    public String apiName() {
        return apiName;
    }

    public static Optional<SessionAffinity> fromApiName(String text) {
        for (SessionAffinity v : values()) {
            if (v.apiName.equals(text)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
