package io.netprove.verifier.policy;

import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Locale;
import java.util.Objects;

/** A NetworkPolicy named in an answer: its namespace, name and where its manifest starts. */
public record PolicyRef(String namespace, String name, SourceLocation location) {

    public PolicyRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
    }

    public static PolicyRef of(NetworkPolicy policy) {
        return new PolicyRef(policy.namespace(), policy.name(), policy.location());
    }

    /** {@code namespace/name spec.<direction>[index] (file:line of the rule)}. */
    public String rule(PolicyType direction, int index, SourceLocation at) {
        return namespace + "/" + name + " spec." + direction.apiName().toLowerCase(Locale.ROOT) + "[" + index + "] ("
                + at + ")";
    }

    /** {@code namespace/name (file:line)}. */
    @Override
    public String toString() {
        return namespace + "/" + name + " (" + location + ")";
    }
}
