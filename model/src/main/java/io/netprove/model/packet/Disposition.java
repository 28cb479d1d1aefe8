package io.netprove.model.packet;

/**
 * What finally happens to a packet on a node: delivered to a local process, forwarded out of the node (to a pod or
 * elsewhere), dropped silently, rejected with an error, or unknown because an unmodelled construct decided it.
 */
public enum Disposition {
    LOCAL, FORWARDED, DROPPED, REJECTED, UNKNOWN
}
