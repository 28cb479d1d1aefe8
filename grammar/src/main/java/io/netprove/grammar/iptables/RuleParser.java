package io.netprove.grammar.iptables;

import io.netprove.grammar.InputError;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Counters;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the rule specification that follows {@code -A CHAIN} (or {@code -I CHAIN [N]}): built-in options, match
 * modules with their options, and the target with its options, in any order, with {@code !} before an option or
 * (the deprecated form) before its value. Comma-separated {@code -s}/{@code -d} lists expand into one rule per
 * address pair, as iptables-restore does.
 */
final class RuleParser {

    /** A rule read from one line, before it is placed in a chain. */
    record Spec(List<Match> matches, Target target, Counters counters) {
    }

    /** The parsed rules (several when address lists expand), or none when the rule is for the other family. */
    record Result(List<Spec> specs, boolean otherFamily) {
    }

    private enum Slot { SOURCE, DESTINATION }

    private AddressFamily family;

    /** Scratch lists of {@link #parse}, cleared at each call (the parser reads one rule at a time). */
    private final List<Object> parts = new ArrayList<>();
    private final List<ModuleInstance> modules = new ArrayList<>();
    private final List<Object> flat = new ArrayList<>();
    private final List<Match> plain = new ArrayList<>();

    /** {@code family} may be null: the first address read then decides it for every later rule. */
    RuleParser(AddressFamily family) {
        this.family = family;
    }

    /** The family decided so far (null while no address has been seen and none was given). */
    AddressFamily family() {
        return family;
    }

    Result parse(ArgvTokens t) {
        parts.clear();
        modules.clear();
        List<IpPrefix> sources = null;
        List<IpPrefix> destinations = null;
        List<io.netprove.model.netfilter.SourceLocation> addressAt = new ArrayList<>();
        List<IpPrefix> addressSeen = new ArrayList<>();
        boolean sourceNegated = false;
        boolean destinationNegated = false;
        TargetInstance target = null;
        Protocol protocol = null;
        boolean protocolNegated = false;
        Counters counters = Counters.ZERO;
        boolean otherFamily = false;
        boolean negate = false;
        int negateColumn = 0;

        while (t.hasNext()) {
            String w = t.take();
            if (w.equals("!")) {
                if (negate) {
                    throw t.error("double negation '! !': expected one '!' before an option");
                }
                negate = true;
                negateColumn = t.lastColumn();
                continue;
            }
            switch (w) {
                case "-s", "--source", "--src", "-d", "--destination", "--dst" -> {
                    boolean src = w.equals("-s") || w.equals("--source") || w.equals("--src");
                    boolean neg = negate | intrapositioned(t);
                    String v = t.argument(w, "an address or CIDR block");
                    List<IpPrefix> list = addresses(v, t);
                    for (IpPrefix p : list) {
                        addressSeen.add(p);
                        addressAt.add(t.last());
                    }
                    if (src) {
                        if (sources != null) {
                            throw t.error("-s given twice: expected one source option per rule");
                        }
                        sources = list;
                        sourceNegated = neg;
                        parts.add(Slot.SOURCE);
                    } else {
                        if (destinations != null) {
                            throw t.error("-d given twice: expected one destination option per rule");
                        }
                        destinations = list;
                        destinationNegated = neg;
                        parts.add(Slot.DESTINATION);
                    }
                    if (list.size() > 1 && neg) {
                        throw t.error("'!' cannot be used with a list of addresses: expected a single address");
                    }
                }
                case "-p", "--protocol" -> {
                    boolean neg = negate | intrapositioned(t);
                    String v = t.argument(w, "a protocol name or number");
                    Protocol p = Protocol.lookup(v);
                    if (p == null) {
                        throw t.error("unknown protocol '" + v + "': expected a name such as tcp, udp, sctp, icmp"
                                + " or a number from 0 to 255");
                    }
                    if (protocol != null) {
                        throw t.error("-p given twice: expected one protocol option per rule");
                    }
                    protocol = p;
                    protocolNegated = neg;
                    if (!(p.number() == 0 && !neg)) {
                        parts.add(new Match.ProtocolIs(p, neg));
                    }
                }
                case "-i", "--in-interface", "-o", "--out-interface" -> {
                    boolean neg = negate | intrapositioned(t);
                    String v = t.argument(w, "an interface name");
                    if (v.length() > 15) {
                        throw t.error("interface name '" + v + "' is longer than 15 characters");
                    }
                    parts.add(new Match.Interface(w.startsWith("-i") || w.equals("--in-interface")
                            ? Direction.SOURCE : Direction.DESTINATION, v, neg));
                }
                case "-f", "--fragment" -> parts.add(new Match.Fragment(negate));
                case "-m", "--match" -> {
                    if (negate) {
                        throw new InputError(new io.netprove.model.netfilter.SourceLocation(t.file(), t.line(),
                                negateColumn), "'!' cannot negate -m: expected '!' before a module option");
                    }
                    String name = t.argument(w, "a match module name");
                    ModuleInstance m = new ModuleInstance(name, t.last(), family);
                    modules.add(m);
                    parts.add(m);
                }
                case "-j", "--jump", "-g", "--goto" -> {
                    if (target != null) {
                        throw t.error("a rule has one target: unexpected second " + w);
                    }
                    String name = t.argument(w, "a target or chain name");
                    target = new TargetInstance(name, w.startsWith("-g") || w.equals("--goto"), t.last());
                }
                case "-c", "--set-counters" -> {
                    String p = t.argument(w, "PACKETS BYTES");
                    String b = t.argument(w, "PACKETS BYTES");
                    counters = new Counters(Values.u32(p, t.last(), "a packet count"),
                            Values.u32(b, t.last(), "a byte count"));
                }
                case "-4", "--ipv4" -> otherFamily |= family == AddressFamily.IPV6;
                case "-6", "--ipv6" -> otherFamily |= family != AddressFamily.IPV6;
                default -> {
                    if (!w.startsWith("--")) {
                        throw t.error("unexpected '" + w + "': expected an option such as -s, -d, -p, -m or -j");
                    }
                    boolean neg = negate | intrapositioned(t);
                    dispatch(w, neg, t, target, modules, parts, protocol);
                }
            }
            negate = false;
        }
        if (negate) {
            throw new InputError(new io.netprove.model.netfilter.SourceLocation(t.file(), t.line(), negateColumn),
                    "'!' at the end of the rule: expected an option after it");
        }
        if (otherFamily) {
            return new Result(List.of(), true);
        }
        for (int i = 0; i < addressSeen.size(); i++) {
            IpPrefix p = addressSeen.get(i);
            Values.checkFamily(family, p.family(), addressAt.get(i), p.toShortString());
            family = p.family();
        }
        flat.clear();
        plain.clear();
        for (int p = 0; p < parts.size(); p++) {
            Object part = parts.get(p);
            if (part instanceof ModuleInstance mi) {
                int before = plain.size();
                mi.finish(plain);
                for (int k = before; k < plain.size(); k++) {
                    flat.add(plain.get(k));
                }
            } else {
                flat.add(part);
                if (part instanceof Match m) {
                    plain.add(m);
                }
            }
        }
        checkProtocol(plain, protocol, protocolNegated, t);
        Target tg = target == null ? new Target.None() : target.finish();
        int sourceCount = sources == null ? 1 : sources.size();
        int destinationCount = destinations == null ? 1 : destinations.size();
        List<Spec> specs = new ArrayList<>(sourceCount * destinationCount);
        for (int si = 0; si < sourceCount; si++) {
            IpPrefix s = sources == null ? null : sources.get(si);
            for (int di = 0; di < destinationCount; di++) {
                IpPrefix d = destinations == null ? null : destinations.get(di);
                List<Match> m = new ArrayList<>(flat.size());
                for (int k = 0; k < flat.size(); k++) {
                    Object x = flat.get(k);
                    if (x instanceof Match match) {
                        m.add(match);
                    } else if (x == Slot.SOURCE && !(s.length() == 0 && !sourceNegated)) {
                        m.add(new Match.Address(Direction.SOURCE, s, sourceNegated));
                    } else if (x == Slot.DESTINATION && !(d.length() == 0 && !destinationNegated)) {
                        m.add(new Match.Address(Direction.DESTINATION, d, destinationNegated));
                    }
                }
                specs.add(new Spec(m, tg, counters));
            }
        }
        return new Result(specs, otherFamily);
    }

    /**
     * The deprecated {@code --option ! value} form: a '!' right after an option negates it when a value follows.
     * A '!' followed by another option (after a flag such as {@code --rsource}) negates that option instead.
     */
    private boolean intrapositioned(ArgvTokens t) {
        int after = t.position() + 1;
        boolean valueFollows = after < t.count() && !t.word(after).startsWith("-");
        if ("!".equals(t.peek()) && valueFollows) {
            t.take();
            return true;
        }
        return false;
    }

    private List<IpPrefix> addresses(String v, ArgvTokens t) {
        List<IpPrefix> list = new ArrayList<>(1);
        int start = 0;
        while (true) {
            int comma = v.indexOf(',', start);
            String one = comma < 0 ? v.substring(start) : v.substring(start, comma);
            list.add(Values.prefix(one, t.last()));
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return list;
    }

    private void dispatch(String option, boolean negated, ArgvTokens t, TargetInstance target,
                          List<ModuleInstance> modules, List<Object> parts, Protocol protocol) {
        if (target != null && !target.isChainLike() && target.accepts(option)
                && !TargetInstance.CONTINUING.contains(target.name)
                && !TargetInstance.UNMODELLED_EXTENSIONS.contains(target.name)) {
            target.option(option, negated, t);
            return;
        }
        // iptables merges each newly loaded module's options in front of the older ones, so when two loaded
        // modules share an option name (mark and connmark both have --mark) the most recent -m takes it.
        for (int i = modules.size() - 1; i >= 0; i--) {
            ModuleInstance m = modules.get(i);
            if (m.modelled() && m.accepts(option)) {
                m.option(option, negated, t);
                return;
            }
        }
        if (protocol != null) {
            String implicit = implicitModule(protocol);
            if (implicit != null) {
                boolean loaded = false;
                for (ModuleInstance m : modules) {
                    loaded |= m.name.equals(implicit);
                }
                ModuleInstance probe = new ModuleInstance(implicit, t.last(), family);
                if (!loaded && probe.accepts(option)) {
                    modules.add(probe);
                    parts.add(probe);
                    probe.option(option, negated, t);
                    return;
                }
            }
        }
        // an option after an unmodelled target extension (-j NFQUEUE --queue-num 3) or a continuing target
        // (-j CHECKSUM --checksum-fill) is the target's, not that of an earlier unmodelled match module
        if (target != null && !target.isChainLike()) {
            target.option(option, negated, t);
            return;
        }
        for (int i = modules.size() - 1; i >= 0; i--) {
            ModuleInstance m = modules.get(i);
            if (!m.modelled()) {
                m.option(option, negated, t);
                return;
            }
        }
        if (target != null) {
            target.option(option, negated, t);
            return;
        }
        throw t.error("unknown option '" + option + "': expected it after the -m module or -j target it belongs to");
    }

    private static String implicitModule(Protocol p) {
        return switch (p.number()) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 132 -> "sctp";
            case 136 -> "udplite";
            case 33 -> "dccp";
            case 1 -> "icmp";
            case 58 -> "icmp6";
            default -> null;
        };
    }

    /** The port, ICMP and multiport modules only work under a matching {@code -p}; the kernel refuses them otherwise. */
    private void checkProtocol(List<Match> matches, Protocol protocol, boolean negated, ArgvTokens t) {
        for (Match m : matches) {
            String needed = null;
            if (m instanceof Match.Port p) {
                needed = p.module();
            } else if (m instanceof Match.TcpFlags || m instanceof Match.TcpOption) {
                needed = "tcp";
            } else if (m instanceof Match.IcmpType i) {
                needed = i.family() == AddressFamily.IPV4 ? "icmp" : "ipv6-icmp";
            } else if (m instanceof Match.Multiport) {
                needed = "multiport";
            }
            if (needed == null) {
                continue;
            }
            boolean ok;
            if (needed.equals("multiport")) {
                ok = protocol != null && !negated && protocol.hasPorts();
                needed = "tcp, udp, udplite, sctp or dccp";
            } else {
                ok = protocol != null && !negated && protocol.equals(Protocol.lookup(needed));
            }
            if (!ok) {
                throw new InputError(new io.netprove.model.netfilter.SourceLocation(t.file(), t.line(), 1),
                        "the " + m.module() + " match needs '-p " + needed + "' in the same rule: expected -p "
                                + needed);
            }
        }
    }
}
