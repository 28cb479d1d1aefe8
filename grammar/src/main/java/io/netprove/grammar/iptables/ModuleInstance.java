package io.netprove.grammar.iptables;

import io.netprove.grammar.InputError;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.AddrType;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.netfilter.CtStatus;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One {@code -m NAME} occurrence in a rule and the options given to it. Options arrive one at a time; {@link #finish}
 * turns them into criteria once the rule has been read (some modules, like statistic or recent, need all their
 * options together).
 */
final class ModuleInstance {

    /** Modules whose options are modelled. */
    static final Set<String> MODELLED = Set.of("tcp", "udp", "udplite", "sctp", "dccp", "icmp", "icmp6", "icmpv6",
            "multiport", "comment", "statistic", "mark", "connmark", "conntrack", "state", "addrtype", "recent",
            "set", "iprange", "physdev", "nfacct", "limit", "owner", "mac");

    final String name;
    final SourceLocation location;
    private final AddressFamily family;
    private final List<Match> criteria = new ArrayList<>();
    private final List<String> unknownArgs = new ArrayList<>();
    private boolean sawOption;

    // statistic
    private String statMode;
    private String probabilityText;
    private int every = -1;
    private int packet = 0;
    private boolean statNegated;
    // recent
    private String recentName = "DEFAULT";
    private Match.Recent.Mode recentMode;
    private int seconds;
    private int hitcount;
    private boolean reap;
    private boolean rttl;
    private boolean rdest;
    private IpAddress recentMask;
    private boolean recentNegated;
    // addrtype
    private Match.AddrTypeIs.LimitIface limit = Match.AddrTypeIs.LimitIface.NONE;
    private final List<Object[]> addrTypes = new ArrayList<>();
    // limit
    private String rate = "3/hour";
    private int burst = 5;
    private boolean limitNegated;
    // set
    private final List<String> setOptions = new ArrayList<>();
    private String setName;
    private List<Direction> setFlags;
    private boolean setNegated;

    ModuleInstance(String name, SourceLocation location, AddressFamily family) {
        this.name = name;
        this.location = location;
        this.family = family;
    }

    boolean modelled() {
        return MODELLED.contains(name);
    }

    /** True if {@code option} (with its leading dashes) belongs to this module. */
    boolean accepts(String option) {
        return switch (name) {
            case "tcp" -> switch (option) {
                case "--sport", "--source-port", "--dport", "--destination-port", "--tcp-flags", "--syn",
                        "--tcp-option" -> true;
                default -> false;
            };
            case "udp", "udplite" -> isPortOption(option);
            case "sctp" -> isPortOption(option) || option.equals("--chunk-types");
            case "dccp" -> isPortOption(option) || option.equals("--dccp-types") || option.equals("--dccp-option");
            case "icmp" -> option.equals("--icmp-type");
            case "icmp6", "icmpv6" -> option.equals("--icmpv6-type");
            case "multiport" -> switch (option) {
                case "--sports", "--source-ports", "--dports", "--destination-ports", "--ports" -> true;
                default -> false;
            };
            case "comment" -> option.equals("--comment");
            case "statistic" -> switch (option) {
                case "--mode", "--probability", "--every", "--packet" -> true;
                default -> false;
            };
            case "mark", "connmark" -> option.equals("--mark");
            case "conntrack" -> option.startsWith("--ct");
            case "state" -> option.equals("--state");
            case "addrtype" -> switch (option) {
                case "--src-type", "--dst-type", "--limit-iface-in", "--limit-iface-out" -> true;
                default -> false;
            };
            case "recent" -> switch (option) {
                case "--name", "--set", "--rcheck", "--update", "--remove", "--seconds", "--reap", "--hitcount",
                        "--rttl", "--rsource", "--rdest", "--mask" -> true;
                default -> false;
            };
            case "set" -> switch (option) {
                case "--match-set", "--set", "--return-nomatch", "--update-counters", "--update-subcounters",
                        "--packets-eq", "--packets-lt", "--packets-gt", "--bytes-eq", "--bytes-lt", "--bytes-gt" ->
                        true;
                default -> false;
            };
            case "iprange" -> option.equals("--src-range") || option.equals("--dst-range");
            case "physdev" -> option.startsWith("--physdev-");
            case "nfacct" -> option.equals("--nfacct-name");
            case "limit" -> option.equals("--limit") || option.equals("--limit-burst");
            case "owner" -> switch (option) {
                case "--uid-owner", "--gid-owner", "--socket-exists", "--suppl-groups" -> true;
                default -> false;
            };
            case "mac" -> option.equals("--mac-source");
            default -> true;
        };
    }

    private static boolean isPortOption(String option) {
        return switch (option) {
            case "--sport", "--source-port", "--dport", "--destination-port" -> true;
            default -> false;
        };
    }

    /** Reads one option (its arguments come from {@code t}). */
    void option(String option, boolean negated, ArgvTokens t) {
        sawOption = true;
        SourceLocation at = t.last();
        switch (name) {
            case "tcp", "udp", "udplite", "sctp", "dccp" -> portModule(option, negated, t, at);
            case "icmp", "icmp6", "icmpv6" -> {
                AddressFamily f = name.equals("icmp") ? AddressFamily.IPV4 : AddressFamily.IPV6;
                String v = t.argument(option, "an ICMP type name or TYPE[/CODE]");
                int[] r = IcmpTypes.resolve(f, v);
                if (r == null) {
                    throw t.error("unknown ICMP type '" + v + "': expected a name such as echo-request or TYPE[/CODE]");
                }
                criteria.add(new Match.IcmpType(f, r[0], r[1], r[2], v, negated));
            }
            case "multiport" -> {
                Match.Multiport.Kind kind = switch (option) {
                    case "--sports", "--source-ports" -> Match.Multiport.Kind.SOURCE;
                    case "--dports", "--destination-ports" -> Match.Multiport.Kind.DESTINATION;
                    default -> Match.Multiport.Kind.EITHER;
                };
                String v = t.argument(option, "a comma-separated list of ports or ranges");
                List<PortRange> ports = new ArrayList<>();
                for (String p : v.split(",", -1)) {
                    ports.add(Values.portRange(p, t.last()));
                }
                if (ports.size() > 15) {
                    throw t.error("multiport takes at most 15 ports: expected a shorter list");
                }
                criteria.add(new Match.Multiport(kind, ports, negated));
            }
            case "comment" -> criteria.add(new Match.Comment(t.argument(option, "the comment text")));
            case "statistic" -> statistic(option, negated, t);
            case "mark" -> {
                long[] vm = Values.valueMask(t.argument(option, "VALUE[/MASK]"), t.last(), "a mark VALUE[/MASK]");
                criteria.add(new Match.Mark(vm[0], vm[1], negated));
            }
            case "connmark" -> {
                long[] vm = Values.valueMask(t.argument(option, "VALUE[/MASK]"), t.last(), "a mark VALUE[/MASK]");
                criteria.add(new Match.Connmark(vm[0], vm[1], negated));
            }
            case "conntrack" -> conntrack(option, negated, t);
            case "state" -> criteria.add(new Match.CtStateIs(states(t.argument(option, "a list of states"), t),
                    negated, true));
            case "addrtype" -> addrtype(option, negated, t);
            case "recent" -> recent(option, negated, t);
            case "set" -> set(option, negated, t);
            case "iprange" -> criteria.add(new Match.IpRangeIs(
                    option.equals("--src-range") ? Direction.SOURCE : Direction.DESTINATION,
                    Values.ipRange(t.argument(option, "FIRST-LAST"), t.last()), negated));
            case "physdev" -> physdev(option, negated, t);
            case "nfacct" -> criteria.add(new Match.Nfacct(t.argument(option, "an accounting object name")));
            case "limit" -> {
                limitNegated |= negated;
                if (option.equals("--limit")) {
                    rate = t.argument(option, "a rate such as 10/second");
                } else {
                    burst = Values.nonNegative(t.argument(option, "a burst size"), t.last(), "a burst size");
                }
            }
            case "owner" -> owner(option, negated, t);
            case "mac" -> criteria.add(new Match.MacSource(t.argument(option, "a MAC address"), negated));
            default -> unknownOption(option, negated, t);
        }
    }

    private void portModule(String option, boolean negated, ArgvTokens t, SourceLocation at) {
        switch (option) {
            case "--sport", "--source-port" -> criteria.add(new Match.Port(name, Direction.SOURCE,
                    Values.portRange(t.argument(option, "a port or FIRST:LAST"), t.last()), negated));
            case "--dport", "--destination-port" -> criteria.add(new Match.Port(name, Direction.DESTINATION,
                    Values.portRange(t.argument(option, "a port or FIRST:LAST"), t.last()), negated));
            case "--syn" -> criteria.add(new Match.TcpFlags(Match.TcpFlags.SYN | Match.TcpFlags.RST
                    | Match.TcpFlags.ACK | Match.TcpFlags.FIN, Match.TcpFlags.SYN, negated, true));
            case "--tcp-flags" -> {
                int mask = tcpFlags(t.argument(option, "MASK COMP, for example SYN,ACK SYN"), t);
                int comp = tcpFlags(t.argument(option, "MASK COMP, for example SYN,ACK SYN"), t);
                criteria.add(new Match.TcpFlags(mask, comp, negated, false));
            }
            case "--tcp-option" -> criteria.add(new Match.TcpOption(
                    Values.nonNegative(t.argument(option, "an option number"), t.last(), "a TCP option number"),
                    negated));
            default -> unknownOption(option, negated, t);
        }
    }

    private static int tcpFlags(String text, ArgvTokens t) {
        int v = 0;
        for (String f : text.split(",")) {
            v |= switch (f.toUpperCase(Locale.ROOT)) {
                case "FIN" -> Match.TcpFlags.FIN;
                case "SYN" -> Match.TcpFlags.SYN;
                case "RST" -> Match.TcpFlags.RST;
                case "PSH" -> Match.TcpFlags.PSH;
                case "ACK" -> Match.TcpFlags.ACK;
                case "URG" -> Match.TcpFlags.URG;
                case "ECE" -> Match.TcpFlags.ECE;
                case "CWR" -> Match.TcpFlags.CWR;
                case "ALL" -> 0xff;
                case "NONE" -> 0;
                default -> throw t.error("unknown TCP flag '" + f
                        + "': expected FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, ALL or NONE");
            };
        }
        return v;
    }

    private void statistic(String option, boolean negated, ArgvTokens t) {
        statNegated |= negated;
        switch (option) {
            case "--mode" -> {
                statMode = t.argument(option, "random or nth");
                if (!statMode.equals("random") && !statMode.equals("nth")) {
                    throw t.error("unknown statistic mode '" + statMode + "': expected random or nth");
                }
            }
            case "--probability" -> {
                probabilityText = t.argument(option, "a probability between 0 and 1");
                try {
                    double p = Double.parseDouble(probabilityText);
                    if (!(p >= 0 && p <= 1)) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw t.error("'" + probabilityText + "' is not a probability: expected a number from 0 to 1");
                }
            }
            case "--every" -> every = Values.nonNegative(t.argument(option, "N"), t.last(), "a packet count");
            case "--packet" -> packet = Values.nonNegative(t.argument(option, "P"), t.last(), "a packet offset");
            default -> unknownOption(option, negated, t);
        }
    }

    private void conntrack(String option, boolean negated, ArgvTokens t) {
        switch (option) {
            case "--ctstate" -> criteria.add(new Match.CtStateIs(states(t.argument(option, "a list of states"), t),
                    negated, false));
            case "--ctstatus" -> {
                EnumSet<CtStatus> s = EnumSet.noneOf(CtStatus.class);
                for (String v : t.argument(option, "a list of statuses").split(",")) {
                    try {
                        s.add(CtStatus.valueOf(v.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw t.error("unknown conntrack status '" + v
                                + "': expected NONE, EXPECTED, SEEN_REPLY, ASSURED or CONFIRMED");
                    }
                }
                criteria.add(new Match.CtStatusIs(s, negated));
            }
            case "--ctproto" -> {
                String v = t.argument(option, "a protocol");
                Protocol p = Protocol.lookup(v);
                if (p == null) {
                    throw t.error("unknown protocol '" + v + "': expected a name such as tcp or a number");
                }
                criteria.add(new Match.CtProto(p, negated));
            }
            case "--ctorigsrc", "--ctorigdst", "--ctreplsrc", "--ctrepldst" -> criteria.add(new Match.CtAddress(
                    tuple(option), Values.prefix(t.argument(option, "an address or CIDR"), t.last()), negated));
            case "--ctorigsrcport", "--ctorigdstport", "--ctreplsrcport", "--ctrepldstport" ->
                    criteria.add(new Match.CtPort(tuple(option.substring(0, option.length() - 4)),
                            Values.portRange(t.argument(option, "a port or FIRST:LAST"), t.last()), negated));
            case "--ctdir" -> {
                String v = t.argument(option, "ORIGINAL or REPLY");
                if (!v.equalsIgnoreCase("ORIGINAL") && !v.equalsIgnoreCase("REPLY")) {
                    throw t.error("'" + v + "': expected ORIGINAL or REPLY");
                }
                criteria.add(new Match.CtDirection(v.equalsIgnoreCase("ORIGINAL")));
            }
            case "--ctexpire" -> {
                String v = t.argument(option, "SECONDS[:SECONDS]");
                int c = v.indexOf(':');
                long lo = Values.u32(c < 0 ? v : v.substring(0, c), t.last(), "seconds");
                long hi = c < 0 ? lo : Values.u32(v.substring(c + 1), t.last(), "seconds");
                criteria.add(new Match.CtExpire(lo, hi, negated));
            }
            default -> unknownOption(option, negated, t);
        }
    }

    private static Match.CtTuple tuple(String option) {
        return switch (option) {
            case "--ctorigsrc" -> Match.CtTuple.ORIGSRC;
            case "--ctorigdst" -> Match.CtTuple.ORIGDST;
            case "--ctreplsrc" -> Match.CtTuple.REPLSRC;
            default -> Match.CtTuple.REPLDST;
        };
    }

    private static Set<CtState> states(String text, ArgvTokens t) {
        EnumSet<CtState> s = EnumSet.noneOf(CtState.class);
        for (String v : text.split(",")) {
            try {
                s.add(CtState.valueOf(v.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw t.error("unknown conntrack state '" + v
                        + "': expected INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED, SNAT or DNAT");
            }
        }
        return s;
    }

    private void addrtype(String option, boolean negated, ArgvTokens t) {
        switch (option) {
            case "--limit-iface-in" -> limit = Match.AddrTypeIs.LimitIface.IN;
            case "--limit-iface-out" -> limit = Match.AddrTypeIs.LimitIface.OUT;
            default -> {
                EnumSet<AddrType> s = EnumSet.noneOf(AddrType.class);
                for (String v : t.argument(option, "a list of address types such as LOCAL").split(",")) {
                    try {
                        s.add(AddrType.valueOf(v.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw t.error("unknown address type '" + v + "': expected UNSPEC, UNICAST, LOCAL, BROADCAST,"
                                + " ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT or XRESOLVE");
                    }
                }
                addrTypes.add(new Object[] {option.equals("--src-type") ? Direction.SOURCE : Direction.DESTINATION,
                        s, negated});
            }
        }
    }

    private void recent(String option, boolean negated, ArgvTokens t) {
        switch (option) {
            case "--name" -> recentName = t.argument(option, "a list name");
            case "--set", "--rcheck", "--update", "--remove" -> {
                if (recentMode != null) {
                    throw t.error("recent takes one of --set, --rcheck, --update, --remove: expected only one");
                }
                recentMode = Match.Recent.Mode.valueOf(option.substring(2).toUpperCase(Locale.ROOT));
                recentNegated |= negated;
            }
            case "--seconds" -> seconds = Values.nonNegative(t.argument(option, "seconds"), t.last(), "seconds");
            case "--hitcount" -> hitcount = Values.nonNegative(t.argument(option, "hits"), t.last(), "a hit count");
            case "--reap" -> reap = true;
            case "--rttl" -> rttl = true;
            case "--rsource" -> rdest = false;
            case "--rdest" -> rdest = true;
            case "--mask" -> {
                String v = t.argument(option, "an address mask");
                recentMask = IpAddress.tryParse(v);
                if (recentMask == null) {
                    throw t.error("'" + v + "' is not an address mask: expected for example 255.255.255.0");
                }
            }
            default -> unknownOption(option, negated, t);
        }
    }

    private void set(String option, boolean negated, ArgvTokens t) {
        switch (option) {
            case "--match-set", "--set" -> {
                if (setName != null) {
                    throw t.error("one -m set takes one --match-set: expected another -m set for the second set");
                }
                setName = t.argument(option, "NAME FLAGS");
                String flags = t.argument(option, "NAME FLAGS (for example src or dst,dst)");
                setFlags = new ArrayList<>();
                for (String f : flags.split(",")) {
                    switch (f) {
                        case "src" -> setFlags.add(Direction.SOURCE);
                        case "dst" -> setFlags.add(Direction.DESTINATION);
                        default -> throw t.error("unknown set flag '" + f + "': expected src or dst");
                    }
                }
                if (setFlags.size() > 6) {
                    throw t.error("a set match takes at most 6 flags");
                }
                setNegated = negated;
            }
            case "--packets-eq", "--packets-lt", "--packets-gt", "--bytes-eq", "--bytes-lt", "--bytes-gt" ->
                    setOptions.add((negated ? "! " : "") + option + " " + t.argument(option, "a number"));
            default -> setOptions.add((negated ? "! " : "") + option);
        }
    }

    private void physdev(String option, boolean negated, ArgvTokens t) {
        switch (option) {
            case "--physdev-in" -> criteria.add(new Match.Physdev(Match.Physdev.Kind.IN,
                    t.argument(option, "an interface"), negated));
            case "--physdev-out" -> criteria.add(new Match.Physdev(Match.Physdev.Kind.OUT,
                    t.argument(option, "an interface"), negated));
            case "--physdev-is-in" -> criteria.add(new Match.Physdev(Match.Physdev.Kind.IS_IN, null, negated));
            case "--physdev-is-out" -> criteria.add(new Match.Physdev(Match.Physdev.Kind.IS_OUT, null, negated));
            case "--physdev-is-bridged" -> criteria.add(new Match.Physdev(Match.Physdev.Kind.IS_BRIDGED, null,
                    negated));
            default -> unknownOption(option, negated, t);
        }
    }

    private void owner(String option, boolean negated, ArgvTokens t) {
        switch (option) {
            case "--uid-owner" -> criteria.add(new Match.Owner(Match.Owner.Kind.UID,
                    t.argument(option, "a user"), negated));
            case "--gid-owner" -> criteria.add(new Match.Owner(Match.Owner.Kind.GID,
                    t.argument(option, "a group"), negated));
            case "--socket-exists" -> criteria.add(new Match.Owner(Match.Owner.Kind.SOCKET_EXISTS, "", negated));
            default -> criteria.add(new Match.Owner(Match.Owner.Kind.SUPPL_GROUPS, "", negated));
        }
    }

    /** Keeps an option of an unmodelled module with the words that follow it up to the next option. */
    private void unknownOption(String option, boolean negated, ArgvTokens t) {
        if (negated) {
            unknownArgs.add("!");
        }
        unknownArgs.add(option);
        while (t.hasNext()) {
            String w = t.peek();
            if (w.startsWith("-") && w.length() > 1 && !isNumber(w) || w.equals("!")) {
                break;
            }
            unknownArgs.add(t.take());
        }
    }

    private static boolean isNumber(String w) {
        for (int i = 1; i < w.length(); i++) {
            if (!Character.isDigit(w.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Adds this module's criteria to {@code out}. */
    void finish(List<Match> out) {
        if (!modelled()) {
            out.add(new Match.Unknown(name, unknownArgs, location));
            return;
        }
        switch (name) {
            case "statistic" -> {
                if (statMode == null) {
                    throw new InputError(location, "statistic needs --mode: expected --mode random or --mode nth");
                }
                if (statMode.equals("random")) {
                    String p = probabilityText == null ? "1" : probabilityText;
                    criteria.add(new Match.Statistic(Match.Statistic.Mode.RANDOM, Double.parseDouble(p), p, 0, 0,
                            statNegated));
                } else {
                    if (every < 1) {
                        throw new InputError(location, "statistic --mode nth needs --every N: expected N >= 1");
                    }
                    criteria.add(new Match.Statistic(Match.Statistic.Mode.NTH, 0, null, every, packet,
                            statNegated));
                }
            }
            case "recent" -> {
                if (recentMode == null) {
                    throw new InputError(location,
                            "recent needs one of --set, --rcheck, --update or --remove: expected one of them");
                }
                criteria.add(new Match.Recent(recentName, recentMode, seconds, hitcount, reap, rttl, rdest,
                        recentMask, recentNegated));
            }
            case "addrtype" -> {
                for (Object[] a : addrTypes) {
                    @SuppressWarnings("unchecked")
                    Set<AddrType> types = (Set<AddrType>) a[1];
                    criteria.add(new Match.AddrTypeIs((Direction) a[0], types, (Boolean) a[2], limit));
                }
            }
            case "limit" -> criteria.add(new Match.Limit(rate, burst, limitNegated));
            case "set" -> {
                if (setName == null) {
                    throw new InputError(location, "set needs --match-set NAME FLAGS: expected it after -m set");
                }
                criteria.add(new Match.SetIs(setName, setFlags, setNegated, setOptions));
            }
            default -> {
                if (!sawOption && name.equals("comment")) {
                    throw new InputError(location, "comment needs --comment TEXT");
                }
            }
        }
        out.addAll(criteria);
        if (!unknownArgs.isEmpty()) {
            out.add(new Match.Unknown(name, unknownArgs, location));
        }
    }
}
