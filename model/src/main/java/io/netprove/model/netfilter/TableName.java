package io.netprove.model.netfilter;

import java.util.List;
import java.util.Locale;

/** The five iptables tables and the built-in chains each one has. */
public enum TableName {
    RAW(List.of(Hook.PREROUTING, Hook.OUTPUT)),
    MANGLE(List.of(Hook.PREROUTING, Hook.INPUT, Hook.FORWARD, Hook.OUTPUT, Hook.POSTROUTING)),
    NAT(List.of(Hook.PREROUTING, Hook.INPUT, Hook.OUTPUT, Hook.POSTROUTING)),
    FILTER(List.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT)),
    SECURITY(List.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT));

    private final List<Hook> hooks;
    private final String lowerName;

    TableName(List<Hook> hooks) {
        this.hooks = hooks;
        this.lowerName = name().toLowerCase(Locale.ROOT);
    }

    /** The hooks this table registers a built-in chain at. */
    public List<Hook> hooks() {
        return hooks;
    }

    /** True if {@code chain} names one of this table's built-in chains. */
    public boolean isBuiltin(String chain) {
        for (Hook h : hooks) {
            if (h.name().equals(chain)) {
                return true;
            }
        }
        return false;
    }

    /** The name as written after {@code *} in a dump. */
    public String lowerName() {
        return lowerName;
    }

    /** The table called {@code name} in a dump, or null. */
    public static TableName lookup(String name) {
        for (TableName t : values()) {
            if (t.lowerName().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
