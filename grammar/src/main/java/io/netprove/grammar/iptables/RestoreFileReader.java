package io.netprove.grammar.iptables;

import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.Counters;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.Policy;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.TableName;
import io.netprove.model.netfilter.Target;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Applies one iptables-save dump or iptables-restore input to a {@link RulesetState}, line by line, with the
 * commands iptables-restore accepts inside a table section ({@code :CHAIN}, {@code -A -I -D -R -N -X -F -P -E -Z})
 * and a check at each {@code COMMIT} that every jump names an existing chain.
 */
final class RestoreFileReader {

    private final String file;
    private final String text;
    private final RulesetState state;
    private final RuleParser ruleParser;
    private final List<Diagnostic> diagnostics;
    private final boolean flush;
    private final ArgvTokens tokens = new ArgvTokens();

    /**
     * @param flush true for a complete dump (each table is replaced), false for a --noflush restore input (declared
     *              user chains are flushed, everything else is kept)
     */
    RestoreFileReader(String file, String text, RulesetState state, RuleParser ruleParser,
                      List<Diagnostic> diagnostics, boolean flush) {
        this.file = file;
        this.text = text;
        this.state = state;
        this.ruleParser = ruleParser;
        this.diagnostics = diagnostics;
        this.flush = flush;
    }

    /** True if the text declares a built-in chain, which only a complete iptables-save dump does. */
    static boolean declaresBuiltinChain(String text) {
        for (String builtin : new String[] {":PREROUTING ", ":INPUT ", ":FORWARD ", ":OUTPUT ", ":POSTROUTING "}) {
            int i = text.indexOf(builtin);
            while (i >= 0) {
                if (i == 0 || text.charAt(i - 1) == '\n') {
                    return true;
                }
                i = text.indexOf(builtin, i + 1);
            }
        }
        return false;
    }

    void read() {
        int length = text.length();
        if (text.isBlank()) {
            throw new InputError(SourceLocation.of(file, 1),
                    "empty input: expected an iptables-save dump starting with a '*table' line");
        }
        RulesetState.MutableTable table = null;
        int tableLine = 0;
        int lineNo = 0;
        int pos = 0;
        boolean sawTable = false;
        while (pos < length) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = length;
            }
            lineNo++;
            int lineStart = pos;
            pos = end + 1;
            int s = lineStart;
            while (s < end && (text.charAt(s) == ' ' || text.charAt(s) == '\t')) {
                s++;
            }
            int e = end;
            while (e > s && (text.charAt(e - 1) == '\r' || text.charAt(e - 1) == ' ' || text.charAt(e - 1) == '\t')) {
                e--;
            }
            if (s == e || text.charAt(s) == '#') {
                continue;
            }
            int col = s - lineStart + 1;
            char c = text.charAt(s);
            if (c == '*') {
                if (table != null) {
                    throw new InputError(new SourceLocation(file, lineNo, col), "table '" + table.name.lowerName()
                            + "' opened at line " + tableLine + " is not committed: expected COMMIT before '"
                            + text.substring(s, e) + "'");
                }
                String name = text.substring(s + 1, e);
                TableName tn = TableName.lookup(name);
                if (tn == null) {
                    throw new InputError(new SourceLocation(file, lineNo, col + 1), "unknown table '" + name
                            + "': expected raw, mangle, nat, filter or security");
                }
                table = state.table(tn);
                if (flush) {
                    table.reset();
                }
                tableLine = lineNo;
                sawTable = true;
                continue;
            }
            if (e - s == 6 && text.startsWith("COMMIT", s)) {
                if (table == null) {
                    throw new InputError(new SourceLocation(file, lineNo, col),
                            "COMMIT outside a table: expected a '*table' line before it");
                }
                checkReferences(table);
                table = null;
                continue;
            }
            if (table == null) {
                throw new InputError(new SourceLocation(file, lineNo, col), (sawTable
                        ? "line after COMMIT is outside a table" : "line before any table")
                        + ": expected a '*table' line (such as *filter or *nat) first");
            }
            if (c == ':') {
                chainLine(table, lineNo, s, e, col);
            } else if (c == '[') {
                commandLine(table, lineNo, lineStart, s, e, true);
            } else if (c == '-') {
                commandLine(table, lineNo, lineStart, s, e, false);
            } else {
                throw new InputError(new SourceLocation(file, lineNo, col), "unexpected '" + firstWord(s, e)
                        + "': expected a ':CHAIN POLICY [p:b]' line, a rule such as '-A CHAIN ...', or COMMIT");
            }
        }
        if (table != null) {
            throw new InputError(new SourceLocation(file, lineNo, 1), "table '" + table.name.lowerName()
                    + "' opened at line " + tableLine + " has no COMMIT: expected COMMIT at the end (truncated dump?)");
        }
        if (!sawTable) {
            throw new InputError(SourceLocation.of(file, 1),
                    "no table found: expected an iptables-save dump with a '*table' line");
        }
    }

    private String firstWord(int s, int e) {
        int i = s;
        while (i < e && text.charAt(i) != ' ' && text.charAt(i) != '\t' && i - s < 40) {
            i++;
        }
        return text.substring(s, i);
    }

    private void chainLine(RulesetState.MutableTable table, int lineNo, int s, int e, int col) {
        tokens.reset(file, lineNo, text, s + 1, e, col + 1);
        if (!tokens.hasNext()) {
            throw new InputError(new SourceLocation(file, lineNo, col + 1), "expected a chain name after ':'");
        }
        String name = tokens.take();
        checkChainName(name, tokens.last());
        String policyText = tokens.hasNext() ? tokens.take() : "-";
        Counters counters = Counters.ZERO;
        if (tokens.hasNext()) {
            counters = counters(tokens.take(), tokens.last());
        }
        if (tokens.hasNext()) {
            tokens.take();
            throw tokens.error("unexpected '" + tokens.word(tokens.position() - 1)
                    + "': expected ':CHAIN POLICY [PACKETS:BYTES]'");
        }
        SourceLocation at = new SourceLocation(file, lineNo, col);
        if (table.name.isBuiltin(name)) {
            table.builtinsSeen = true;
            RulesetState.MutableChain chain = table.chains.get(name);
            if (!policyText.equals("-")) {
                chain.policy = policy(policyText, new SourceLocation(file, lineNo, col + name.length() + 2));
            }
            chain.counters = counters;
            chain.declared = at;
            return;
        }
        if (!policyText.equals("-")) {
            throw new InputError(new SourceLocation(file, lineNo, col + name.length() + 2), "user chain '" + name
                    + "' cannot have policy '" + policyText + "': expected '-'");
        }
        RulesetState.MutableChain existing = table.chains.get(name);
        if (existing != null) {
            existing.rules.clear();
            existing.declared = at;
        } else {
            table.chains.put(name, new RulesetState.MutableChain(name, null, counters, at));
        }
    }

    private Policy policy(String text, SourceLocation at) {
        return switch (text) {
            case "ACCEPT" -> Policy.ACCEPT;
            case "DROP" -> Policy.DROP;
            default -> throw new InputError(at, "built-in chain policy '" + text + "': expected ACCEPT or DROP");
        };
    }

    private Counters counters(String text, SourceLocation at) {
        if (text.length() < 5 || text.charAt(0) != '[' || text.charAt(text.length() - 1) != ']') {
            throw new InputError(at, "'" + text + "': expected counters [PACKETS:BYTES]");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new InputError(at, "'" + text + "': expected counters [PACKETS:BYTES]");
        }
        try {
            return new Counters(Long.parseLong(text.substring(1, colon)),
                    Long.parseLong(text.substring(colon + 1, text.length() - 1)));
        } catch (NumberFormatException ex) {
            throw new InputError(at, "'" + text + "': expected counters [PACKETS:BYTES]");
        }
    }

    private void checkChainName(String name, SourceLocation at) {
        if (name.isEmpty() || name.length() > 28 || name.startsWith("-") || name.startsWith("!")) {
            throw new InputError(at, "invalid chain name '" + name
                    + "': expected 1 to 28 characters, not starting with '-' or '!'");
        }
    }

    private void commandLine(RulesetState.MutableTable table, int lineNo, int lineStart, int s, int e,
                             boolean withCounters) {
        tokens.reset(file, lineNo, text, s, e, s - lineStart + 1);
        Counters prefixCounters = null;
        if (withCounters) {
            prefixCounters = counters(tokens.take(), tokens.last());
        }
        if (!tokens.hasNext()) {
            throw tokens.error("expected a command such as -A CHAIN after the counters");
        }
        String cmd = tokens.take();
        SourceLocation cmdAt = tokens.last();
        switch (cmd) {
            case "-A", "--append", "-I", "--insert", "-R", "--replace" -> {
                RulesetState.MutableChain chain = existingChain(table, cmd);
                int position = -1;
                if (!cmd.equals("-A") && !cmd.equals("--append")) {
                    String p = tokens.peek();
                    if (p != null && !p.isEmpty() && Character.isDigit(p.charAt(0))) {
                        position = Values.nonNegative(tokens.take(), tokens.last(), "a rule number") - 1;
                    } else if (cmd.startsWith("-R") || cmd.equals("--replace")) {
                        throw tokens.error("-R needs a rule number: expected -R CHAIN NUMBER RULE");
                    } else {
                        position = 0;
                    }
                }
                String ruleText = specText(lineStart, e);
                RuleParser.Result parsed = ruleParser.parse(tokens);
                if (parsed.otherFamily()) {
                    return;
                }
                SourceLocation at = new SourceLocation(file, lineNo, cmdAt.column());
                List<Rule> rules = new ArrayList<>(parsed.specs().size());
                for (RuleParser.Spec spec : parsed.specs()) {
                    Counters counters = prefixCounters != null ? prefixCounters : spec.counters();
                    rules.add(new Rule(spec.matches(), spec.target(), counters, at, ruleText));
                    report(spec, at);
                }
                if (cmd.equals("-A") || cmd.equals("--append")) {
                    chain.rules.addAll(rules);
                } else if (cmd.equals("-I") || cmd.equals("--insert")) {
                    if (position > chain.rules.size()) {
                        throw new InputError(cmdAt, "-I position " + (position + 1) + " is past the end of chain '"
                                + chain.name + "' (" + chain.rules.size() + " rules)");
                    }
                    chain.rules.addAll(position, rules);
                } else {
                    if (position < 0 || position >= chain.rules.size()) {
                        throw new InputError(cmdAt, "-R rule number " + (position + 1) + " does not exist in chain '"
                                + chain.name + "' (" + chain.rules.size() + " rules)");
                    }
                    chain.rules.remove(position);
                    chain.rules.addAll(position, rules);
                }
            }
            case "-D", "--delete" -> {
                RulesetState.MutableChain chain = existingChain(table, cmd);
                String p = tokens.peek();
                if (p != null && !p.isEmpty() && Character.isDigit(p.charAt(0)) && tokens.count() == 3) {
                    int n = Values.nonNegative(tokens.take(), tokens.last(), "a rule number");
                    if (n < 1 || n > chain.rules.size()) {
                        throw tokens.error("-D rule number " + n + " does not exist in chain '" + chain.name + "'");
                    }
                    chain.rules.remove(n - 1);
                } else {
                    String wanted = specText(lineStart, e);
                    RuleParser.Result parsed = ruleParser.parse(tokens);
                    RuleParser.Spec spec = parsed.specs().get(0);
                    boolean removed = false;
                    for (Iterator<Rule> it = chain.rules.iterator(); it.hasNext(); ) {
                        Rule r = it.next();
                        if (r.matches().equals(spec.matches()) && r.target().equals(spec.target())) {
                            it.remove();
                            removed = true;
                            break;
                        }
                    }
                    if (!removed) {
                        throw new InputError(cmdAt, "-D found no rule '" + wanted + "' in chain '"
                                + chain.name + "'");
                    }
                }
            }
            case "-N", "--new-chain" -> {
                String name = tokens.argument(cmd, "a chain name");
                checkChainName(name, tokens.last());
                if (table.chains.containsKey(name)) {
                    throw tokens.error("chain '" + name + "' already exists");
                }
                table.chains.put(name, new RulesetState.MutableChain(name, null, Counters.ZERO,
                        new SourceLocation(file, lineNo, cmdAt.column())));
            }
            case "-X", "--delete-chain" -> {
                if (!tokens.hasNext()) {
                    table.chains.entrySet().removeIf(en -> !en.getValue().builtin());
                } else {
                    String name = tokens.take();
                    RulesetState.MutableChain chain = table.chains.get(name);
                    if (chain == null) {
                        throw tokens.error("-X of chain '" + name + "', which does not exist: expected an existing"
                                + " user chain");
                    }
                    if (chain.builtin()) {
                        throw tokens.error("-X of built-in chain '" + name + "': built-in chains cannot be deleted");
                    }
                    table.chains.remove(name);
                }
            }
            case "-F", "--flush" -> {
                if (!tokens.hasNext()) {
                    table.chains.values().forEach(ch -> ch.rules.clear());
                } else {
                    existingChain(table, cmd).rules.clear();
                }
            }
            case "-Z", "--zero" -> {
                // counters are not modelled beyond what the dump shows
            }
            case "-P", "--policy" -> {
                RulesetState.MutableChain chain = existingChain(table, cmd);
                if (!chain.builtin()) {
                    throw tokens.error("-P on user chain '" + chain.name + "': only built-in chains have a policy");
                }
                chain.policy = policy(tokens.argument(cmd, "ACCEPT or DROP"), tokens.last());
                table.builtinsSeen = true;
            }
            case "-E", "--rename-chain" -> {
                RulesetState.MutableChain chain = existingChain(table, cmd);
                String to = tokens.argument(cmd, "a new chain name");
                checkChainName(to, tokens.last());
                if (chain.builtin() || table.chains.containsKey(to)) {
                    throw tokens.error("cannot rename '" + chain.name + "' to '" + to + "'");
                }
                RulesetState.MutableChain renamed = new RulesetState.MutableChain(to, null, chain.counters,
                        chain.declared);
                renamed.rules.addAll(chain.rules);
                Map<String, RulesetState.MutableChain> copy = new java.util.LinkedHashMap<>();
                for (Map.Entry<String, RulesetState.MutableChain> en : table.chains.entrySet()) {
                    if (en.getKey().equals(chain.name)) {
                        copy.put(to, renamed);
                    } else {
                        copy.put(en.getKey(), en.getValue());
                    }
                }
                table.chains.clear();
                table.chains.putAll(copy);
            }
            default -> throw new InputError(cmdAt, "unknown command '" + cmd
                    + "': expected -A, -I, -D, -R, -N, -X, -F, -P, -E or -Z");
        }
    }

    /** The raw text from the word at the cursor to the end of the line. */
    private String specText(int lineStart, int lineEnd) {
        return tokens.hasNext() ? text.substring(lineStart + tokens.column() - 1, lineEnd) : "";
    }

    private RulesetState.MutableChain existingChain(RulesetState.MutableTable table, String cmd) {
        String name = tokens.argument(cmd, "a chain name");
        RulesetState.MutableChain chain = table.chains.get(name);
        if (chain == null) {
            throw tokens.error("chain '" + name + "' does not exist in table '" + table.name.lowerName()
                    + "': expected it to be declared first with ':" + name + " - [0:0]'");
        }
        if (chain.builtin()) {
            table.builtinsSeen = true;
        }
        return chain;
    }

    private void report(RuleParser.Spec spec, SourceLocation at) {
        for (Match m : spec.matches()) {
            if (m instanceof Match.Unknown u) {
                diagnostics.add(Diagnostic.warning(u.location(), "match module '" + u.module()
                        + "' is not modelled; answers that depend on this rule are unknown"));
            }
        }
        if (spec.target() instanceof Target.Unknown u) {
            diagnostics.add(Diagnostic.warning(u.location(), "target '" + u.name()
                    + "' is not modelled; answers that depend on this rule are unknown"));
        }
    }

    /**
     * At COMMIT: every jump and goto must name an existing user chain of the table, and the jumps must not form a
     * loop. Each jump is resolved once, into the chains' scratch fields; the loop check then walks the resolved
     * chains, and the scratch fields are cleared again.
     */
    private void checkReferences(RulesetState.MutableTable table) {
        for (RulesetState.MutableChain chain : table.chains.values()) {
            List<Object> out = null;
            for (Rule r : chain.rules) {
                String to = null;
                if (r.target() instanceof Target.Jump j) {
                    to = j.chain();
                } else if (r.target() instanceof Target.Goto g) {
                    to = g.chain();
                }
                if (to == null) {
                    continue;
                }
                RulesetState.MutableChain dest = table.chains.get(to);
                if (dest == null) {
                    throw new InputError(r.location(), "jump to undeclared chain '" + to + "' in table '"
                            + table.name.lowerName() + "': expected a chain declared with ':" + to
                            + " - [0:0]' or a known target");
                }
                if (dest.builtin()) {
                    throw new InputError(r.location(), "jump to built-in chain '" + to
                            + "': expected a user chain or a target");
                }
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(r);
                out.add(dest);
            }
            chain.jumps = out;
            chain.mark = UNVISITED;
        }
        try {
            checkLoops(table);
        } finally {
            for (RulesetState.MutableChain chain : table.chains.values()) {
                chain.jumps = null;
            }
        }
    }

    private static final byte UNVISITED = 0;
    private static final byte ON_PATH = 1;
    private static final byte DONE = 2;

    /** The kernel refuses a table whose jumps form a cycle (ELOOP); so does netprove. Depth-first, iterative. */
    private void checkLoops(RulesetState.MutableTable table) {
        java.util.ArrayDeque<RulesetState.MutableChain> path = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<int[]> positions = new java.util.ArrayDeque<>();
        for (RulesetState.MutableChain start : table.chains.values()) {
            if (start.mark != UNVISITED || start.jumps == null) {
                continue;
            }
            start.mark = ON_PATH;
            path.push(start);
            positions.push(new int[] {0});
            while (!path.isEmpty()) {
                RulesetState.MutableChain chain = path.peek();
                int[] at = positions.peek();
                List<Object> out = chain.jumps;
                if (out == null || at[0] >= out.size()) {
                    chain.mark = DONE;
                    path.pop();
                    positions.pop();
                    continue;
                }
                Rule r = (Rule) out.get(at[0]);
                RulesetState.MutableChain to = (RulesetState.MutableChain) out.get(at[0] + 1);
                at[0] += 2;
                if (to.mark == UNVISITED) {
                    to.mark = ON_PATH;
                    path.push(to);
                    positions.push(new int[] {0});
                } else if (to.mark == ON_PATH) {
                    throw new InputError(r.location(), "chain loop: '" + chain.name + "' jumps to '" + to.name
                            + "', which leads back to it; the kernel refuses loops (expected an acyclic jump graph)");
                }
            }
        }
    }
}
