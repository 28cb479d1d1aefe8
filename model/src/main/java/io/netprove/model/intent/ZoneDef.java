package io.netprove.model.intent;

import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;

/** {@code zone NAME = EXPR}: a named set of addresses. */
public record ZoneDef(String name, ZoneExpr expr, SourceLocation location) {

    public ZoneDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expr, "expr");
        Objects.requireNonNull(location, "location");
    }
}
