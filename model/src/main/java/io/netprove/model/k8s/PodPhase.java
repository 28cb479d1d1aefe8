package io.netprove.model.k8s;

import java.util.Optional;

/** A pod's {@code status.phase}. */
public enum PodPhase {
    PENDING("Pending"),
    RUNNING("Running"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    UNKNOWN("Unknown");

    private final String apiName;

    PodPhase(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** True for Succeeded and Failed: the pod's containers have stopped for good. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }

    public static Optional<PodPhase> fromApiName(String text) {
        for (PodPhase p : values()) {
            if (p.apiName.equals(text)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
