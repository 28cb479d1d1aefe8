package io.netprove.model.space;

import io.netprove.model.net.AddressFamily;

import java.util.Arrays;

/**
 * A product of per-field interval sets: the packets whose every field lies in its set. Immutable; {@link #with}
 * returns a copy with one field replaced.
 */
public final class HeaderSpace {

    private final AddressFamily family;
    private final IntervalSet[] fields;

    private HeaderSpace(AddressFamily family, IntervalSet[] fields) {
        this.family = family;
        this.fields = fields;
    }

    /** Every packet of the family. */
    public static HeaderSpace all(AddressFamily family) {
        IntervalSet[] f = new IntervalSet[Field.ALL.length];
        for (Field x : Field.ALL) {
            f[x.ordinal()] = IntervalSet.full(x.bits(family));
        }
        return new HeaderSpace(family, f);
    }

    public AddressFamily family() {
        return family;
    }

    public IntervalSet get(Field f) {
        return fields[f.ordinal()];
    }

    public HeaderSpace with(Field f, IntervalSet set) {
        if (set.bits() != f.bits(family)) {
            throw new IllegalArgumentException(f + " is " + f.bits(family) + " bits wide, not " + set.bits());
        }
        IntervalSet[] copy = fields.clone();
        copy[f.ordinal()] = set;
        return new HeaderSpace(family, copy);
    }

    /** Narrows one field to its intersection with {@code set}. */
    public HeaderSpace restrict(Field f, IntervalSet set) {
        return with(f, get(f).intersect(set));
    }

    /** True when some field allows no value, so no packet is in the space. */
    public boolean isEmpty() {
        for (IntervalSet s : fields) {
            if (s.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderSpace h && h.family == family && Arrays.equals(h.fields, fields);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fields);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (Field f : Field.ALL) {
            IntervalSet s = get(f);
            if (!s.isFull()) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(f.name().toLowerCase()).append(" in ").append(s);
            }
        }
        return sb.append(']').toString();
    }
}
