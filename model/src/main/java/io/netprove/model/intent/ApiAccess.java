package io.netprove.model.intent;

import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;

/**
 * {@code zone NAME has api access}: clients at the zone's addresses hold credentials for the Kubernetes API, so
 * paths through the API server ({@code kubectl port-forward}, the API server's service proxy) are open to them.
 * Access is all or nothing: RBAC is not modelled.
 */
public record ApiAccess(String zone, SourceLocation location) {

    public ApiAccess {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(location, "location");
    }
}
