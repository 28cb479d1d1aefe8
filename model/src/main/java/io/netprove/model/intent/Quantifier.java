package io.netprove.model.intent;

/** Which source addresses a reachability statement speaks about. */
public enum Quantifier {
    /** Every address of the source (the default). */
    EVERY,
    /** At least one address of the source. */
    SOME
}
