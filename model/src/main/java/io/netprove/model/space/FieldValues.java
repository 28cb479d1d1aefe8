package io.netprove.model.space;

import io.netprove.model.packet.Packet;

/** The values of one concrete packet's fields, for testing membership in spaces and conditions. */
public final class FieldValues {

    private final long[] hi = new long[Field.ALL.length];
    private final long[] lo = new long[Field.ALL.length];

    private FieldValues() {
    }

    /** The fields of {@code p}; a port or ICMP field the packet lacks reads as 0. */
    public static FieldValues of(Packet p) {
        FieldValues v = new FieldValues();
        v.set(Field.SRC_ADDR, p.source().hi(), p.source().lo());
        v.set(Field.DST_ADDR, p.destination().hi(), p.destination().lo());
        v.set(Field.SRC_PORT, 0, Math.max(0, p.sourcePort()));
        v.set(Field.DST_PORT, 0, Math.max(0, p.destinationPort()));
        v.set(Field.PROTOCOL, 0, p.protocol().number());
        v.set(Field.ICMP_TYPE, 0, Math.max(0, p.icmpType()));
        v.set(Field.ICMP_CODE, 0, Math.max(0, p.icmpCode()));
        return v;
    }

    private void set(Field f, long h, long l) {
        hi[f.ordinal()] = h;
        lo[f.ordinal()] = l;
    }

    public long hi(Field f) {
        return hi[f.ordinal()];
    }

    public long lo(Field f) {
        return lo[f.ordinal()];
    }

    /** True if every field lies in the space's set for it. */
    public boolean in(HeaderSpace space) {
        for (Field f : Field.ALL) {
            if (!space.get(f).contains(hi(f), lo(f))) {
                return false;
            }
        }
        return true;
    }

    /** True if the condition holds for these values. */
    public boolean satisfies(Condition c) {
        if (c instanceof Condition.InSet s) {
            return s.set().contains(hi(s.field()), lo(s.field()));
        }
        if (c instanceof Condition.SameUnderMask m) {
            long mh = m.mask().hi();
            long ml = m.mask().lo();
            return (hi(m.first()) & mh) == (hi(m.second()) & mh) && (lo(m.first()) & ml) == (lo(m.second()) & ml);
        }
        if (c instanceof Condition.Not n) {
            return !satisfies(n.part());
        }
        if (c instanceof Condition.And a) {
            for (Condition p : a.parts()) {
                if (!satisfies(p)) {
                    return false;
                }
            }
            return true;
        }
        Condition.Or o = (Condition.Or) c;
        for (Condition p : o.parts()) {
            if (satisfies(p)) {
                return true;
            }
        }
        return false;
    }
}
