package io.netprove.model.netfilter;

/** Which end of a packet a criterion looks at. */
public enum Direction {
    SOURCE, DESTINATION
}
