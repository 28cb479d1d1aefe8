package io.netprove.model.intent;

import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code ingress controller PODSET [class NAME]}: the pods that run an ingress controller, and the IngressClass whose
 * Ingresses they serve. Without a class the controller serves every Ingress that no controller declared with its
 * class serves (Ingresses without a class included).
 */
public record IngressController(ZoneExpr.PodSet pods, Optional<String> ingressClass, SourceLocation location) {

    public IngressController {
        Objects.requireNonNull(pods, "pods");
        Objects.requireNonNull(ingressClass, "ingressClass");
        Objects.requireNonNull(location, "location");
    }

    @Override
    public String toString() {
        return "ingress controller " + pods + ingressClass.map(c -> " (class " + c + ")").orElse("");
    }
}
