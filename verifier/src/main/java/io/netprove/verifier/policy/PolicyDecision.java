package io.netprove.verifier.policy;

import io.netprove.model.k8s.PolicyType;

import java.util.Objects;

/**
 * NetworkPolicy's answer for one connection: allowed when the source's egress and the destination's ingress both
 * allow it. Each side carries its reason.
 */
public record PolicyDecision(DirectionVerdict egress, DirectionVerdict ingress) {

    public PolicyDecision {
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(ingress, "ingress");
        if (egress.direction() != PolicyType.EGRESS || ingress.direction() != PolicyType.INGRESS) {
            throw new IllegalArgumentException("verdicts in the wrong directions");
        }
    }

    public boolean allowed() {
        return egress.allows() && ingress.allows();
    }

    /** {@code allowed|denied: <egress reason>; <ingress reason>}. */
    public String explain() {
        return (allowed() ? "allowed: " : "denied: ") + egress.explain() + "; " + ingress.explain();
    }

    @Override
    public String toString() {
        return explain();
    }
}
