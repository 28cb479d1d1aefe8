package io.netprove.grammar.iptables;

import io.netprove.grammar.InputError;
import io.netprove.model.net.PortRange;
import io.netprove.model.netfilter.NatRange;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The {@code -j NAME} / {@code -g NAME} of a rule and the options given to it. */
final class TargetInstance {

    /** Real xtables target extensions that are not modelled: kept, reported, and make answers "unknown". */
    static final Set<String> UNMODELLED_EXTENSIONS = Set.of("NFQUEUE", "QUEUE", "TPROXY", "TEE", "SYNPROXY",
            "HMARK", "NETMAP", "CLUSTERIP", "DNPT", "SNPT", "RATEEST", "TCPOPTSTRIP", "IDLETIMER", "LED",
            "SECMARK", "CONNSECMARK", "ECN");

    /** Targets known to leave every modelled field alone and continue with the next rule. */
    static final Set<String> CONTINUING = Set.of("CHECKSUM", "TCPMSS", "TRACE", "CLASSIFY", "AUDIT", "DSCP", "TOS",
            "TTL", "HL", "SET");

    final String name;
    final boolean isGoto;
    final SourceLocation location;
    private final List<String> args = new ArrayList<>();
    private final List<NatRange> ranges = new ArrayList<>();
    private boolean random;
    private boolean randomFully;
    private boolean persistent;
    private PortRange toPorts;
    private String rejectWith;
    private String markSpelling;
    private long markValue;
    private long markMask;
    private Target.ConnMark.Op connOp;
    private long nfmask = 0xffffffffL;
    private long ctmask = 0xffffffffL;
    private boolean notrack;

    TargetInstance(String name, boolean isGoto, SourceLocation location) {
        this.name = name;
        this.isGoto = isGoto;
        this.location = location;
    }

    boolean accepts(String option) {
        return switch (name) {
            case "ACCEPT", "DROP", "RETURN" -> false;
            case "REJECT" -> option.equals("--reject-with");
            case "DNAT" -> option.equals("--to-destination") || option.equals("--random")
                    || option.equals("--persistent");
            case "SNAT" -> option.equals("--to-source") || option.equals("--random")
                    || option.equals("--random-fully") || option.equals("--persistent");
            case "MASQUERADE" -> option.equals("--to-ports") || option.equals("--random")
                    || option.equals("--random-fully");
            case "REDIRECT" -> option.equals("--to-ports") || option.equals("--random");
            case "MARK" -> switch (option) {
                case "--set-xmark", "--set-mark", "--and-mark", "--or-mark", "--xor-mark" -> true;
                default -> false;
            };
            case "CONNMARK" -> switch (option) {
                case "--set-xmark", "--set-mark", "--and-mark", "--or-mark", "--xor-mark", "--save-mark",
                        "--restore-mark", "--nfmask", "--ctmask", "--mask" -> true;
                default -> false;
            };
            case "NOTRACK" -> false;
            default -> true;
        };
    }

    /** True when the name is not a target extension netprove knows, so it may be a user chain. */
    boolean isChainLike() {
        return switch (name) {
            case "ACCEPT", "DROP", "RETURN", "REJECT", "DNAT", "SNAT", "MASQUERADE", "REDIRECT", "MARK", "CONNMARK",
                    "NOTRACK", "CT", "LOG", "NFLOG", "ULOG" -> false;
            default -> !UNMODELLED_EXTENSIONS.contains(name) && !CONTINUING.contains(name);
        };
    }

    void option(String option, boolean negated, ArgvTokens t) {
        if (negated) {
            throw t.error("target options cannot be negated: unexpected '!' before " + option);
        }
        switch (name) {
            case "REJECT" -> rejectWith = t.argument(option, "an ICMP error type such as icmp-port-unreachable");
            case "DNAT", "SNAT" -> {
                switch (option) {
                    case "--to-destination", "--to-source" -> ranges.add(Values.natRange(
                            t.argument(option, "ADDRESS[-ADDRESS][:PORT[-PORT]]"), t.last()));
                    case "--random" -> random = true;
                    case "--random-fully" -> randomFully = true;
                    default -> persistent = true;
                }
            }
            case "MASQUERADE", "REDIRECT" -> {
                switch (option) {
                    case "--to-ports" -> toPorts = Values.toPorts(t.argument(option, "PORT[-PORT]"), t.last());
                    case "--random" -> random = true;
                    default -> randomFully = true;
                }
            }
            case "MARK" -> mark(option, t);
            case "CONNMARK" -> connmark(option, t);
            case "CT" -> {
                if (option.equals("--notrack")) {
                    notrack = true;
                }
                args.add(option);
                takeWords(t);
            }
            default -> {
                args.add(option);
                takeWords(t);
            }
        }
    }

    private void takeWords(ArgvTokens t) {
        while (t.hasNext() && !t.peek().startsWith("-") && !t.peek().equals("!")) {
            args.add(t.take());
        }
    }

    private void mark(String option, ArgvTokens t) {
        if (markSpelling != null) {
            throw t.error("MARK takes one operation: unexpected " + option + " after " + markSpelling);
        }
        String v = t.argument(option, "VALUE[/MASK]");
        markSpelling = option + " " + v;
        long[] vm = option.equals("--set-xmark") || option.equals("--set-mark")
                ? Values.valueMask(v, t.last(), "a mark VALUE[/MASK]")
                : new long[] {Values.u32(v, t.last(), "a mark value"), 0};
        long x = vm[0];
        switch (option) {
            case "--set-xmark" -> {
                markValue = x;
                markMask = vm[1];
            }
            case "--set-mark" -> {
                markValue = x;
                markMask = vm[1] | x;
            }
            case "--and-mark" -> {
                markValue = 0;
                markMask = ~x & 0xffffffffL;
            }
            case "--or-mark" -> {
                markValue = x;
                markMask = x;
            }
            default -> {
                markValue = x;
                markMask = 0;
            }
        }
    }

    private void connmark(String option, ArgvTokens t) {
        switch (option) {
            case "--nfmask" -> nfmask = Values.u32(t.argument(option, "a mask"), t.last(), "a mask");
            case "--ctmask" -> ctmask = Values.u32(t.argument(option, "a mask"), t.last(), "a mask");
            case "--mask" -> {
                long m = Values.u32(t.argument(option, "a mask"), t.last(), "a mask");
                nfmask = m;
                ctmask = m;
            }
            case "--save-mark" -> {
                connOp = Target.ConnMark.Op.SAVE;
                markSpelling = option;
            }
            case "--restore-mark" -> {
                connOp = Target.ConnMark.Op.RESTORE;
                markSpelling = option;
            }
            default -> {
                mark(option, t);
                connOp = Target.ConnMark.Op.SET_XMARK;
            }
        }
    }

    Target finish() {
        if (isGoto) {
            return new Target.Goto(name);
        }
        return switch (name) {
            case "ACCEPT" -> new Target.Accept();
            case "DROP" -> new Target.Drop();
            case "RETURN" -> new Target.Return();
            case "REJECT" -> new Target.Reject(rejectWith == null ? "icmp-port-unreachable" : rejectWith);
            case "DNAT" -> {
                if (ranges.isEmpty()) {
                    throw new InputError(location, "DNAT needs --to-destination: expected ADDRESS[:PORT]");
                }
                yield new Target.Dnat(ranges, random, persistent);
            }
            case "SNAT" -> {
                if (ranges.isEmpty()) {
                    throw new InputError(location, "SNAT needs --to-source: expected ADDRESS[:PORT]");
                }
                yield new Target.Snat(ranges, random, randomFully, persistent);
            }
            case "MASQUERADE" -> new Target.Masquerade(toPorts, random, randomFully);
            case "REDIRECT" -> new Target.Redirect(toPorts, random);
            case "MARK" -> {
                if (markSpelling == null) {
                    throw new InputError(location, "MARK needs an operation: expected --set-xmark, --set-mark,"
                            + " --and-mark, --or-mark or --xor-mark");
                }
                yield new Target.SetMark(markValue, markMask, markSpelling);
            }
            case "CONNMARK" -> {
                if (connOp == null) {
                    throw new InputError(location, "CONNMARK needs an operation: expected --set-xmark, --set-mark,"
                            + " --save-mark or --restore-mark");
                }
                yield new Target.ConnMark(connOp, markValue, markMask, nfmask, ctmask, markSpelling);
            }
            case "NOTRACK" -> new Target.NoTrack("NOTRACK");
            case "CT" -> notrack ? new Target.NoTrack("CT --notrack") : new Target.Ct(args);
            case "LOG", "NFLOG", "ULOG" -> new Target.Log(name, args);
            default -> {
                if (CONTINUING.contains(name)) {
                    yield new Target.Continue(name, args);
                }
                if (UNMODELLED_EXTENSIONS.contains(name) || !args.isEmpty()) {
                    yield new Target.Unknown(name, args, location);
                }
                yield new Target.Jump(name);
            }
        };
    }
}
