package io.netprove.model.space;

import io.netprove.model.net.IpAddress;

import java.util.List;

/**
 * A condition on the original packet's header fields: the part of a path condition that a {@link HeaderSpace} (a
 * conjunction of one-field constraints) cannot hold, such as "not (dst = X and dport = 80)".
 */
public sealed interface Condition {

    /** {@code field} lies in {@code set}. */
    record InSet(Field field, IntervalSet set) implements Condition {
    }

    /** Every part holds. */
    record And(List<Condition> parts) implements Condition {
        public And {
            parts = List.copyOf(parts);
        }
    }

    /** At least one part holds. */
    record Or(List<Condition> parts) implements Condition {
        public Or {
            parts = List.copyOf(parts);
        }
    }

    /**
     * Two address fields agree on the bits set in {@code mask} (all ones: the addresses are equal). The symbolic
     * walk needs it when a recent list is written under one address variable and read under the other.
     */
    record SameUnderMask(Field first, Field second, IpAddress mask) implements Condition {
    }

    /** The part does not hold. */
    record Not(Condition part) implements Condition {
    }

    /** Simplifying constructor: the conjunction, flattened, with a single part returned as is. */
    static Condition and(List<Condition> parts) {
        return parts.size() == 1 ? parts.get(0) : new And(parts);
    }

    /** Simplifying negation. */
    static Condition not(Condition c) {
        return c instanceof Not n ? n.part() : new Not(c);
    }
}
