package io.netprove.model.netfilter;

/** The five netfilter hooks; their names are also the built-in chain names. */
public enum Hook {
    PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING
}
