package io.netprove.grammar.nft;

import java.util.ArrayList;
import java.util.List;

/** Renders expressions and verdicts back to nft's text spelling, for messages and the text of lowered rules. */
final class NftText {

    private NftText() {
    }

    static String render(Expr e) {
        if (e == null) {
            return "";
        }
        if (e instanceof Expr.Field f) {
            return f.name();
        }
        if (e instanceof Expr.Numgen n) {
            return "numgen " + n.mode() + " mod " + n.modulus() + (n.offset() != 0 ? " offset " + n.offset() : "");
        }
        if (e instanceof Expr.Literal l) {
            return l.quoted() ? "\"" + l.text() + "\"" : l.text();
        }
        if (e instanceof Expr.Prefix p) {
            return render(p.address()) + "/" + p.length();
        }
        if (e instanceof Expr.Range r) {
            return render(r.low()) + "-" + render(r.high());
        }
        if (e instanceof Expr.Concat c) {
            return join(c.parts(), " . ");
        }
        if (e instanceof Expr.Binary b) {
            return render(b.left()) + " " + b.op() + " " + render(b.right());
        }
        if (e instanceof Expr.FlagList f) {
            return join(f.items(), ",");
        }
        if (e instanceof Expr.SetLiteral s) {
            List<String> items = new ArrayList<>();
            for (Expr.SetItem i : s.items()) {
                items.add(item(i));
            }
            return "{ " + String.join(", ", items) + " }";
        }
        if (e instanceof Expr.SetRef r) {
            return "@" + r.name();
        }
        if (e instanceof Expr.Unsupported u) {
            return u.text();
        }
        throw new IllegalStateException("unhandled expression " + e);
    }

    static String item(Expr.SetItem i) {
        String k = render(i.key());
        if (i.verdict() != null) {
            return k + " : " + i.verdict().text();
        }
        if (i.data() != null) {
            return k + " : " + render(i.data());
        }
        return k;
    }

    /** A rule's statements in nft's text spelling (JSON rules have no text of their own). */
    static String statements(List<Stmt> statements) {
        List<String> out = new ArrayList<>();
        for (Stmt s : statements) {
            out.add(statement(s));
        }
        return String.join(" ", out);
    }

    static String statement(Stmt s) {
        if (s instanceof Stmt.Relation r) {
            // nft lists '==' without an operator too, except before a flag list, where it means something else.
            boolean bare = r.op().equals("implicit") || r.op().equals("==") && !(r.right() instanceof Expr.FlagList);
            return render(r.left()) + (bare ? "" : " " + r.op()) + " " + render(r.right());
        }
        if (s instanceof Stmt.Verdict v) {
            return v.text();
        }
        if (s instanceof Stmt.VerdictMap m) {
            return render(m.key()) + " vmap " + render(m.map());
        }
        if (s instanceof Stmt.Reject r) {
            return r.type() == null ? "reject" : r.type().equals("tcp") ? "reject with tcp reset"
                    : "reject with " + r.type() + " " + r.code();
        }
        if (s instanceof Stmt.Nat n) {
            StringBuilder sb = new StringBuilder(n.kind());
            if (n.family() != null) {
                sb.append(' ').append(n.family());
            }
            if (n.address() != null || n.port() != null) {
                sb.append(" to ");
                if (n.address() != null) {
                    String a = render(n.address());
                    // an IPv6 address before a port is bracketed, as nft writes it: [fd00::2]:8080
                    sb.append(a.indexOf(':') >= 0 && n.port() != null ? "[" + a + "]" : a);
                }
                if (n.port() != null) {
                    sb.append(':').append(render(n.port()));
                }
            }
            for (String f : n.flags()) {
                sb.append(' ').append(f);
            }
            return sb.toString();
        }
        if (s instanceof Stmt.Assign a) {
            return a.field().name() + " set " + render(a.value());
        }
        if (s instanceof Stmt.Counter c) {
            return "counter packets " + c.packets() + " bytes " + c.bytes();
        }
        if (s instanceof Stmt.Comment c) {
            return "comment \"" + c.text() + "\"";
        }
        if (s instanceof Stmt.Log l) {
            return l.arguments().isEmpty() ? "log" : "log " + String.join(" ", l.arguments());
        }
        if (s instanceof Stmt.Notrack) {
            return "notrack";
        }
        if (s instanceof Stmt.SetUpdate u) {
            return u.op() + " @" + u.set() + " { " + render(u.key()) + " }";
        }
        if (s instanceof Stmt.Limit l) {
            return "limit rate " + (l.over() ? "over " : "") + l.rate() + " burst " + l.burst() + " packets";
        }
        if (s instanceof Stmt.Unsupported u) {
            return u.text();
        }
        throw new IllegalStateException("unhandled statement " + s);
    }

    private static String join(List<Expr> parts, String sep) {
        List<String> out = new ArrayList<>();
        for (Expr p : parts) {
            out.add(render(p));
        }
        return String.join(sep, out);
    }
}
