package io.netprove.model.k8s;

import java.util.Optional;

/** The status of a condition such as a pod's or node's {@code Ready}. */
public enum ConditionStatus {
    TRUE("True"),
    FALSE("False"),
    UNKNOWN("Unknown");

    private final String apiName;

    ConditionStatus(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static Optional<ConditionStatus> fromApiName(String text) {
        for (ConditionStatus s : values()) {
            if (s.apiName.equals(text)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
