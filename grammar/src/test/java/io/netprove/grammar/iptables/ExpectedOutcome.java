package io.netprove.grammar.iptables;

/**
 * One fate a probe can have according to the generator's own model of kube-proxy: where the packet ends
 * ({@code destination} as {@code ip:port} after any DNAT; null when it is dropped or rejected) and whether
 * KUBE-MARK-MASQ marked it for masquerading.
 */
public record ExpectedOutcome(Fate fate, String destination, boolean masquerade) {

    /** Delivered to the node itself, forwarded out of it (to a pod or the default gateway), dropped, rejected. */
    public enum Fate { LOCAL, FORWARDED, DROPPED, REJECTED }

    public static ExpectedOutcome dropped() {
        return new ExpectedOutcome(Fate.DROPPED, null, false);
    }

    public static ExpectedOutcome rejected() {
        return new ExpectedOutcome(Fate.REJECTED, null, false);
    }

    @Override
    public String toString() {
        return fate + (destination != null ? " " + destination : "") + (masquerade ? " masq" : "");
    }
}
