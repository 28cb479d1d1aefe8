package io.netprove.verifier.ingress;

import io.netprove.model.k8s.Ingress;
import io.netprove.model.k8s.IngressBackend;
import io.netprove.model.k8s.IngressPath;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an ingress controller does with one request: a path rule of an Ingress or an Ingress's default backend sends
 * it to a backend ({@link Kind#RULE}, {@link Kind#DEFAULT_BACKEND}); or nothing matches and the controller answers
 * itself with 404 ({@link Kind#NOT_FOUND}); or the decision depends on something netprove does not evaluate
 * ({@link Kind#UNMODELLED}, with the reason in {@code text}). {@code rivals} are other Ingresses' entries that match
 * equally well and lead elsewhere (the controller picks one of them by a rule netprove cannot see).
 */
public record IngressRoute(Kind kind, Optional<Ingress> ingress, Optional<String> ruleHost, Optional<IngressPath> path,
                           Optional<IngressBackend> backend, List<IngressRoute> rivals, String text) {

    /** How the request was answered. */
    public enum Kind { RULE, DEFAULT_BACKEND, NOT_FOUND, UNMODELLED }

    public IngressRoute {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(ruleHost, "ruleHost");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(backend, "backend");
        rivals = List.copyOf(rivals);
        Objects.requireNonNull(text, "text");
    }

    /** The backend Service's name, when the request goes to a Service (of the Ingress's namespace). */
    public Optional<IngressBackend.ServiceBackend> service() {
        return backend.filter(b -> b instanceof IngressBackend.ServiceBackend)
                .map(b -> (IngressBackend.ServiceBackend) b);
    }

    /** True if the request goes to Service {@code namespace/name}. */
    public boolean reaches(String namespace, String name) {
        return service().isPresent() && ingress.isPresent() && ingress.get().namespace().equals(namespace)
                && service().get().serviceName().equals(name);
    }

    /** The route with other equally good matches that lead elsewhere. */
    IngressRoute withRivals(List<IngressRoute> others) {
        return new IngressRoute(kind, ingress, ruleHost, path, backend, others, text);
    }
}
