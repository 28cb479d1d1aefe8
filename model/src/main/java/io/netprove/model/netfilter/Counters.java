package io.netprove.model.netfilter;

/** Packet and byte counters as printed in {@code [p:b]}. */
public record Counters(long packets, long bytes) {
    public static final Counters ZERO = new Counters(0, 0);
}
