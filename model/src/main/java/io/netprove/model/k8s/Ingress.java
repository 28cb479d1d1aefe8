package io.netprove.model.k8s;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An Ingress (networking.k8s.io/v1; the reader also turns the beta shapes into this one). {@code ingressClassName}
 * is the field as written; {@link #effectiveClassName()} falls back to the deprecated {@value #CLASS_ANNOTATION}
 * annotation, as controllers do.
 */
public record Ingress(ObjectMeta metadata, SourceLocation location, Optional<String> ingressClassName,
                      Optional<IngressBackend> defaultBackend, List<IngressRule> rules, List<IngressTls> tls)
        implements KubeObject {

    /** The annotation that named the class before {@code spec.ingressClassName} existed. */
    public static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";

    public Ingress {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(ingressClassName, "ingressClassName");
        Objects.requireNonNull(defaultBackend, "defaultBackend");
        if (metadata.namespace().isEmpty()) {
            throw new IllegalArgumentException("an Ingress is namespaced");
        }
        rules = List.copyOf(rules);
        tls = List.copyOf(tls);
    }

    @Override
    public KubeKind kind() {
        return KubeKind.INGRESS;
    }

    /** The class: {@code spec.ingressClassName}, else the {@value #CLASS_ANNOTATION} annotation. */
    public Optional<String> effectiveClassName() {
        if (ingressClassName.isPresent()) {
            return ingressClassName;
        }
        return Optional.ofNullable(metadata.annotations().get(CLASS_ANNOTATION));
    }
}
