package io.netprove.grammar.nft;

import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the statements of one rule, and the element lists of sets and maps, from tokens into {@link Stmt} and
 * {@link Expr} trees. It recognises nft's grammar broadly (any payload, meta or ct field, any relational operator)
 * so that the lowering can say precisely what it does not model; only text that is not nft at all is an error.
 */
final class NftRuleParser {

    /** Protocols whose header fields nft names as {@code PROTO FIELD}. */
    static final Set<String> PAYLOAD_PROTOCOLS = Set.of("ip", "ip6", "tcp", "udp", "udplite", "sctp", "dccp", "th",
            "icmp", "icmpv6", "igmp", "ether", "vlan", "arp", "ah", "esp", "comp", "gre");

    /** Meta keys nft accepts without the {@code meta} keyword. */
    static final Set<String> BARE_META = Set.of("mark", "iif", "iifname", "iiftype", "oif", "oifname", "oiftype",
            "skuid", "skgid", "nftrace", "rtclassid", "ibrname", "obrname", "ibriport", "obriport", "pkttype", "cpu",
            "iifgroup", "oifgroup", "cgroup");

    private static final Set<String> OTHER_FIELD_STARTS = Set.of("meta", "ct", "fib", "numgen", "jhash", "symhash",
            "rt", "socket", "osf", "ipsec", "exthdr", "hbh", "frag", "dst", "mh", "srh");

    private static final Set<String> BINARY_OPS = Set.of("&", "|", "^", "<<", ">>", "and", "or", "xor", "lshift",
            "rshift");

    private static final Set<String> RELATIONAL_OPS = Set.of("==", "!=", "<", ">", "<=", ">=", "eq", "ne", "lt",
            "gt", "le", "ge");

    /** Words that begin a statement that is not a match; unknown text is skipped up to one of these. */
    private static final Set<String> RECOVERY_POINTS = Set.of("accept", "drop", "continue", "return", "jump", "goto",
            "reject", "counter", "comment", "log", "notrack", "dnat", "snat", "masquerade", "redirect");

    private static final Set<String> NAT_FLAGS = Set.of("random", "fully-random", "persistent");

    private final TokenCursor c;

    NftRuleParser(TokenCursor cursor) {
        this.c = cursor;
    }

    static boolean isFieldStart(String w) {
        return PAYLOAD_PROTOCOLS.contains(w) || BARE_META.contains(w) || OTHER_FIELD_STARTS.contains(w);
    }

    /** Every statement up to the end of the cursor. */
    List<Stmt> statements() {
        List<Stmt> out = new ArrayList<>();
        while (!c.atEnd()) {
            out.add(statement());
        }
        return out;
    }

    private Stmt statement() {
        NftToken t = c.peek();
        SourceLocation at = c.loc(t);
        if (t.kind() == NftToken.Kind.XT) {
            c.next();
            String name = t.text().substring(3);
            boolean target = !name.isEmpty() && Character.isUpperCase(name.charAt(0));
            return new Stmt.Unsupported("# " + t.text(), target, at);
        }
        if (t.kind() != NftToken.Kind.WORD) {
            throw c.expected("a statement");
        }
        String w = t.text();
        switch (w) {
            case "accept", "drop", "continue", "return" -> {
                c.next();
                return new Stmt.Verdict(w, null, at);
            }
            case "jump", "goto" -> {
                c.next();
                return new Stmt.Verdict(w, c.name("a chain name after '" + w + "'"), at);
            }
            case "reject" -> {
                return reject();
            }
            case "counter" -> {
                return counter();
            }
            case "comment" -> {
                c.next();
                return new Stmt.Comment(c.name("a quoted comment"), at);
            }
            case "log" -> {
                return log();
            }
            case "notrack" -> {
                c.next();
                return new Stmt.Notrack(at);
            }
            case "dnat", "snat", "masquerade", "redirect" -> {
                return nat();
            }
            case "limit" -> {
                return limit();
            }
            case "update", "add", "delete" -> {
                if (c.peek(1).kind() == NftToken.Kind.WORD && c.peek(1).text().startsWith("@")) {
                    return setUpdate();
                }
            }
            case "queue", "tproxy", "dup", "fwd", "synproxy", "flow", "quota", "xt", "meter", "set" -> {
                return unsupported(true);
            }
            default -> {
            }
        }
        if (isFieldStart(w)) {
            return fieldStatement();
        }
        return unsupported(false);
    }

    /** Skips an unmodelled statement: its words up to the next statement keyword (braces kept together). */
    private Stmt unsupported(boolean action) {
        int from = c.position();
        SourceLocation at = c.loc(c.peek());
        c.next();
        int depth = 0;
        while (!c.atEnd()) {
            NftToken t = c.peek();
            if (t.kind() == NftToken.Kind.LBRACE || t.kind() == NftToken.Kind.LPAREN) {
                depth++;
            } else if (t.kind() == NftToken.Kind.RBRACE || t.kind() == NftToken.Kind.RPAREN) {
                depth--;
            } else if (depth == 0 && t.kind() == NftToken.Kind.WORD && RECOVERY_POINTS.contains(t.text())) {
                break;
            }
            c.next();
        }
        return new Stmt.Unsupported(c.slice(from, c.position()), action, at);
    }

    private Stmt fieldStatement() {
        SourceLocation at = c.loc(c.peek());
        Expr left = keyExpression();
        if (c.peekWord("set")) {
            c.next();
            if (!(left instanceof Expr.Field f)) {
                throw c.error(c.peek(), "expected a field before 'set'");
            }
            return new Stmt.Assign(f, value(true), at);
        }
        if (c.peekWord("vmap")) {
            c.next();
            NftToken t = c.peek();
            if (t.kind() == NftToken.Kind.WORD && t.text().startsWith("@")) {
                c.next();
                return new Stmt.VerdictMap(left, new Expr.SetRef(t.text().substring(1), c.loc(t)), at);
            }
            if (t.kind() == NftToken.Kind.LBRACE) {
                return new Stmt.VerdictMap(left, setLiteral(), at);
            }
            throw c.expected("'@map' or '{ key : verdict, ... }' after 'vmap'");
        }
        if (c.peekWord("map")) {
            int from = c.position();
            c.next();
            value(false);
            return new Stmt.Unsupported("map lookup " + c.slice(from, c.position()), false, at);
        }
        String op = "implicit";
        if (c.peek().kind() == NftToken.Kind.WORD && RELATIONAL_OPS.contains(c.peek().text())) {
            op = normaliseOp(c.next().text());
        }
        if (c.atEnd()) {
            throw c.expected("a value to compare " + describe(left) + " with");
        }
        Expr right = value(false);
        if (c.peekWord("/")) {
            // 'tcp flags syn / fin,syn,rst,ack': the flags under the mask after '/' equal the value before it.
            SourceLocation slash = c.loc(c.next());
            Expr mask = value(false);
            return new Stmt.Relation(new Expr.Binary("&", left, mask, slash), op.equals("implicit") ? "==" : op,
                    right, at);
        }
        return new Stmt.Relation(left, op, right, at);
    }

    private static String describe(Expr e) {
        if (e instanceof Expr.Field f) {
            return "'" + f.name() + "'";
        }
        return "the key";
    }

    static String normaliseOp(String op) {
        return switch (op) {
            case "eq" -> "==";
            case "ne" -> "!=";
            case "lt" -> "<";
            case "gt" -> ">";
            case "le" -> "<=";
            case "ge" -> ">=";
            default -> op;
        };
    }

    static String normaliseBinary(String op) {
        return switch (op) {
            case "and" -> "&";
            case "or" -> "|";
            case "xor" -> "^";
            case "lshift" -> "<<";
            case "rshift" -> ">>";
            default -> op;
        };
    }

    /** {@code field [op value]* [. field ...]}: the left side of a relation, a vmap key or a set update key. */
    Expr keyExpression() {
        SourceLocation at = c.loc(c.peek());
        List<Expr> parts = new ArrayList<>();
        parts.add(fieldWithOps());
        while (c.peekWord(".")) {
            c.next();
            parts.add(fieldWithOps());
        }
        return parts.size() == 1 ? parts.get(0) : new Expr.Concat(parts, at);
    }

    private Expr fieldWithOps() {
        Expr e = field();
        while (c.peek().kind() == NftToken.Kind.WORD && BINARY_OPS.contains(c.peek().text())) {
            SourceLocation at = c.loc(c.peek());
            String op = normaliseBinary(c.next().text());
            e = new Expr.Binary(op, e, primary(false), at);
        }
        return e;
    }

    /** One field: {@code ip daddr}, {@code meta l4proto}, {@code mark}, {@code ct state}, {@code fib ...}, ... */
    Expr field() {
        NftToken t = c.peek();
        SourceLocation at = c.loc(t);
        if (t.kind() != NftToken.Kind.WORD || !isFieldStart(t.text())) {
            throw c.expected("a field such as 'ip daddr', 'meta l4proto' or 'ct state'");
        }
        String w = c.next().text();
        if (PAYLOAD_PROTOCOLS.contains(w)) {
            if (w.equals("tcp") && c.peekWord("option")) {
                int from = c.position() - 1;
                c.next();
                c.name("a TCP option name");
                if (c.peek().kind() == NftToken.Kind.WORD && !c.peek().text().startsWith("@")
                        && !RELATIONAL_OPS.contains(c.peek().text()) && !c.peekWord("set")) {
                    c.next();
                }
                return new Expr.Unsupported(c.slice(from, c.position()), at);
            }
            return new Expr.Field(w + " " + fieldWord("a header field after '" + w + "'"), at);
        }
        if (BARE_META.contains(w)) {
            return new Expr.Field("meta " + w, at);
        }
        switch (w) {
            case "meta" -> {
                return new Expr.Field("meta " + fieldWord("a meta key"), at);
            }
            case "ct" -> {
                return ctField(at);
            }
            case "fib" -> {
                return fibField(at);
            }
            case "numgen" -> {
                String mode = fieldWord("random or inc after 'numgen'");
                c.expectWord("mod");
                long mod = c.number("the modulus after 'mod'");
                long offset = 0;
                if (c.peekWord("offset")) {
                    c.next();
                    offset = c.number("a number after 'offset'");
                }
                return new Expr.Numgen(mode, mod, offset, at);
            }
            case "jhash", "symhash" -> {
                int from = c.position() - 1;
                if (w.equals("jhash")) {
                    keyExpression();
                }
                while (c.peek().kind() == NftToken.Kind.WORD
                        && (c.peekWord("mod") || c.peekWord("seed") || c.peekWord("offset"))) {
                    c.next();
                    c.number("a number");
                }
                return new Expr.Unsupported(c.slice(from, c.position()), at);
            }
            default -> {
                // rt, socket, osf, ipsec and extension headers: NAME [words] up to an operator or value.
                int from = c.position() - 1;
                while (c.peek().kind() == NftToken.Kind.WORD && !RELATIONAL_OPS.contains(c.peek().text())
                        && !c.peekWord("set") && !c.peekWord("vmap") && isWordLike(c.peek().text())) {
                    c.next();
                }
                return new Expr.Unsupported(c.slice(from, c.position()), at);
            }
        }
    }

    /** Lower-case keyword-like words (field names of unmodelled expressions). */
    private static boolean isWordLike(String w) {
        return !w.isEmpty() && Character.isLetter(w.charAt(0)) && w.chars()
                .allMatch(ch -> (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_');
    }

    private String fieldWord(String what) {
        NftToken t = c.peek();
        if (t.kind() != NftToken.Kind.WORD || !isWordLike(t.text())) {
            throw c.expected(what);
        }
        return c.next().text();
    }

    private Expr ctField(SourceLocation at) {
        StringBuilder name = new StringBuilder("ct");
        if (c.peekWord("original") || c.peekWord("reply")) {
            name.append(' ').append(c.next().text());
        }
        if (c.peekWord("ip") || c.peekWord("ip6")) {
            name.append(' ').append(c.next().text());
        }
        name.append(' ').append(fieldWord("a conntrack key after 'ct'"));
        return new Expr.Field(name.toString(), at);
    }

    private Expr fibField(SourceLocation at) {
        StringBuilder name = new StringBuilder("fib ");
        name.append(fibFlag());
        while (c.peekWord(".")) {
            c.next();
            name.append(" . ").append(fibFlag());
        }
        NftToken r = c.peek();
        if (!(r.is("type") || r.is("oif") || r.is("oifname"))) {
            throw c.expected("type, oif or oifname after the fib keys");
        }
        name.append(' ').append(c.next().text());
        return new Expr.Field(name.toString(), at);
    }

    private String fibFlag() {
        NftToken t = c.peek();
        if (t.is("saddr") || t.is("daddr") || t.is("mark") || t.is("iif") || t.is("oif")) {
            return c.next().text();
        }
        throw c.expected("saddr, daddr, mark, iif or oif after 'fib'");
    }

    /**
     * A value: a constant, a flag list {@code a,b}, a concatenation {@code a . b}, an anonymous set, a set
     * reference, or (with {@code fields}) an expression over fields such as {@code mark or 0x4000}.
     */
    Expr value(boolean fields) {
        SourceLocation at = c.loc(c.peek());
        Expr v = term(fields);
        if (c.peekKind(NftToken.Kind.COMMA) && v instanceof Expr.Literal) {
            List<Expr> items = new ArrayList<>();
            items.add(v);
            while (c.peekKind(NftToken.Kind.COMMA)) {
                c.next();
                items.add(term(false));
            }
            return new Expr.FlagList(items, at);
        }
        if (c.peekWord(".")) {
            List<Expr> parts = new ArrayList<>();
            parts.add(v);
            while (c.peekWord(".")) {
                c.next();
                parts.add(term(fields));
            }
            return new Expr.Concat(parts, at);
        }
        return v;
    }

    private Expr term(boolean fields) {
        Expr e = primary(fields);
        while (c.peek().kind() == NftToken.Kind.WORD && BINARY_OPS.contains(c.peek().text())) {
            SourceLocation at = c.loc(c.peek());
            String op = normaliseBinary(c.next().text());
            e = new Expr.Binary(op, e, primary(fields), at);
        }
        return e;
    }

    private Expr primary(boolean fields) {
        NftToken t = c.peek();
        SourceLocation at = c.loc(t);
        switch (t.kind()) {
            case LBRACE -> {
                return setLiteral();
            }
            case LPAREN -> {
                c.next();
                Expr e = value(fields);
                c.expect(NftToken.Kind.RPAREN, "')'");
                return e;
            }
            case STRING -> {
                c.next();
                return new Expr.Literal(t.text(), true, at);
            }
            case WORD -> {
                if (t.text().startsWith("@")) {
                    c.next();
                    return new Expr.SetRef(t.text().substring(1), at);
                }
                if (t.text().startsWith("$")) {
                    c.next();
                    return new Expr.Unsupported(t.text(), at);
                }
                if (fields && isFieldStart(t.text())) {
                    return field();
                }
                c.next();
                return new Expr.Literal(t.text(), false, at);
            }
            default -> throw c.expected("a value");
        }
    }

    /** {@code { item, item, ... }}; items are {@code key [options] [: verdict|data]}; newlines are blanks here. */
    Expr.SetLiteral setLiteral() {
        NftToken open = c.expect(NftToken.Kind.LBRACE, "'{'");
        List<Expr.SetItem> items = new ArrayList<>();
        c.skipNewlines();
        while (!c.peekKind(NftToken.Kind.RBRACE)) {
            if (c.atEnd()) {
                throw c.error(c.peek(), "expected '}' to close the set opened at line " + open.line()
                        + " column " + open.column() + ", found end of input");
            }
            items.add(element());
            c.skipNewlines();
            if (c.peekKind(NftToken.Kind.COMMA)) {
                c.next();
                c.skipNewlines();
            } else if (!c.peekKind(NftToken.Kind.RBRACE)) {
                throw c.expected("',' or '}' in the element list");
            }
        }
        c.next();
        return new Expr.SetLiteral(items, c.loc(open));
    }

    /** One element: a key of constants joined by '.', options (timeout, expires, comment, counter), data. */
    private Expr.SetItem element() {
        SourceLocation at = c.loc(c.peek());
        List<Expr> parts = new ArrayList<>();
        parts.add(elementValue());
        while (c.peekWord(".")) {
            c.next();
            parts.add(elementValue());
        }
        Expr key = parts.size() == 1 ? parts.get(0) : new Expr.Concat(parts, at);
        while (true) {
            if (c.peekWord("timeout") || c.peekWord("expires")) {
                c.next();
                c.name("a duration");
            } else if (c.peekWord("comment")) {
                c.next();
                c.name("a quoted comment");
            } else if (c.peekWord("counter")) {
                counter();
            } else {
                break;
            }
        }
        if (!c.peekWord(":")) {
            return new Expr.SetItem(key, null, null, at);
        }
        c.next();
        NftToken t = c.peek();
        SourceLocation vat = c.loc(t);
        if (t.is("accept") || t.is("drop") || t.is("continue") || t.is("return")) {
            c.next();
            return new Expr.SetItem(key, new Stmt.Verdict(t.text(), null, vat), null, at);
        }
        if (t.is("jump") || t.is("goto")) {
            c.next();
            return new Expr.SetItem(key, new Stmt.Verdict(t.text(), c.name("a chain name"), vat), null, at);
        }
        if (t.is("queue")) {
            c.next();
            return new Expr.SetItem(key, new Stmt.Verdict("queue", null, vat), null, at);
        }
        return new Expr.SetItem(key, null, value(false), at);
    }

    private Expr elementValue() {
        NftToken t = c.peek();
        SourceLocation at = c.loc(t);
        if (t.kind() == NftToken.Kind.WORD && !t.text().equals(".") && !t.text().equals(":")) {
            c.next();
            return new Expr.Literal(t.text(), false, at);
        }
        if (t.kind() == NftToken.Kind.STRING) {
            c.next();
            return new Expr.Literal(t.text(), true, at);
        }
        throw c.expected("an element value");
    }

    private Stmt reject() {
        SourceLocation at = c.loc(c.next());
        if (!c.peekWord("with")) {
            return new Stmt.Reject(null, null, at);
        }
        c.next();
        NftToken t = c.peek();
        if (t.is("tcp")) {
            c.next();
            c.expectWord("reset");
            return new Stmt.Reject("tcp", "reset", at);
        }
        if (t.is("icmp") || t.is("icmpv6") || t.is("icmp6") || t.is("icmpx")) {
            c.next();
            if (c.peekWord("type")) {
                c.next();
            }
            String code = c.name("an ICMP code name such as port-unreachable");
            return new Stmt.Reject(t.text().equals("icmp6") ? "icmpv6" : t.text(), code, at);
        }
        throw c.expected("icmp, icmpv6, icmpx or tcp reset after 'reject with'");
    }

    private Stmt counter() {
        SourceLocation at = c.loc(c.next());
        long packets = 0;
        long bytes = 0;
        if (c.peekWord("name")) {
            c.next();
            c.name("a counter name");
            return new Stmt.Counter(0, 0, at);
        }
        if (c.peekWord("packets")) {
            c.next();
            packets = c.number("a packet count");
        }
        if (c.peekWord("bytes")) {
            c.next();
            bytes = c.number("a byte count");
        }
        return new Stmt.Counter(packets, bytes, at);
    }

    private Stmt log() {
        SourceLocation at = c.loc(c.next());
        List<String> args = new ArrayList<>();
        boolean group = false;
        while (true) {
            NftToken t = c.peek();
            if (t.is("prefix") || t.is("level") || t.is("group") || t.is("snaplen") || t.is("queue-threshold")) {
                c.next();
                group |= t.is("group");
                args.add(t.text());
                args.add(c.name("a value after '" + t.text() + "'"));
            } else if (t.is("flags")) {
                c.next();
                args.add("flags");
                StringBuilder sb = new StringBuilder(c.name("log flags"));
                while (c.peekKind(NftToken.Kind.COMMA) || c.peekWord("sequence") || c.peekWord("options")) {
                    if (c.peekKind(NftToken.Kind.COMMA)) {
                        c.next();
                        sb.append(',');
                    } else {
                        sb.append(' ');
                    }
                    sb.append(c.name("a log flag"));
                }
                args.add(sb.toString());
            } else {
                break;
            }
        }
        return new Stmt.Log(args, group, at);
    }

    private Stmt nat() {
        int from = c.position();
        NftToken kw = c.next();
        SourceLocation at = c.loc(kw);
        String kind = kw.text();
        String family = null;
        if (c.peekWord("ip") || c.peekWord("ip6")) {
            family = c.next().text();
        }
        Expr address = null;
        Expr port = null;
        if (c.peekWord("prefix")) {
            return skipToRecoveryPoint(from, at);
        }
        if (c.peekWord("to")) {
            c.next();
            NftToken t = c.peek();
            if (t.kind() != NftToken.Kind.WORD) {
                throw c.expected("an address or ':port' after 'to'");
            }
            if (isFieldStart(t.text())) {
                keyExpression();
                if (c.peekWord("map")) {
                    c.next();
                    value(false);
                }
                return new Stmt.Unsupported(c.slice(from, c.position()), true, at);
            }
            c.next();
            Expr[] split = splitAddressPort(t.text(), c.loc(t));
            address = split[0];
            port = split[1];
        }
        List<String> flags = new ArrayList<>();
        while (c.peek().kind() == NftToken.Kind.WORD && NAT_FLAGS.contains(c.peek().text())) {
            flags.add(c.next().text());
            if (c.peekKind(NftToken.Kind.COMMA)) {
                c.next();
                if (!(c.peek().kind() == NftToken.Kind.WORD && NAT_FLAGS.contains(c.peek().text()))) {
                    throw c.expected("random, fully-random or persistent");
                }
            }
        }
        return new Stmt.Nat(kind, family, address, port, flags, at);
    }

    private Stmt skipToRecoveryPoint(int from, SourceLocation at) {
        while (!c.atEnd()) {
            NftToken t = c.peek();
            if (t.kind() == NftToken.Kind.WORD && RECOVERY_POINTS.contains(t.text())) {
                break;
            }
            c.next();
        }
        return new Stmt.Unsupported(c.slice(from, c.position()), true, at);
    }

    /**
     * Splits a NAT target word: {@code A}, {@code A:P}, {@code A-B:P-Q}, {@code [V6]:P}, {@code V6} or {@code :P};
     * ranges stay literals ({@code A-B}) for the lowering to read.
     */
    static Expr[] splitAddressPort(String w, SourceLocation at) {
        String addr;
        String port = null;
        if (w.startsWith("[")) {
            int close = w.indexOf(']');
            if (close < 0) {
                addr = w.substring(1);
            } else {
                addr = w.substring(1, close);
                String rest = w.substring(close + 1);
                if (rest.startsWith(":")) {
                    port = rest.substring(1);
                } else if (rest.startsWith("-[")) {
                    int close2 = rest.indexOf(']');
                    addr = addr + "-" + rest.substring(2, close2 < 0 ? rest.length() : close2);
                    String rest2 = close2 < 0 ? "" : rest.substring(close2 + 1);
                    if (rest2.startsWith(":")) {
                        port = rest2.substring(1);
                    }
                }
            }
        } else {
            long colons = w.chars().filter(ch -> ch == ':').count();
            if (colons == 1) {
                int i = w.indexOf(':');
                addr = w.substring(0, i);
                port = w.substring(i + 1);
            } else {
                addr = w;
            }
        }
        Expr a = addr.isEmpty() ? null : new Expr.Literal(addr, false, at);
        Expr p = port == null || port.isEmpty() ? null : new Expr.Literal(port, false, at);
        return new Expr[] {a, p};
    }

    private Stmt limit() {
        SourceLocation at = c.loc(c.next());
        c.expectWord("rate");
        boolean over = false;
        if (c.peekWord("over")) {
            c.next();
            over = true;
        }
        StringBuilder rate = new StringBuilder(c.name("a rate such as 10/second"));
        if (c.peek().kind() == NftToken.Kind.WORD && c.peek().text().contains("/")) {
            rate.append(' ').append(c.next().text());
        }
        int burst = 5;
        if (c.peekWord("burst")) {
            c.next();
            burst = (int) Math.min(Integer.MAX_VALUE, c.number("a burst size"));
            if (c.peekWord("packets") || c.peekWord("bytes") || c.peekWord("kbytes") || c.peekWord("mbytes")) {
                c.next();
            }
        }
        return new Stmt.Limit(rate.toString(), burst, over, at);
    }

    private Stmt setUpdate() {
        NftToken op = c.next();
        SourceLocation at = c.loc(op);
        String set = c.next().text().substring(1);
        c.expect(NftToken.Kind.LBRACE, "'{' and the key to store");
        c.skipNewlines();
        Expr key = keyExpression();
        while (c.peekWord("timeout") || c.peekWord("expires") || c.peekWord("counter")) {
            if (c.next().is("counter")) {
                continue;
            }
            c.name("a duration");
        }
        c.skipNewlines();
        c.expect(NftToken.Kind.RBRACE, "'}' after the key");
        return new Stmt.SetUpdate(op.text(), set, key, at);
    }
}
