package io.netprove.model.k8s;

/**
 * The conditions of an EndpointSlice endpoint with the API's reading of absent values applied: an absent
 * {@code ready} or {@code serving} counts as true ("unknown, interpret as ready"), an absent {@code terminating}
 * as false.
 */
public record EndpointConditions(boolean ready, boolean serving, boolean terminating) {

    /** What an endpoint without {@code conditions} means: ready, serving, not terminating. */
    public static final EndpointConditions DEFAULT = new EndpointConditions(true, true, false);
}
