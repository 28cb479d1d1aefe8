package io.netprove.model.ipset;

/**
 * The answer of a set to a packet. NOMATCH_ENTRY means the most specific matching element is flagged
 * {@code nomatch}: the set does not match, unless the rule says {@code --return-nomatch}, which inverts exactly
 * this case.
 */
public enum IpSetMatch {
    MATCH, NO_MATCH, NOMATCH_ENTRY
}
