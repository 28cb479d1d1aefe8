package io.netprove.rules.facts;

import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.Pod;

import java.util.Objects;

/** {@code policy} applies to {@code pod} (same namespace, pod selector matches; pods on the host network excluded). */
public record PolicySelection(NetworkPolicy policy, Pod pod) {

    public PolicySelection {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(pod, "pod");
    }
}
