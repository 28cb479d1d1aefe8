package io.netprove.model.k8s;

import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;
import java.util.Optional;

/**
 * An object of a kind netprove does not use (Deployment, ConfigMap, a custom resource...), kept so that reports can
 * say what was read and left aside.
 */
public record IgnoredObject(String apiVersion, String kind, Optional<String> namespace, Optional<String> name,
                            SourceLocation location) {

    public IgnoredObject {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
    }

    @Override
    public String toString() {
        String id = name.map(n -> namespace.map(ns -> ns + "/" + n).orElse(n)).orElse("(unnamed)");
        return kind + " " + id + " (" + apiVersion + ") at " + location;
    }
}
