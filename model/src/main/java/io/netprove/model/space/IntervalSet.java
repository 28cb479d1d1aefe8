package io.netprove.model.space;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable set of unsigned integers of up to 128 bits, kept as sorted, disjoint, non-adjacent closed intervals.
 * A value is a pair (hi, lo) of 64-bit words; fields narrower than 65 bits use hi = 0.
 */
public final class IntervalSet {

    private static final long[] NONE = new long[0];

    private final int bits;
    /** Four words per interval: start hi, start lo, end hi, end lo. */
    private final long[] r;

    private IntervalSet(int bits, long[] r) {
        this.bits = bits;
        this.r = r;
    }

    public static IntervalSet empty(int bits) {
        return new IntervalSet(bits, NONE);
    }

    public static IntervalSet full(int bits) {
        return new IntervalSet(bits, new long[] {0, 0, maxHi(bits), maxLo(bits)});
    }

    /** {value}. */
    public static IntervalSet point(int bits, long hi, long lo) {
        return new IntervalSet(bits, new long[] {hi, lo, hi, lo});
    }

    /** [first, last] for fields of at most 63 bits. */
    public static IntervalSet range(int bits, long first, long last) {
        if (first > last) {
            return empty(bits);
        }
        return new IntervalSet(bits, new long[] {0, first, 0, last});
    }

    /** [first, last] for 128-bit values. */
    public static IntervalSet range(int bits, long firstHi, long firstLo, long lastHi, long lastLo) {
        if (cmp(firstHi, firstLo, lastHi, lastLo) > 0) {
            return empty(bits);
        }
        return new IntervalSet(bits, new long[] {firstHi, firstLo, lastHi, lastLo});
    }

    public static IntervalSet of(IpAddress a) {
        return point(a.family().bits(), a.hi(), a.lo());
    }

    public static IntervalSet of(IpPrefix p) {
        IpAddress last = p.last();
        return range(p.family().bits(), p.network().hi(), p.network().lo(), last.hi(), last.lo());
    }

    public static IntervalSet of(IpRange range) {
        return range(range.family().bits(), range.first().hi(), range.first().lo(), range.last().hi(),
                range.last().lo());
    }

    /** The set of the given points (any order, duplicates allowed). */
    public static IntervalSet points(int bits, List<IpAddress> addresses) {
        long[][] pts = new long[addresses.size()][];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = new long[] {addresses.get(i).hi(), addresses.get(i).lo()};
        }
        Arrays.sort(pts, (a, b) -> cmp(a[0], a[1], b[0], b[1]));
        Builder b = new Builder(bits);
        for (long[] p : pts) {
            b.add(p[0], p[1], p[0], p[1]);
        }
        return b.build();
    }

    private static long maxHi(int bits) {
        return bits <= 64 ? 0 : (bits == 128 ? -1L : (1L << (bits - 64)) - 1);
    }

    private static long maxLo(int bits) {
        return bits >= 64 ? -1L : (1L << bits) - 1;
    }

    static int cmp(long ah, long al, long bh, long bl) {
        int c = Long.compareUnsigned(ah, bh);
        return c != 0 ? c : Long.compareUnsigned(al, bl);
    }

    public int bits() {
        return bits;
    }

    public boolean isEmpty() {
        return r.length == 0;
    }

    public boolean isFull() {
        return r.length == 4 && r[0] == 0 && r[1] == 0 && r[2] == maxHi(bits) && r[3] == maxLo(bits);
    }

    /** Number of intervals. */
    public int intervals() {
        return r.length / 4;
    }

    public long startHi(int i) {
        return r[4 * i];
    }

    public long startLo(int i) {
        return r[4 * i + 1];
    }

    public long endHi(int i) {
        return r[4 * i + 2];
    }

    public long endLo(int i) {
        return r[4 * i + 3];
    }

    /** True if the set has exactly one value. */
    public boolean isPoint() {
        return r.length == 4 && r[0] == r[2] && r[1] == r[3];
    }

    public boolean contains(long hi, long lo) {
        int low = 0;
        int high = intervals() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (cmp(hi, lo, r[4 * mid], r[4 * mid + 1]) < 0) {
                high = mid - 1;
            } else if (cmp(hi, lo, r[4 * mid + 2], r[4 * mid + 3]) > 0) {
                low = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    public boolean contains(long value) {
        return contains(0, value);
    }

    public IntervalSet intersect(IntervalSet o) {
        if (isEmpty() || o.isEmpty()) {
            return empty(bits);
        }
        if (o.isFull()) {
            return this;
        }
        if (isFull()) {
            return o;
        }
        // a few intervals against very many: look each one up instead of walking the long list
        if (r.length * 32 < o.r.length) {
            return intersectSparse(r, o.r);
        }
        if (o.r.length * 32 < r.length) {
            return intersectSparse(o.r, r);
        }
        Builder b = new Builder(bits);
        int i = 0;
        int j = 0;
        long[] a = r;
        long[] c = o.r;
        while (i < a.length && j < c.length) {
            long sh;
            long sl;
            if (cmp(a[i], a[i + 1], c[j], c[j + 1]) >= 0) {
                sh = a[i];
                sl = a[i + 1];
            } else {
                sh = c[j];
                sl = c[j + 1];
            }
            long eh;
            long el;
            boolean aEndsFirst = cmp(a[i + 2], a[i + 3], c[j + 2], c[j + 3]) <= 0;
            if (aEndsFirst) {
                eh = a[i + 2];
                el = a[i + 3];
            } else {
                eh = c[j + 2];
                el = c[j + 3];
            }
            if (cmp(sh, sl, eh, el) <= 0) {
                b.add(sh, sl, eh, el);
            }
            if (aEndsFirst) {
                i += 4;
            } else {
                j += 4;
            }
        }
        return b.build();
    }

    /** The intersection of a short interval list with a long one, by binary search in the long one. */
    private IntervalSet intersectSparse(long[] few, long[] many) {
        Builder b = new Builder(bits);
        int n = many.length / 4;
        for (int i = 0; i < few.length; i += 4) {
            // the first interval of many whose end is at or after this interval's start
            int lo = 0;
            int hi = n;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cmp(many[mid * 4 + 2], many[mid * 4 + 3], few[i], few[i + 1]) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int k = lo * 4; k < many.length; k += 4) {
                if (cmp(many[k], many[k + 1], few[i + 2], few[i + 3]) > 0) {
                    break;
                }
                boolean fewStartsLater = cmp(few[i], few[i + 1], many[k], many[k + 1]) >= 0;
                boolean fewEndsFirst = cmp(few[i + 2], few[i + 3], many[k + 2], many[k + 3]) <= 0;
                b.add(fewStartsLater ? few[i] : many[k], fewStartsLater ? few[i + 1] : many[k + 1],
                        fewEndsFirst ? few[i + 2] : many[k + 2], fewEndsFirst ? few[i + 3] : many[k + 3]);
            }
        }
        return b.build();
    }

    public IntervalSet union(IntervalSet o) {
        if (isEmpty()) {
            return o;
        }
        if (o.isEmpty()) {
            return this;
        }
        Builder b = new Builder(bits);
        int i = 0;
        int j = 0;
        while (i < r.length || j < o.r.length) {
            boolean takeA = j >= o.r.length || (i < r.length && cmp(r[i], r[i + 1], o.r[j], o.r[j + 1]) <= 0);
            if (takeA) {
                b.add(r[i], r[i + 1], r[i + 2], r[i + 3]);
                i += 4;
            } else {
                b.add(o.r[j], o.r[j + 1], o.r[j + 2], o.r[j + 3]);
                j += 4;
            }
        }
        return b.build();
    }

    public IntervalSet complement() {
        Builder b = new Builder(bits);
        long nh = 0;
        long nl = 0;
        boolean open = true;
        for (int i = 0; i < r.length; i += 4) {
            if (cmp(nh, nl, r[i], r[i + 1]) < 0) {
                long[] p = dec(r[i], r[i + 1]);
                b.add(nh, nl, p[0], p[1]);
            }
            if (r[i + 2] == maxHi(bits) && r[i + 3] == maxLo(bits)) {
                open = false;
                break;
            }
            long[] n = inc(r[i + 2], r[i + 3]);
            nh = n[0];
            nl = n[1];
        }
        if (open) {
            b.add(nh, nl, maxHi(bits), maxLo(bits));
        }
        return b.build();
    }

    public IntervalSet minus(IntervalSet o) {
        if (o.isEmpty() || isEmpty()) {
            return this;
        }
        return intersect(o.complement());
    }

    /** True if every value of {@code o} is in this set. */
    public boolean containsAll(IntervalSet o) {
        if (o.isEmpty() || isFull()) {
            return true;
        }
        if (o.r.length == 4) {
            int low = 0;
            int high = intervals() - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                if (cmp(o.r[0], o.r[1], r[4 * mid], r[4 * mid + 1]) < 0) {
                    high = mid - 1;
                } else if (cmp(o.r[0], o.r[1], r[4 * mid + 2], r[4 * mid + 3]) > 0) {
                    low = mid + 1;
                } else {
                    return cmp(o.r[2], o.r[3], r[4 * mid + 2], r[4 * mid + 3]) <= 0;
                }
            }
            return false;
        }
        return o.minus(this).isEmpty();
    }

    /** True if the two sets share no value. */
    public boolean disjoint(IntervalSet o) {
        if (isEmpty() || o.isEmpty()) {
            return true;
        }
        if (o.r.length == 4 && o.r[0] == o.r[2] && o.r[1] == o.r[3]) {
            return !contains(o.r[0], o.r[1]);
        }
        if (r.length == 4 && r[0] == r[2] && r[1] == r[3]) {
            return !o.contains(r[0], r[1]);
        }
        return intersect(o).isEmpty();
    }

    /** The smallest value, as {hi, lo}; the set must not be empty. */
    public long[] first() {
        return new long[] {r[0], r[1]};
    }

    /** Approximate number of values (saturating at Long.MAX_VALUE). */
    public long sizeSaturated() {
        long total = 0;
        for (int i = 0; i < r.length; i += 4) {
            if (r[i] != r[i + 2]) {
                return Long.MAX_VALUE;
            }
            long span = r[i + 3] - r[i + 1] + 1;
            if (span <= 0 || total + span < 0) {
                return Long.MAX_VALUE;
            }
            total += span;
        }
        return total;
    }

    private static long[] inc(long h, long l) {
        return l == -1L ? new long[] {h + 1, 0} : new long[] {h, l + 1};
    }

    private static long[] dec(long h, long l) {
        return l == 0 ? new long[] {h - 1, -1L} : new long[] {h, l - 1};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntervalSet s && s.bits == bits && Arrays.equals(s.r, r);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(r) * 31 + bits;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < r.length; i += 4) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(text(r[i], r[i + 1]));
            if (r[i] != r[i + 2] || r[i + 1] != r[i + 3]) {
                sb.append('-').append(text(r[i + 2], r[i + 3]));
            }
            if (i >= 40) {
                sb.append(", ... (").append(intervals()).append(" intervals)");
                break;
            }
        }
        return sb.append('}').toString();
    }

    private String text(long h, long l) {
        if (bits == 32) {
            return IpAddress.v4(l).toString();
        }
        if (bits == 128) {
            return IpAddress.v6(h, l).toString();
        }
        return Long.toUnsignedString(l);
    }

    /** Values of every interval as 4-word arrays, for encoders. */
    public List<long[]> ranges() {
        List<long[]> out = new ArrayList<>(intervals());
        for (int i = 0; i < r.length; i += 4) {
            out.add(new long[] {r[i], r[i + 1], r[i + 2], r[i + 3]});
        }
        return out;
    }

    /** Appends intervals in ascending order, merging overlapping and adjacent ones. */
    static final class Builder {
        private final int bits;
        private long[] out = new long[16];
        private int n;

        Builder(int bits) {
            this.bits = bits;
        }

        void add(long sh, long sl, long eh, long el) {
            if (n > 0) {
                long ph = out[n - 2];
                long pl = out[n - 1];
                long[] next = ph == maxHi(bits) && pl == maxLo(bits) ? null : inc(ph, pl);
                if (next == null || cmp(sh, sl, next[0], next[1]) <= 0) {
                    if (cmp(eh, el, ph, pl) > 0) {
                        out[n - 2] = eh;
                        out[n - 1] = el;
                    }
                    return;
                }
            }
            if (n + 4 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = sh;
            out[n++] = sl;
            out[n++] = eh;
            out[n++] = el;
        }

        IntervalSet build() {
            return new IntervalSet(bits, n == 0 ? NONE : Arrays.copyOf(out, n));
        }
    }
}
