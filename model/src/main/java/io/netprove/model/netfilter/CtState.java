package io.netprove.model.netfilter;

/**
 * Conntrack states as {@code -m conntrack --ctstate} and {@code -m state --state} name them. SNAT and DNAT are the
 * "virtual" states: the connection's original direction had its source or destination translated.
 */
public enum CtState {
    INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED, SNAT, DNAT
}
