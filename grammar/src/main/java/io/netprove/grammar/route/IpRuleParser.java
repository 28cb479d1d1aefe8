package io.netprove.grammar.route;

import io.netprove.grammar.Words;
import io.netprove.grammar.InputError;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.route.PolicyRule;
import io.netprove.model.route.RouteAttribute;
import io.netprove.model.route.RouteTableId;
import io.netprove.model.route.RuleAction;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads {@code ip rule} / {@code ip -6 rule} output: {@code PRIO:\t[not] from SRC [to DST] [tos T]
 * [fwmark V[/M]] [iif D] [oif D] [uidrange A-B] [ipproto P] [sport S] [dport D] ACTION}, where the action is
 * {@code lookup T [suppress_prefixlength N]}, {@code goto N}, {@code nop}, {@code blackhole},
 * {@code unreachable} or {@code prohibit}. A goto that points backwards is refused, as the kernel refuses it.
 */
final class IpRuleParser {

    private final String file;
    private final AddressFamily family;
    private final List<Diagnostic> diagnostics;

    /** @param family the family of the dump ({@code ip rule} is IPv4, {@code ip -6 rule} IPv6) */
    IpRuleParser(String file, AddressFamily family, List<Diagnostic> diagnostics) {
        this.file = file;
        this.family = family;
        this.diagnostics = diagnostics;
    }

    List<PolicyRule> read(String text) {
        List<PolicyRule> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            List<Words.Word> words = Words.split(file, lineNo, lines[i]);
            if (!words.isEmpty()) {
                out.add(rule(lineNo, lines[i], words));
            }
        }
        return out;
    }

    private PolicyRule rule(int lineNo, String line, List<Words.Word> words) {
        Words.Word first = words.get(0);
        String p = first.text();
        long priority = p.endsWith(":") ? Values.number(p.substring(0, p.length() - 1), 0xffffffffL) : -1;
        if (priority < 0 || p.startsWith("0x")) {
            throw at(lineNo, first.column(), "unexpected '" + p + "': expected a rule priority such as '32766:'");
        }
        SourceLocation where = new SourceLocation(file, lineNo, first.column());
        boolean not = false;
        Optional<IpPrefix> from = Optional.empty();
        Optional<IpPrefix> to = Optional.empty();
        int tos = 0;
        OptionalLong fwmark = OptionalLong.empty();
        long fwmask = 0xffffffffL;
        Optional<String> iif = Optional.empty();
        Optional<String> oif = Optional.empty();
        Optional<Protocol> ipProtocol = Optional.empty();
        Optional<PortRange> sport = Optional.empty();
        Optional<PortRange> dport = Optional.empty();
        Optional<PolicyRule.UidRange> uidRange = Optional.empty();
        boolean l3mdev = false;
        RuleAction action = null;
        Words.Word actionWord = null;
        Optional<RouteTableId> table = Optional.empty();
        OptionalLong gotoTarget = OptionalLong.empty();
        OptionalInt suppress = OptionalInt.empty();
        List<RouteAttribute> attributes = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            Words.Word w = words.get(i);
            switch (w.text()) {
                case "not":
                    not = true;
                    break;
                case "from":
                    from = selector(lineNo, line, words, i);
                    i++;
                    break;
                case "to":
                    to = selector(lineNo, line, words, i);
                    i++;
                    break;
                case "tos":
                case "dsfield": {
                    Words.Word v = value(lineNo, line, words, i, "a TOS value");
                    long t = Values.number(v.text(), 255);
                    if (t < 0) {
                        throw at(lineNo, v.column(), "bad TOS '" + v.text() + "': expected 0 to 255 (0x-hex)");
                    }
                    tos = (int) t;
                    i++;
                    break;
                }
                case "fwmark": {
                    Words.Word v = value(lineNo, line, words, i, "a mark such as 0x4000/0x4000");
                    String t = v.text();
                    int slash = t.indexOf('/');
                    long mark = Values.number(slash < 0 ? t : t.substring(0, slash), 0xffffffffL);
                    long mask = slash < 0 ? 0xffffffffL : Values.number(t.substring(slash + 1), 0xffffffffL);
                    if (mark < 0 || mask < 0) {
                        throw at(lineNo, v.column(), "bad fwmark '" + t + "': expected VALUE or VALUE/MASK "
                                + "(32-bit, decimal or 0x-hex)");
                    }
                    fwmark = OptionalLong.of(mark);
                    fwmask = mask;
                    i++;
                    break;
                }
                case "iif":
                case "dev":
                    iif = Optional.of(value(lineNo, line, words, i, "an interface name").text());
                    i++;
                    break;
                case "oif":
                    oif = Optional.of(value(lineNo, line, words, i, "an interface name").text());
                    i++;
                    break;
                case "[detached]": {
                    String of = i > 1 ? words.get(i - 2).text() : "";
                    if (!of.equals("iif") && !of.equals("oif") && !of.equals("dev")) {
                        throw at(lineNo, w.column(), "'[detached]' not after an interface: expected it after "
                                + "iif NAME or oif NAME");
                    }
                    attributes.add(new RouteAttribute("detached", of.equals("oif") ? "oif" : "iif", false));
                    break;
                }
                case "l3mdev":
                    l3mdev = true;
                    diagnostics.add(Diagnostic.warning(new SourceLocation(file, lineNo, w.column()),
                            "l3mdev (VRF) rule is kept but not evaluated: it never matches in lookups"));
                    break;
                case "uidrange": {
                    Words.Word v = value(lineNo, line, words, i, "a uid range A-B");
                    int dash = v.text().indexOf('-');
                    long a = dash < 0 ? -1 : Values.number(v.text().substring(0, dash), 0xffffffffL);
                    long b = dash < 0 ? -1 : Values.number(v.text().substring(dash + 1), 0xffffffffL);
                    if (a < 0 || b < a) {
                        throw at(lineNo, v.column(), "bad uid range '" + v.text() + "': expected FIRST-LAST");
                    }
                    uidRange = Optional.of(new PolicyRule.UidRange(a, b));
                    i++;
                    break;
                }
                case "ipproto": {
                    Words.Word v = value(lineNo, line, words, i, "a protocol");
                    Protocol proto = Protocol.lookup(v.text());
                    if (proto == null) {
                        throw at(lineNo, v.column(), "unknown protocol '" + v.text()
                                + "': expected a protocol name such as tcp or a number");
                    }
                    ipProtocol = Optional.of(proto);
                    i++;
                    break;
                }
                case "sport":
                case "dport": {
                    Words.Word v = value(lineNo, line, words, i, "a port or PORT-PORT");
                    int dash = v.text().indexOf('-');
                    long a = Values.number(dash < 0 ? v.text() : v.text().substring(0, dash), 65535);
                    long b = dash < 0 ? a : Values.number(v.text().substring(dash + 1), 65535);
                    if (a < 0 || b < a) {
                        throw at(lineNo, v.column(), "bad port range '" + v.text() + "': expected PORT or FIRST-LAST");
                    }
                    if (w.text().equals("sport")) {
                        sport = Optional.of(new PortRange((int) a, (int) b));
                    } else {
                        dport = Optional.of(new PortRange((int) a, (int) b));
                    }
                    i++;
                    break;
                }
                case "lookup":
                case "table": {
                    Words.Word v = value(lineNo, line, words, i, "a table");
                    if (v.text().equals("[l3mdev-table]")) {
                        l3mdev = true;
                        diagnostics.add(Diagnostic.warning(new SourceLocation(file, lineNo, w.column()),
                                "l3mdev (VRF) rule is kept but not evaluated: it never matches in lookups"));
                    } else {
                        table = Optional.of(RouteTableId.of(v.text()));
                    }
                    actionWord = setAction(lineNo, action, actionWord, w);
                    action = RuleAction.LOOKUP;
                    i++;
                    break;
                }
                case "suppress_prefixlength": {
                    Words.Word v = value(lineNo, line, words, i, "a prefix length");
                    long n = Values.number(v.text(), 128);
                    if (n < 0) {
                        throw at(lineNo, v.column(), "bad suppress_prefixlength '" + v.text()
                                + "': expected 0 to 128");
                    }
                    suppress = OptionalInt.of((int) n);
                    i++;
                    break;
                }
                case "suppress_ifgroup":
                case "flowlabel":
                case "dscp": {
                    Words.Word v = value(lineNo, line, words, i, "a value");
                    attributes.add(new RouteAttribute(w.text(), v.text(), true));
                    diagnostics.add(Diagnostic.warning(new SourceLocation(file, lineNo, w.column()),
                            "rule attribute '" + w.text() + " " + v.text() + "' is kept but not evaluated"));
                    i++;
                    break;
                }
                case "realms":
                case "proto":
                case "protocol":
                    attributes.add(new RouteAttribute(w.text(), value(lineNo, line, words, i, "a value").text(),
                            false));
                    i++;
                    break;
                case "goto": {
                    Words.Word v = value(lineNo, line, words, i, "a rule priority");
                    long target = Values.number(v.text(), 0xffffffffL);
                    if (target < 0) {
                        throw at(lineNo, v.column(), "bad goto target '" + v.text() + "': expected a priority");
                    }
                    if (target <= priority) {
                        throw at(lineNo, v.column(), "goto " + target + " from rule " + priority
                                + " points backwards: expected a target after the rule's own priority");
                    }
                    actionWord = setAction(lineNo, action, actionWord, w);
                    action = RuleAction.GOTO;
                    gotoTarget = OptionalLong.of(target);
                    i++;
                    break;
                }
                case "[unresolved]":
                    attributes.add(new RouteAttribute("unresolved", "", false));
                    break;
                case "nop":
                    actionWord = setAction(lineNo, action, actionWord, w);
                    action = RuleAction.NOP;
                    break;
                case "blackhole":
                    actionWord = setAction(lineNo, action, actionWord, w);
                    action = RuleAction.BLACKHOLE;
                    break;
                case "unreachable":
                    actionWord = setAction(lineNo, action, actionWord, w);
                    action = RuleAction.UNREACHABLE;
                    break;
                case "prohibit":
                    actionWord = setAction(lineNo, action, actionWord, w);
                    action = RuleAction.PROHIBIT;
                    break;
                default:
                    throw at(lineNo, w.column(), "unknown rule attribute '" + w.text() + "': expected from, to, "
                            + "tos, fwmark, iif, oif, uidrange, ipproto, sport, dport, lookup, "
                            + "suppress_prefixlength, goto, nop, blackhole, unreachable or prohibit");
            }
        }
        if (action == null) {
            throw at(lineNo, line.stripTrailing().length() + 1, "rule " + priority + " has no action: expected "
                    + "lookup TABLE, goto N, nop, blackhole, unreachable or prohibit (truncated line?)");
        }
        if (action == RuleAction.LOOKUP && table.isEmpty()) {
            table = Optional.of(RouteTableId.UNSPEC);
        }
        AddressFamily f = family;
        if (f == null) {
            f = from.map(IpPrefix::family).orElse(to.map(IpPrefix::family).orElse(AddressFamily.IPV4));
        }
        for (Optional<IpPrefix> sel : List.of(from, to)) {
            if (sel.isPresent() && sel.get().family() != f) {
                throw new InputError(where, "rule " + priority + " selects " + sel.get() + " in an " + f
                        + " rule list: expected " + f + " prefixes");
            }
        }
        return new PolicyRule(f, priority, not, from, to, tos, fwmark, fwmask, iif, oif, ipProtocol, sport, dport,
                uidRange, l3mdev, action, table, gotoTarget, suppress, attributes, where);
    }

    private Words.Word setAction(int lineNo, RuleAction action, Words.Word previous, Words.Word w) {
        if (action != null) {
            throw at(lineNo, w.column(), "second action '" + w.text() + "' after '" + previous.text()
                    + "': expected one action per rule");
        }
        return w;
    }

    private Optional<IpPrefix> selector(int lineNo, String line, List<Words.Word> words, int i) {
        Words.Word v = value(lineNo, line, words, i, "'all' or a prefix");
        if (v.text().equals("all")) {
            return Optional.empty();
        }
        IpPrefix p = Values.prefix(v.text(), family);
        if (p == null) {
            throw at(lineNo, v.column(), "bad prefix '" + v.text() + "': expected 'all', an address or "
                    + "ADDRESS/LENGTH");
        }
        return Optional.of(p);
    }

    private Words.Word value(int lineNo, String line, List<Words.Word> words, int i, String expected) {
        if (i + 1 >= words.size()) {
            throw at(lineNo, line.stripTrailing().length() + 1, "'" + words.get(i).text() + "' needs a value: "
                    + "expected " + expected + " (truncated line?)");
        }
        return words.get(i + 1);
    }

    private InputError at(int lineNo, int column, String message) {
        return new InputError(new SourceLocation(file, lineNo, column), message);
    }
}
