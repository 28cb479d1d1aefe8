package io.netprove.model.k8s;

import java.util.Objects;
import java.util.Optional;

/** A reference to another object, as in an endpoint's {@code targetRef} (usually a Pod). */
public record ObjectReference(String kind, Optional<String> namespace, String name) {

    public ObjectReference {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** True if this reference names {@code object} (same kind, namespace and name). */
    public boolean refersTo(KubeObject object) {
        return kind.equals(object.kind().apiName()) && name.equals(object.name())
                && namespace.orElse("").equals(object.namespace());
    }
}
