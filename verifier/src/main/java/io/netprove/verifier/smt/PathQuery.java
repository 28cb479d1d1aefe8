package io.netprove.verifier.smt;

import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.Model;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import io.netprove.model.net.IpAddress;
import io.netprove.model.packet.Packet;
import io.netprove.model.space.Field;
import io.netprove.model.space.HeaderSpace;
import io.netprove.verifier.sim.SymbolicOutcome;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks Z3 whether any packet takes one of a set of paths: the disjunction of the paths' conditions (each guarded by
 * a selector so the model says which path the witness takes). UNSAT proves that no packet does.
 */
public final class PathQuery {

    private static final Field[] SYMBOLIC = {Field.SRC_ADDR, Field.DST_ADDR, Field.SRC_PORT, Field.DST_PORT};

    /** What Z3 said. */
    public sealed interface Answer {
    }

    /** No packet takes any of the paths: a proof. */
    public record Unsat() implements Answer {
    }

    /** A witness packet and the index of the path it takes. */
    public record Sat(Packet witness, int path) implements Answer {
    }

    /** The solver gave up (timeout or incompleteness); the reason is Z3's. */
    public record Unknown(String reason) implements Answer {
    }

    private PathQuery() {
    }

    /**
     * Is some packet of {@code template}'s protocol, in {@code paths.get(i).space()} and its residual conditions
     * for some i? The witness keeps the template's protocol, state and ICMP fields.
     */
    public static Answer anyPath(SmtContext ctx, List<SymbolicOutcome> paths, Packet template) {
        if (paths.isEmpty()) {
            return new Unsat();
        }
        // a path with no condition beyond its boxes is satisfiable by any packet of them: no solver needed
        for (int i = 0; i < paths.size(); i++) {
            SymbolicOutcome p = paths.get(i);
            if (p.residual().isEmpty() && !p.space().isEmpty()) {
                return new Sat(pick(p.space(), template, ctx.family()), i);
            }
        }
        Context z = ctx.z3();
        ConditionEncoder enc = new ConditionEncoder(ctx);
        Solver solver = ctx.solver();
        List<BoolExpr> selectors = new ArrayList<>(paths.size());
        for (int i = 0; i < paths.size(); i++) {
            SymbolicOutcome p = paths.get(i);
            BoolExpr sel = z.mkBoolConst("path" + i);
            selectors.add(sel);
            solver.add(z.mkImplies(sel, enc.encode(p.space(), p.residual(), SYMBOLIC)));
        }
        solver.add(z.mkOr(selectors.toArray(new BoolExpr[0])));
        Status st = solver.check();
        if (st == Status.UNSATISFIABLE) {
            return new Unsat();
        }
        if (st == Status.UNKNOWN) {
            return new Unknown(solver.getReasonUnknown());
        }
        prefer(ctx, solver, template);
        Model m = solver.getModel();
        int chosen = -1;
        for (int i = 0; i < selectors.size(); i++) {
            if (m.eval(selectors.get(i), true).isTrue()) {
                chosen = i;
                break;
            }
        }
        BigInteger src = value(m, ctx, Field.SRC_ADDR);
        BigInteger dst = value(m, ctx, Field.DST_ADDR);
        int sport = value(m, ctx, Field.SRC_PORT).intValue();
        int dport = value(m, ctx, Field.DST_PORT).intValue();
        Packet w = template.withSource(IpAddress.fromBigInteger(ctx.family(), src),
                        template.protocol().hasPorts() ? sport : template.sourcePort())
                .withDestination(IpAddress.fromBigInteger(ctx.family(), dst),
                        template.protocol().hasPorts() ? dport : template.destinationPort());
        return new Sat(w, chosen);
    }

    /**
     * Nudges the witness towards a packet a person would recognise: an ephemeral source port and host addresses
     * (not the network or broadcast address of a /24). Each preference is kept only if the query stays satisfiable.
     */
    private static void prefer(SmtContext ctx, Solver solver, Packet template) {
        Context z = ctx.z3();
        List<BoolExpr> wishes = new ArrayList<>();
        if (template.protocol().hasPorts()) {
            wishes.add(z.mkAnd(z.mkBVULE(z.mkBV(40000, 16), ctx.var(Field.SRC_PORT)),
                    z.mkBVULE(ctx.var(Field.SRC_PORT), z.mkBV(60999, 16))));
        }
        for (Field f : new Field[] {Field.SRC_ADDR, Field.DST_ADDR}) {
            int bits = f.bits(ctx.family());
            com.microsoft.z3.BitVecExpr low = z.mkExtract(7, 0, ctx.var(f));
            wishes.add(z.mkAnd(z.mkNot(z.mkEq(low, z.mkBV(0, 8))), z.mkNot(z.mkEq(low, z.mkBV(255, 8)))));
            if (bits == 32) {
                com.microsoft.z3.BitVecExpr second = z.mkExtract(15, 8, ctx.var(f));
                wishes.add(z.mkNot(z.mkEq(second, z.mkBV(0, 8))));
            }
        }
        for (BoolExpr w : wishes) {
            solver.push();
            solver.add(w);
            if (solver.check() != Status.SATISFIABLE) {
                solver.pop();
            }
        }
        solver.check();
    }

    /**
     * A packet of {@code space} chosen as the solver would be asked to choose it: a source port in 40000-60999 when
     * there is one, addresses whose last byte is neither 0 nor 255 (and, for IPv4, whose third byte is not 0) when
     * the space has such, else the lowest values.
     */
    public static Packet pick(HeaderSpace space, Packet template, io.netprove.model.net.AddressFamily family) {
        IpAddress src = address(space.get(Field.SRC_ADDR), family);
        IpAddress dst = address(space.get(Field.DST_ADDR), family);
        if (!template.protocol().hasPorts()) {
            return template.withSource(src, template.sourcePort()).withDestination(dst, template.destinationPort());
        }
        io.netprove.model.space.IntervalSet sports = space.get(Field.SRC_PORT);
        io.netprove.model.space.IntervalSet nice = sports.intersect(
                io.netprove.model.space.IntervalSet.range(16, 40000, 60999));
        int sport = (int) (nice.isEmpty() ? sports.first()[1] : nice.first()[1]);
        int dport = (int) space.get(Field.DST_PORT).first()[1];
        return template.withSource(src, sport).withDestination(dst, dport);
    }

    private static IpAddress address(io.netprove.model.space.IntervalSet set, io.netprove.model.net.AddressFamily f) {
        boolean v4 = f == io.netprove.model.net.AddressFamily.IPV4;
        // first pass: an address that reads like a host (last byte not 0 or 255, third byte not 0 in IPv4);
        // second pass: any address whose last byte is not 0 or 255
        for (boolean strict : new boolean[] {true, false}) {
            for (long[] r : set.ranges()) {
                // r = {startHi, startLo, endHi, endLo}
                long hi = r[0];
                long lo = r[1];
                long[] candidates = v4 ? new long[] {lo, lo + 1, lo + 2, (lo & ~0xffffL) | 0x0101L,
                        ((lo & ~0xffffL) + 0x10000L) | 0x0101L} : new long[] {lo, lo + 1, lo + 2};
                for (long c : candidates) {
                    boolean inside = Long.compareUnsigned(c, lo) >= 0
                            && (hi != r[2] || Long.compareUnsigned(c, r[3]) <= 0)
                            && (!v4 || Long.compareUnsigned(c, 0xffffffffL) <= 0);
                    if (!inside || !set.contains(hi, c)) {
                        continue;
                    }
                    long low = c & 0xff;
                    if (low == 0 || low == 255 || strict && v4 && ((c >> 8) & 0xff) == 0) {
                        continue;
                    }
                    return v4 ? IpAddress.v4(c) : IpAddress.v6(hi, c);
                }
            }
        }
        long[] first = set.first();
        return v4 ? IpAddress.v4(first[1]) : IpAddress.v6(first[0], first[1]);
    }

    private static BigInteger value(Model m, SmtContext ctx, Field f) {
        Expr<?> e = m.eval(ctx.var(f), true);
        return ((BitVecNum) e).getBigInteger();
    }

    /** Restricts every path to {@code space} first (a precondition on the original fields). */
    public static List<SymbolicOutcome> within(List<SymbolicOutcome> paths, HeaderSpace space) {
        List<SymbolicOutcome> out = new ArrayList<>();
        for (SymbolicOutcome p : paths) {
            HeaderSpace s = p.space();
            for (Field f : SYMBOLIC) {
                s = s.restrict(f, space.get(f));
            }
            if (!s.isEmpty()) {
                out.add(new SymbolicOutcome(p.disposition(), p.header(), p.varMask(), p.masquerade(), p.dnat(),
                        p.snat(), s, p.residual(), p.steps(), p.assumptions(), p.unknowns()));
            }
        }
        return out;
    }
}
