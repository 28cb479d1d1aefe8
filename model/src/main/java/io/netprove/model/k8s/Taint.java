package io.netprove.model.k8s;

import java.util.Objects;

/** A node taint; {@code value} is {@code ""} when not given. */
public record Taint(String key, String value, TaintEffect effect) {

    public Taint {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(effect, "effect");
    }
}
