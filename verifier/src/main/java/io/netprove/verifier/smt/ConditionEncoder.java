package io.netprove.verifier.smt;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import io.netprove.model.space.Condition;
import io.netprove.model.space.Field;
import io.netprove.model.space.HeaderSpace;
import io.netprove.model.space.IntervalSet;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns header spaces and conditions into Z3 formulas over the original packet's fields. A set of intervals becomes
 * a disjunction of unsigned range tests (or the negation of its complement's, whichever is shorter). Shared
 * subconditions are encoded once.
 */
final class ConditionEncoder {

    private final SmtContext ctx;
    private final Map<Object, BoolExpr> memo = new IdentityHashMap<>();

    ConditionEncoder(SmtContext ctx) {
        this.ctx = ctx;
    }

    BoolExpr encode(HeaderSpace space, List<Condition> residual, Field[] fields) {
        Context z = ctx.z3();
        List<BoolExpr> parts = new ArrayList<>();
        for (Field f : fields) {
            IntervalSet s = space.get(f);
            if (!s.isFull()) {
                parts.add(inSet(f, s));
            }
        }
        for (Condition c : residual) {
            parts.add(encode(c));
        }
        if (parts.isEmpty()) {
            return z.mkTrue();
        }
        return parts.size() == 1 ? parts.get(0) : z.mkAnd(parts.toArray(new BoolExpr[0]));
    }

    BoolExpr encode(Condition c) {
        BoolExpr e = memo.get(c);
        if (e != null) {
            return e;
        }
        Context z = ctx.z3();
        if (c instanceof Condition.InSet s) {
            e = inSet(s.field(), s.set());
        } else if (c instanceof Condition.SameUnderMask m) {
            e = sameUnderMask(m);
        } else if (c instanceof Condition.Not n) {
            e = z.mkNot(encode(n.part()));
        } else if (c instanceof Condition.And a) {
            e = z.mkAnd(a.parts().stream().map(this::encode).toArray(BoolExpr[]::new));
        } else {
            e = z.mkOr(((Condition.Or) c).parts().stream().map(this::encode).toArray(BoolExpr[]::new));
        }
        memo.put(c, e);
        return e;
    }

    private BoolExpr sameUnderMask(Condition.SameUnderMask m) {
        Context z = ctx.z3();
        BitVecExpr a = ctx.var(m.first());
        BitVecExpr b = ctx.var(m.second());
        int bits = m.first().bits(ctx.family());
        BigInteger mask = value(m.mask().hi(), m.mask().lo());
        if (mask.bitCount() == bits) {
            return z.mkEq(a, b);
        }
        BitVecExpr k = z.mkBV(mask.toString(), bits);
        return z.mkEq(z.mkBVAND(a, k), z.mkBVAND(b, k));
    }

    BoolExpr inSet(Field f, IntervalSet s) {
        Context z = ctx.z3();
        if (s.isEmpty()) {
            return z.mkFalse();
        }
        if (s.isFull()) {
            return z.mkTrue();
        }
        IntervalSet c = s.complement();
        if (c.intervals() < s.intervals()) {
            return z.mkNot(ranges(f, c));
        }
        return ranges(f, s);
    }

    private BoolExpr ranges(Field f, IntervalSet s) {
        Context z = ctx.z3();
        BitVecExpr v = ctx.var(f);
        int bits = s.bits();
        List<BoolExpr> alts = new ArrayList<>(s.intervals());
        for (int i = 0; i < s.intervals(); i++) {
            BigInteger a = value(s.startHi(i), s.startLo(i));
            BigInteger b = value(s.endHi(i), s.endLo(i));
            if (a.equals(b)) {
                alts.add(z.mkEq(v, z.mkBV(a.toString(), bits)));
            } else {
                alts.add(z.mkAnd(z.mkBVULE(z.mkBV(a.toString(), bits), v), z.mkBVULE(v, z.mkBV(b.toString(), bits))));
            }
        }
        return alts.size() == 1 ? alts.get(0) : z.mkOr(alts.toArray(new BoolExpr[0]));
    }

    static BigInteger value(long hi, long lo) {
        BigInteger h = new BigInteger(Long.toUnsignedString(hi));
        BigInteger l = new BigInteger(Long.toUnsignedString(lo));
        return h.shiftLeft(64).or(l);
    }
}
