package io.netprove.model.k8s;

import java.util.Optional;

/** A Service's {@code ipFamilyPolicy}. */
public enum IpFamilyPolicy {
    SINGLE_STACK("SingleStack"),
    PREFER_DUAL_STACK("PreferDualStack"),
    REQUIRE_DUAL_STACK("RequireDualStack");

    private final String apiName;

    IpFamilyPolicy(String apiName) {
        this.apiName = apiName;
    }

    /** The value as written in manifests. */
    public String apiName() {
        return apiName;
    }

    public static Optional<IpFamilyPolicy> fromApiName(String text) {
        for (IpFamilyPolicy v : values()) {
            if (v.apiName.equals(text)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
