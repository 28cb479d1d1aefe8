package io.netprove.grammar.nft;

import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads nft's script language into an {@link NftState}: the block form {@code nft list ruleset} prints
 * ({@code table ip t { chain c { type ...; rules } set s { ... } }}) and the command form kube-proxy feeds to
 * {@code nft -f} ({@code add table|chain|rule|set|map|element ...}, {@code insert}, {@code replace},
 * {@code delete}/{@code destroy}, {@code flush}), mixed freely, one command per line or separated by {@code ;}.
 *
 * <p>Objects nft has but netprove does not model (flowtables, named counters and quotas, ct helpers/timeouts,
 * synproxy and secmark objects) are skipped with a warning: declaring them changes no packet's fate; a rule that
 * uses them is kept as unknown by the lowering. {@code list}, {@code reset} and similar commands change nothing and
 * are skipped with a note. {@code include} and variables cannot be followed and are errors.
 */
final class NftScriptReader {

    private static final Set<String> UNMODELLED_OBJECTS = Set.of("flowtable", "counter", "quota", "ct", "limit",
            "secmark", "synproxy", "tunnel");

    private final TokenCursor c;
    private final NftState state;
    private final List<Diagnostic> diagnostics;
    /** True for a complete listing: its table blocks replace what earlier inputs said about the same tables. */
    private final boolean snapshot;
    private final Set<String> replaced = new HashSet<>();

    NftScriptReader(String file, String text, NftState state, List<Diagnostic> diagnostics, boolean snapshot) {
        this.c = new TokenCursor(file, text, new NftTokenizer(file, text).tokens());
        this.state = state;
        this.diagnostics = diagnostics;
        this.snapshot = snapshot;
    }

    void read() {
        while (true) {
            skipSeparators();
            if (c.atEnd()) {
                return;
            }
            command();
            endOfCommand();
        }
    }

    private void skipSeparators() {
        while (c.peekKind(NftToken.Kind.NEWLINE) || c.peekKind(NftToken.Kind.SEMI)
                || c.peekKind(NftToken.Kind.HANDLE)) {
            c.next();
        }
    }

    private void endOfCommand() {
        if (c.peekKind(NftToken.Kind.HANDLE)) {
            c.next();
        }
        if (!c.peek().isSeparator()) {
            throw c.expected("the end of the command (a new line or ';')");
        }
    }

    private void command() {
        NftToken t = c.peek();
        if (t.kind() != NftToken.Kind.WORD) {
            throw c.expected("a command such as 'table', 'add', 'insert', 'delete' or 'flush'");
        }
        switch (t.text()) {
            case "table" -> {
                c.next();
                table(false, t);
            }
            case "chain", "set", "map", "element", "rule" -> add(false);
            case "add" -> {
                c.next();
                add(false);
            }
            case "create" -> {
                c.next();
                add(true);
            }
            case "insert", "replace" -> {
                c.next();
                c.expectWord("rule");
                rule(t.text(), c.loc(t));
            }
            case "delete", "destroy" -> {
                c.next();
                delete(t.text().equals("delete"), c.loc(t));
            }
            case "flush" -> {
                c.next();
                flush(c.loc(t));
            }
            case "rename" -> {
                c.next();
                rename(c.loc(t));
            }
            case "list", "reset", "monitor", "describe", "export", "import" -> {
                diagnostics.add(Diagnostic.note(c.loc(t), "'" + t.text() + "' does not change the ruleset; skipped"));
                skipCommand();
            }
            case "define", "redefine", "undefine" -> {
                diagnostics.add(Diagnostic.warning(c.loc(t), "variable definitions are not modelled; rules that "
                        + "use the variable are kept as unknown"));
                skipCommand();
            }
            case "include" -> throw c.error(t, "include cannot be followed: expected the included file's content "
                    + "(pass it as another input)");
            default -> throw c.expected("a command such as 'table', 'add', 'insert', 'delete' or 'flush'");
        }
    }

    /** Skips to the end of the command, keeping braces together. */
    private void skipCommand() {
        int depth = 0;
        while (!c.atEnd()) {
            NftToken t = c.peek();
            if (depth == 0 && (t.kind() == NftToken.Kind.NEWLINE || t.kind() == NftToken.Kind.SEMI)) {
                return;
            }
            if (t.kind() == NftToken.Kind.LBRACE) {
                depth++;
            } else if (t.kind() == NftToken.Kind.RBRACE) {
                if (depth == 0) {
                    return;
                }
                depth--;
            }
            c.next();
        }
    }

    private void add(boolean create) {
        NftToken kind = c.peek();
        SourceLocation at = c.loc(kind);
        String what = c.name("table, chain, rule, set, map or element");
        switch (what) {
            case "table" -> table(create, kind);
            case "chain" -> {
                String[] ft = familyTable();
                NftState.TableDef t = state.tableForUse(ft[0], ft[1], at);
                NftState.ChainDef ch = state.addChain(t, c.name("a chain name"), at, create);
                if (c.peekKind(NftToken.Kind.LBRACE)) {
                    chainBody(t, ch);
                }
            }
            case "rule" -> rule("add", at);
            case "set", "map" -> {
                String[] ft = familyTable();
                NftState.TableDef t = state.tableForUse(ft[0], ft[1], at);
                NftState.SetDef s = state.addSet(t, c.name("a " + what + " name"), what.equals("map"), at, create);
                if (c.peekKind(NftToken.Kind.LBRACE)) {
                    setBody(t, s);
                }
            }
            case "element" -> {
                String[] ft = familyTable();
                NftState.TableDef t = state.tableForUse(ft[0], ft[1], at);
                NftState.SetDef s = NftState.setForUse(t, c.name("a set name"), at);
                for (Expr.SetItem item : new NftRuleParser(c).setLiteral().items()) {
                    s.elements.add(new NftState.ElementDef(item.key(), item.verdict(), item.data(), item.at()));
                }
            }
            default -> {
                if (UNMODELLED_OBJECTS.contains(what)) {
                    unmodelledObject(what, at);
                } else {
                    throw c.error(kind, "unknown object '" + what + "': expected table, chain, rule, set, map or "
                            + "element");
                }
            }
        }
    }

    private void unmodelledObject(String what, SourceLocation at) {
        int from = c.position();
        skipCommand();
        diagnostics.add(Diagnostic.warning(at, what + " objects are not modelled (" + what + " "
                + c.slice(from, c.position()) + "); skipped"));
    }

    /** {@code [family] table}: the family defaults to ip, as in nft. */
    private String[] familyTable() {
        String family = "ip";
        if (c.peek().kind() == NftToken.Kind.WORD && NftState.FAMILIES.contains(c.peek().text())
                && (c.peek(1).kind() == NftToken.Kind.WORD || c.peek(1).kind() == NftToken.Kind.STRING)) {
            family = c.next().text();
        }
        return new String[] {family, c.name("a table name")};
    }

    private void table(boolean create, NftToken keyword) {
        SourceLocation at = c.loc(keyword);
        String[] ft = familyTable();
        boolean existed = state.tables.containsKey(ft[0] + " " + ft[1]);
        NftState.TableDef t = state.addTable(ft[0], ft[1], at, create);
        if (!c.peekKind(NftToken.Kind.LBRACE)) {
            return;
        }
        if (snapshot && existed && replaced.add(t.key())) {
            NftState.clearTable(t);
            t.declared = at;
            diagnostics.add(Diagnostic.note(at, "table " + t.key() + " is listed again: this listing replaces "
                    + "what earlier inputs said about it"));
        }
        replaced.add(t.key());
        NftToken open = c.next();
        while (true) {
            skipSeparators();
            NftToken k = c.peek();
            if (k.kind() == NftToken.Kind.RBRACE) {
                c.next();
                return;
            }
            if (k.kind() == NftToken.Kind.EOF) {
                throw unclosed("table " + t.key(), open);
            }
            SourceLocation kat = c.loc(k);
            String w = c.name("chain, set, map, flags or comment");
            switch (w) {
                case "chain" -> {
                    NftState.ChainDef ch = state.addChain(t, c.name("a chain name"), kat, false);
                    if (c.peekKind(NftToken.Kind.LBRACE)) {
                        chainBody(t, ch);
                    }
                }
                case "set", "map" -> {
                    NftState.SetDef s = state.addSet(t, c.name("a " + w + " name"), w.equals("map"), kat, false);
                    setBody(t, s);
                }
                case "comment" -> c.name("a quoted comment");
                case "flags" -> {
                    for (String f : words()) {
                        if (f.equals("dormant")) {
                            t.dormant = true;
                        } else if (!f.equals("owner") && !f.equals("persist")) {
                            diagnostics.add(Diagnostic.warning(kat, "table flag '" + f + "' is not modelled"));
                        }
                    }
                }
                default -> {
                    if (UNMODELLED_OBJECTS.contains(w)) {
                        unmodelledObject(w, kat);
                    } else {
                        throw c.error(k, "unknown table item '" + w + "': expected chain, set, map, flags or "
                                + "comment");
                    }
                }
            }
            if (!c.peekKind(NftToken.Kind.RBRACE)) {
                endOfCommand();
            }
        }
    }

    /** {@code w[,w]*}. */
    private List<String> words() {
        List<String> out = new ArrayList<>();
        out.add(c.name("a word"));
        while (c.peekKind(NftToken.Kind.COMMA)) {
            c.next();
            out.add(c.name("a word after ','"));
        }
        return out;
    }

    private InputError unclosed(String what, NftToken open) {
        return c.error(c.peek(), "input ends inside " + what + ": expected '}' to close the '{' at line "
                + open.line() + " column " + open.column());
    }

    private void chainBody(NftState.TableDef t, NftState.ChainDef ch) {
        NftToken open = c.next();
        String policy = null;
        while (true) {
            skipSeparators();
            NftToken k = c.peek();
            if (k.kind() == NftToken.Kind.RBRACE) {
                c.next();
                break;
            }
            if (k.kind() == NftToken.Kind.EOF) {
                throw unclosed("chain '" + ch.name + "'", open);
            }
            if (k.is("type")) {
                ch.base = baseSpec(t, ch);
            } else if (k.is("policy")) {
                c.next();
                NftToken p = c.peek();
                if (!(p.is("accept") || p.is("drop"))) {
                    throw c.expected("accept or drop after 'policy'");
                }
                policy = c.next().text();
            } else if (k.is("comment") && c.peek(1).kind() == NftToken.Kind.STRING
                    && (c.peek(2).isSeparator() || c.peek(2).kind() == NftToken.Kind.RBRACE)) {
                c.next();
                c.next();
            } else if (k.is("devices") || k.is("flags")) {
                int from = c.position();
                c.next();
                skipCommand();
                diagnostics.add(Diagnostic.note(c.loc(k), "chain option '" + c.slice(from, c.position())
                        + "' does not affect IP forwarding; skipped"));
            } else {
                ch.rules.add(ruleDef(true));
            }
            if (!c.peekKind(NftToken.Kind.RBRACE)) {
                endOfCommand();
            }
        }
        if (policy != null) {
            if (ch.base == null) {
                throw c.error(open, "chain '" + ch.name + "' has a policy but no 'type ... hook ... priority': "
                        + "expected a base chain declaration");
            }
            NftState.BaseSpec b = ch.base;
            ch.base = new NftState.BaseSpec(b.type(), b.hook(), b.priority(), policy, b.device(), b.at());
        }
    }

    private NftState.BaseSpec baseSpec(NftState.TableDef t, NftState.ChainDef ch) {
        SourceLocation at = c.loc(c.next());
        String type = c.name("filter, nat or route after 'type'");
        if (!type.equals("filter") && !type.equals("nat") && !type.equals("route")) {
            throw c.error(c.token(c.position() - 1), "unknown chain type '" + type
                    + "': expected filter, nat or route");
        }
        c.expectWord("hook");
        String hook = c.name("a hook name");
        String device = null;
        if (c.peekWord("device")) {
            c.next();
            device = c.name("a device name");
        } else if (c.peekWord("devices")) {
            c.next();
            c.expectWord("=");
            new NftRuleParser(c).setLiteral();
            device = "*";
        }
        c.expectWord("priority");
        NftToken first = c.peek();
        StringBuilder prio = new StringBuilder();
        while (c.peek().kind() == NftToken.Kind.WORD) {
            if (prio.length() > 0) {
                prio.append(' ');
            }
            prio.append(c.next().text());
        }
        if (prio.length() == 0) {
            throw c.expected("a priority (a number or a name such as filter or dstnat)");
        }
        int priority = NftPriorities.resolve(t.family, hook, prio.toString(), c.loc(first));
        String policy = ch.base != null ? ch.base.policy() : "accept";
        return new NftState.BaseSpec(type, hook, priority, policy, device, at);
    }

    private void setBody(NftState.TableDef t, NftState.SetDef s) {
        NftToken open = c.expect(NftToken.Kind.LBRACE, "'{' and the " + s.kind() + "'s type");
        while (true) {
            skipSeparators();
            NftToken k = c.peek();
            if (k.kind() == NftToken.Kind.RBRACE) {
                c.next();
                break;
            }
            if (k.kind() == NftToken.Kind.EOF) {
                throw unclosed(s.kind() + " '" + s.name + "'", open);
            }
            SourceLocation kat = c.loc(k);
            String w = c.name("type, typeof, flags, elements or another " + s.kind() + " property");
            switch (w) {
                case "type" -> setType(s);
                case "typeof" -> setTypeof(s);
                case "flags" -> {
                    s.flags.clear();
                    s.flags.addAll(words());
                }
                case "timeout" -> s.timeoutSeconds = NftValues.durationSeconds(c.name("a duration"), kat);
                case "gc-interval", "policy", "size" -> c.name("a value after '" + w + "'");
                case "comment" -> c.name("a quoted comment");
                case "auto-merge", "counter" -> {
                }
                case "elements" -> {
                    c.expectWord("=");
                    for (Expr.SetItem item : new NftRuleParser(c).setLiteral().items()) {
                        s.elements.add(new NftState.ElementDef(item.key(), item.verdict(), item.data(), item.at()));
                    }
                }
                default -> {
                    int from = c.position() - 1;
                    skipCommand();
                    diagnostics.add(Diagnostic.warning(kat, s.kind() + " property '" + c.slice(from, c.position())
                            + "' is not modelled; skipped"));
                }
            }
            if (!c.peekKind(NftToken.Kind.RBRACE)) {
                endOfCommand();
            }
        }
        if (s.keyTypes.isEmpty()) {
            throw c.error(open, s.kind() + " '" + s.name + "' has no type: expected 'type' or 'typeof'");
        }
    }

    private void setType(NftState.SetDef s) {
        s.keyTypes.clear();
        s.typeof = false;
        s.keyTypes.add(c.name("a data type such as ipv4_addr"));
        while (c.peekWord(".")) {
            c.next();
            s.keyTypes.add(c.name("a data type after '.'"));
        }
        if (c.peekWord(":")) {
            c.next();
            StringBuilder data = new StringBuilder(c.name("the map's data type"));
            while (c.peekWord(".")) {
                c.next();
                data.append(" . ").append(c.name("a data type after '.'"));
            }
            s.dataType = data.toString();
        }
        if (s.map && s.dataType == null) {
            throw c.expected("':' and the map's data type (for example ': verdict')");
        }
    }

    private void setTypeof(NftState.SetDef s) {
        s.keyTypes.clear();
        s.typeof = true;
        NftRuleParser p = new NftRuleParser(c);
        Expr key = p.keyExpression();
        List<Expr> parts = key instanceof Expr.Concat cc ? cc.parts() : List.of(key);
        for (Expr e : parts) {
            s.keyTypes.add(e instanceof Expr.Field f ? f.name() : "?" + e);
        }
        if (c.peekWord(":")) {
            c.next();
            if (c.peekWord("verdict")) {
                c.next();
                s.dataType = "verdict";
            } else {
                int from = c.position();
                p.keyExpression();
                s.dataType = "typeof " + c.slice(from, c.position());
            }
        }
    }

    /** A rule's tokens up to the end of the line (or ';', or the chain's '}'), with a trailing handle. */
    private NftState.RuleDef ruleDef(boolean inBlock) {
        int from = c.position();
        List<NftToken> tokens = new ArrayList<>();
        long handle = 0;
        int depth = 0;
        NftToken open = null;
        while (true) {
            NftToken t = c.peek();
            if (t.kind() == NftToken.Kind.EOF) {
                if (depth > 0) {
                    throw unclosed("the set", open);
                }
                break;
            }
            if (depth == 0 && (t.kind() == NftToken.Kind.NEWLINE || t.kind() == NftToken.Kind.SEMI
                    || (inBlock && t.kind() == NftToken.Kind.RBRACE))) {
                break;
            }
            c.next();
            switch (t.kind()) {
                case LBRACE, LPAREN -> {
                    if (depth == 0) {
                        open = t;
                    }
                    depth++;
                    tokens.add(t);
                }
                case RBRACE, RPAREN -> {
                    depth--;
                    tokens.add(t);
                }
                case NEWLINE -> {
                }
                case HANDLE -> handle = Long.parseLong(t.text());
                default -> tokens.add(t);
            }
        }
        if (tokens.isEmpty()) {
            throw c.error(c.peek(), "expected a rule (statements such as 'ip daddr 10.0.0.1 accept'), found "
                    + c.peek().describe());
        }
        NftToken last = tokens.get(tokens.size() - 1);
        tokens.add(new NftToken(NftToken.Kind.EOF, "", last.line(), last.column() + (last.end() - last.start()),
                last.end(), last.end()));
        TokenCursor sub = new TokenCursor(c.file, c.text, tokens);
        List<Stmt> statements = new NftRuleParser(sub).statements();
        NftToken first = tokens.get(0);
        String text = c.text.substring(first.start(), last.end());
        return new NftState.RuleDef(statements, c.loc(c.token(from)), text, handle);
    }

    /** {@code add|insert|replace rule [family] table chain [position|index|handle N] statements}. */
    private void rule(String mode, SourceLocation at) {
        String[] ft = familyTable();
        NftState.TableDef t = state.tableForUse(ft[0], ft[1], at);
        String chainName = c.name("a chain name");
        NftState.ChainDef ch = NftState.chainForUse(t, chainName, at);
        String where = null;
        long n = 0;
        if (c.peekWord("position") || c.peekWord("index") || c.peekWord("handle")) {
            where = c.next().text();
            n = c.number("a number after '" + where + "'");
        }
        if (mode.equals("replace") && !"handle".equals(where)) {
            throw c.expected("'handle N' naming the rule to replace");
        }
        NftState.RuleDef r = ruleDef(false);
        int index;
        if (where == null) {
            index = mode.equals("insert") ? 0 : ch.rules.size();
        } else if (where.equals("index")) {
            if (n > ch.rules.size()) {
                throw c.error(c.token(c.position() - 1), "index " + n + " is past the end of chain '" + chainName
                        + "' (" + ch.rules.size() + " rules): expected a smaller index");
            }
            index = (int) n + (mode.equals("add") && n < ch.rules.size() ? 1 : 0);
        } else {
            int i = NftState.ruleIndex(ch, n, at);
            index = mode.equals("add") ? i + 1 : i;
        }
        if (mode.equals("replace")) {
            ch.rules.set(index, new NftState.RuleDef(r.statements(), r.at(), r.text(), n));
        } else {
            ch.rules.add(index, r);
        }
    }

    private void delete(boolean mustExist, SourceLocation at) {
        NftToken k = c.peek();
        String what = c.name("table, chain, rule, set, map or element");
        switch (what) {
            case "table" -> {
                String[] ft = familyTable();
                state.deleteTable(ft[0], ft[1], at, mustExist);
            }
            case "chain" -> {
                String[] ft = familyTable();
                NftState.TableDef t = state.existingTable(ft[0], ft[1], at, mustExist);
                String name = c.name("a chain name");
                if (NftState.existingChain(t, name, at, mustExist) != null) {
                    t.chains.remove(name);
                }
            }
            case "rule" -> {
                String[] ft = familyTable();
                NftState.TableDef t = state.existingTable(ft[0], ft[1], at, true);
                NftState.ChainDef ch = NftState.existingChain(t, c.name("a chain name"), at, true);
                c.expectWord("handle");
                long h = c.number("a rule handle");
                ch.rules.remove(NftState.ruleIndex(ch, h, at));
            }
            case "set", "map" -> {
                String[] ft = familyTable();
                NftState.TableDef t = state.existingTable(ft[0], ft[1], at, mustExist);
                String name = c.name("a " + what + " name");
                if (NftState.existingSet(t, name, at, mustExist) != null) {
                    t.sets.remove(name);
                }
            }
            case "element" -> {
                String[] ft = familyTable();
                NftState.TableDef t = state.existingTable(ft[0], ft[1], at, true);
                NftState.SetDef s = NftState.existingSet(t, c.name("a set name"), at, true);
                for (Expr.SetItem item : new NftRuleParser(c).setLiteral().items()) {
                    String key = NftText.render(item.key());
                    boolean removed = s.elements.removeIf(e -> NftText.render(e.key()).equals(key));
                    if (!removed && mustExist) {
                        throw new InputError(item.at(), "element " + key + " is not in " + s.kind() + " '"
                                + s.name + "': expected an element that was added");
                    }
                }
            }
            default -> {
                if (UNMODELLED_OBJECTS.contains(what)) {
                    unmodelledObject(what, at);
                } else {
                    throw c.error(k, "unknown object '" + what + "': expected table, chain, rule, set, map or "
                            + "element");
                }
            }
        }
    }

    private void flush(SourceLocation at) {
        String what = c.name("ruleset, table, chain, set or map");
        switch (what) {
            case "ruleset" -> {
                String family = null;
                if (c.peek().kind() == NftToken.Kind.WORD && NftState.FAMILIES.contains(c.peek().text())) {
                    family = c.next().text();
                }
                String f = family;
                state.tables.values().removeIf(t -> f == null || t.family.equals(f));
            }
            case "table" -> {
                String[] ft = familyTable();
                NftState.flushTable(state.existingTable(ft[0], ft[1], at, true));
            }
            case "chain" -> {
                String[] ft = familyTable();
                NftState.TableDef t = state.tableForUse(ft[0], ft[1], at);
                NftState.chainForUse(t, c.name("a chain name"), at).rules.clear();
            }
            case "set", "map" -> {
                String[] ft = familyTable();
                NftState.TableDef t = state.tableForUse(ft[0], ft[1], at);
                NftState.setForUse(t, c.name("a " + what + " name"), at).elements.clear();
            }
            default -> {
                if (UNMODELLED_OBJECTS.contains(what) || what.equals("meter")) {
                    unmodelledObject(what, at);
                } else {
                    throw c.error(c.token(c.position() - 1), "cannot flush '" + what
                            + "': expected ruleset, table, chain, set or map");
                }
            }
        }
    }

    private void rename(SourceLocation at) {
        c.expectWord("chain");
        String[] ft = familyTable();
        NftState.TableDef t = state.existingTable(ft[0], ft[1], at, true);
        String old = c.name("the chain's name");
        NftState.ChainDef ch = NftState.existingChain(t, old, at, true);
        String neu = c.name("the chain's new name");
        if (t.chains.containsKey(neu)) {
            throw new InputError(at, "chain '" + neu + "' already exists in table " + t.key()
                    + ": expected a free name");
        }
        NftState.ChainDef moved = new NftState.ChainDef(neu);
        moved.declared = ch.declared;
        moved.base = ch.base;
        moved.rules.addAll(ch.rules);
        t.chains.remove(old);
        t.chains.put(neu, moved);
        diagnostics.add(Diagnostic.note(at, "chain '" + old + "' renamed to '" + neu + "'"));
    }
}
