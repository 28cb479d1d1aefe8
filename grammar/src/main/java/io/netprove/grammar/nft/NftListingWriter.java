package io.netprove.grammar.nft;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the state the inputs built ({@link NftState}) as {@code nft list ruleset} text that reads back into the same
 * state, and so lowers to the same tables: each table with its flags, sets and maps (type or typeof, flags, timeout,
 * elements) and chains (base chain registration with the numeric priority, policy, rules), every statement spelled
 * so that nft's parser (and {@link NftRuleParser}) reads back the same statement. A transaction ({@code nft -f}
 * input) is thus shown as the listing nft would print after applying it.
 *
 * <p>Not written, because the parsed form does not keep them: comments on tables, chains and sets, set sizes and
 * policies, element timeouts, comments and counters, rule handles, and the objects the reader skips with a warning
 * (flowtables, named counters and quotas, ...). A base chain declared with {@code devices = { ... }} is written
 * without its devices (the parsed form keeps only that there were some; no modelled hook uses them). A statement the
 * JSON reader kept as JSON because it is not modelled has no nft text: it is refused with an
 * {@link IllegalArgumentException}. A rule made of a comment alone is written after a zero counter
 * ({@code counter packets 0 bytes 0 comment "..."}): alone in a chain block, {@code comment "..."} is the chain's own
 * comment, to nft as to this reader; the zero counter lowers to the counters the rule already had.
 */
final class NftListingWriter {

    private final StringBuilder out = new StringBuilder();

    private NftListingWriter() {
    }

    static String write(NftState state) {
        NftListingWriter w = new NftListingWriter();
        for (NftState.TableDef t : state.tables.values()) {
            w.table(t);
        }
        return w.out.toString();
    }

    private void table(NftState.TableDef t) {
        out.append("table ").append(t.family).append(' ').append(name(t.name)).append(" {\n");
        if (t.dormant) {
            out.append("\tflags dormant\n");
        }
        for (NftState.SetDef s : t.sets.values()) {
            set(s);
        }
        for (NftState.ChainDef c : t.chains.values()) {
            chain(c);
        }
        out.append("}\n");
    }

    private void set(NftState.SetDef s) {
        out.append('\t').append(s.kind()).append(' ').append(name(s.name)).append(" {\n");
        out.append("\t\t").append(s.typeof ? "typeof " : "type ");
        for (int i = 0; i < s.keyTypes.size(); i++) {
            String k = s.keyTypes.get(i);
            if (k.startsWith("?")) {
                throw new IllegalArgumentException("set '" + s.name + "' has a typeof key that is not a field ("
                        + k.substring(1) + "): it has no nft text");
            }
            out.append(i == 0 ? "" : " . ").append(k);
        }
        if (s.dataType != null) {
            out.append(" : ").append(s.dataType.startsWith("typeof ") ? s.dataType.substring(7) : s.dataType);
        }
        out.append('\n');
        if (!s.flags.isEmpty()) {
            out.append("\t\tflags ").append(String.join(",", s.flags)).append('\n');
        }
        if (s.timeoutSeconds > 0) {
            out.append("\t\ttimeout ").append(s.timeoutSeconds).append("s\n");
        }
        if (!s.elements.isEmpty()) {
            List<String> items = new ArrayList<>();
            for (NftState.ElementDef e : s.elements) {
                items.add(item(e.key(), e.verdict(), e.data()));
            }
            out.append("\t\telements = { ").append(String.join(",\n\t\t\t     ", items)).append(" }\n");
        }
        out.append("\t}\n");
    }

    private void chain(NftState.ChainDef c) {
        out.append("\tchain ").append(name(c.name)).append(" {\n");
        if (c.base != null) {
            NftState.BaseSpec b = c.base;
            out.append("\t\ttype ").append(b.type()).append(" hook ").append(b.hook());
            if (b.device() != null && !b.device().equals("*")) {
                out.append(" device ").append(name(b.device()));
            }
            out.append(" priority ").append(b.priority()).append("; policy ").append(b.policy()).append(";\n");
        }
        for (NftState.RuleDef r : c.rules) {
            out.append("\t\t");
            if (r.statements().size() == 1 && r.statements().get(0) instanceof Stmt.Comment) {
                // alone in a chain block, 'comment "..."' is the chain's comment (to nft too)
                out.append("counter packets 0 bytes 0 ");
            }
            out.append(statements(r.statements())).append('\n');
        }
        out.append("\t}\n");
    }

    // ------------------------------------------------------------------------------------------------ statements

    static String statements(List<Stmt> statements) {
        List<String> parts = new ArrayList<>();
        for (Stmt s : statements) {
            parts.add(statement(s));
        }
        return String.join(" ", parts);
    }

    static String statement(Stmt s) {
        if (s instanceof Stmt.Relation r) {
            return relation(r);
        }
        if (s instanceof Stmt.Verdict v) {
            return verdict(v);
        }
        if (s instanceof Stmt.VerdictMap m) {
            return expr(m.key()) + " vmap " + expr(m.map());
        }
        if (s instanceof Stmt.Reject r) {
            if (r.type() == null) {
                return "reject";
            }
            return r.type().equals("tcp") ? "reject with tcp reset" : "reject with " + r.type() + " " + r.code();
        }
        if (s instanceof Stmt.Nat n) {
            return nat(n);
        }
        if (s instanceof Stmt.Assign a) {
            return a.field().name() + " set " + expr(a.value());
        }
        if (s instanceof Stmt.Counter c) {
            return "counter packets " + c.packets() + " bytes " + c.bytes();
        }
        if (s instanceof Stmt.Comment c) {
            return "comment " + quoted(c.text());
        }
        if (s instanceof Stmt.Log l) {
            return log(l);
        }
        if (s instanceof Stmt.Notrack) {
            return "notrack";
        }
        if (s instanceof Stmt.SetUpdate u) {
            return u.op() + " @" + name(u.set()) + " { " + expr(u.key()) + " }";
        }
        if (s instanceof Stmt.Limit l) {
            return "limit rate " + (l.over() ? "over " : "") + l.rate() + " burst " + l.burst() + " packets";
        }
        return unsupported(((Stmt.Unsupported) s).text());
    }

    /**
     * {@code left [op] right}; an implicit operator stays unwritten (for a bitmask that is a flag test, which
     * {@code ==} is not). A comparison under a mask of flags is written as nft lists it:
     * {@code tcp flags syn / fin,syn,rst,ack}; other masks as {@code meta mark & 0xff00 == 0x4000}.
     */
    private static String relation(Stmt.Relation r) {
        if (r.left() instanceof Expr.Binary b && b.op().equals("&") && r.op().equals("==")
                && b.right() instanceof Expr.FlagList && !(b.left() instanceof Expr.Binary)) {
            return expr(b.left()) + " " + expr(r.right()) + " / " + expr(b.right());
        }
        String op = r.op().equals("implicit") ? "" : r.op() + " ";
        return expr(r.left()) + " " + op + expr(r.right());
    }

    private static String verdict(Stmt.Verdict v) {
        return v.chain() == null ? v.kind() : v.kind() + " " + name(v.chain());
    }

    private static String nat(Stmt.Nat n) {
        StringBuilder sb = new StringBuilder(n.kind());
        if (n.family() != null) {
            sb.append(' ').append(n.family());
        }
        if (n.address() != null || n.port() != null) {
            sb.append(" to ");
            if (n.address() != null) {
                String a = expr(n.address());
                boolean v6 = a.indexOf(':') >= 0;
                if (v6 && n.port() != null) {
                    // [V6]:PORT, and a range [V6]-[V6]:PORT, as nft writes them
                    int dash = a.indexOf('-');
                    a = dash < 0 ? "[" + a + "]" : "[" + a.substring(0, dash) + "]-[" + a.substring(dash + 1) + "]";
                }
                sb.append(a);
            }
            if (n.port() != null) {
                sb.append(':').append(expr(n.port()));
            }
        }
        for (String f : n.flags()) {
            sb.append(' ').append(f);
        }
        return sb.toString();
    }

    private static String log(Stmt.Log l) {
        StringBuilder sb = new StringBuilder("log");
        List<String> args = l.arguments();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            String key = args.get(i);
            String value = args.get(i + 1);
            sb.append(' ').append(key).append(' ').append(key.equals("flags") || isWord(value) && !key.equals("prefix")
                    ? value : quoted(value));
        }
        return sb.toString();
    }

    private static String unsupported(String text) {
        String t = text.strip();
        if (t.startsWith("{") || t.startsWith("[")) {
            throw new IllegalArgumentException("'" + text + "' was read from JSON and is not modelled: it has no nft"
                    + " text");
        }
        return text;
    }

    // ----------------------------------------------------------------------------------------------- expressions

    static String expr(Expr e) {
        if (e instanceof Expr.Field f) {
            return f.name();
        }
        if (e instanceof Expr.Numgen n) {
            return "numgen " + n.mode() + " mod " + n.modulus() + (n.offset() != 0 ? " offset " + n.offset() : "");
        }
        if (e instanceof Expr.Literal l) {
            return l.quoted() || !isWord(l.text()) ? quoted(l.text()) : l.text();
        }
        if (e instanceof Expr.Prefix p) {
            return expr(p.address()) + "/" + p.length();
        }
        if (e instanceof Expr.Range r) {
            return expr(r.low()) + "-" + expr(r.high());
        }
        if (e instanceof Expr.Concat c) {
            return join(c.parts(), " . ");
        }
        if (e instanceof Expr.Binary b) {
            String right = b.right() instanceof Expr.Binary || b.right() instanceof Expr.FlagList
                    ? "(" + expr(b.right()) + ")" : expr(b.right());
            return expr(b.left()) + " " + b.op() + " " + right;
        }
        if (e instanceof Expr.FlagList f) {
            return join(f.items(), ",");
        }
        if (e instanceof Expr.SetLiteral s) {
            List<String> items = new ArrayList<>();
            for (Expr.SetItem i : s.items()) {
                items.add(item(i.key(), i.verdict(), i.data()));
            }
            return "{ " + String.join(", ", items) + " }";
        }
        if (e instanceof Expr.SetRef r) {
            return "@" + name(r.name());
        }
        return unsupported(((Expr.Unsupported) e).text());
    }

    private static String item(Expr key, Stmt.Verdict verdict, Expr data) {
        String k = expr(key);
        if (verdict != null) {
            return k + " : " + verdict(verdict);
        }
        return data != null ? k + " : " + expr(data) : k;
    }

    private static String join(List<Expr> parts, String separator) {
        List<String> out = new ArrayList<>();
        for (Expr p : parts) {
            out.add(expr(p));
        }
        return String.join(separator, out);
    }

    /** A table, chain or set name: as it is when it is one word, else quoted. */
    private static String name(String n) {
        return isWord(n) ? n : quoted(n);
    }

    /** True if the tokenizer reads {@code text} as one word. */
    private static boolean isWord(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            switch (text.charAt(i)) {
                case ' ', '\t', '\r', '\n', '{', '}', '(', ')', ';', ',', '"', '#', '\\' -> {
                    return false;
                }
                default -> {
                }
            }
        }
        return true;
    }

    /** In double quotes; the tokenizer reads {@code \"} as a quote and keeps other backslashes. */
    private static String quoted(String text) {
        if (text.indexOf('\n') >= 0 || text.endsWith("\\")) {
            throw new IllegalArgumentException("'" + text + "' spans lines or ends with a backslash: it has no nft"
                    + " string");
        }
        return '"' + text.replace("\"", "\\\"") + '"';
    }
}
