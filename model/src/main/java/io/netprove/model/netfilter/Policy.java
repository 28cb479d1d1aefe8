package io.netprove.model.netfilter;

/** The policy of a built-in chain; user chains have none (RETURN to the caller). */
public enum Policy {
    ACCEPT, DROP
}
