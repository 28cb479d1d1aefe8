package io.netprove.rules.facts;

import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;

/**
 * An intent statement ({@code statement}, written at {@code location}) that requires Service
 * {@code namespace/service} to be reachable from outside the cluster. The intent stage inserts these; lint alone has
 * none.
 */
public record ExternalRequirement(String statement, SourceLocation location, String namespace, String service) {

    public ExternalRequirement {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(service, "service");
    }
}
