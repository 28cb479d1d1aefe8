package io.netprove.verifier.smt;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.space.Field;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Owns one native Z3 context and the bit-vector variables of the original packet's header fields. Use it in a
 * try-with-resources block: {@link #close()} frees the native context and is idempotent; every expression, solver
 * and model obtained from this context is invalid afterwards, so witnesses are copied out as plain values first.
 */
public final class SmtContext implements AutoCloseable {

    private final Context z3;
    private final AddressFamily family;
    private final int timeoutMillis;
    private final Map<Field, BitVecExpr> vars = new EnumMap<>(Field.class);
    private boolean closed;

    public SmtContext(AddressFamily family, int timeoutMillis) {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("model", "true");
        this.z3 = new Context(cfg);
        this.family = family;
        this.timeoutMillis = timeoutMillis;
    }

    Context z3() {
        if (closed) {
            throw new IllegalStateException("the SMT context is closed");
        }
        return z3;
    }

    public AddressFamily family() {
        return family;
    }

    /** The variable of an original header field. */
    BitVecExpr var(Field f) {
        return vars.computeIfAbsent(f, x -> z3().mkBVConst(x.name().toLowerCase(), x.bits(family)));
    }

    /** A fresh solver with this context's timeout. */
    Solver solver() {
        Solver s = z3().mkSolver();
        Params p = z3().mkParams();
        p.add("timeout", timeoutMillis);
        s.setParameters(p);
        return s;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            z3.close();
        }
    }
}
