package io.netprove.grammar.nft;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;

/** One statement of an nftables rule, as text and JSON both spell it. */
sealed interface Stmt {

    SourceLocation at();

    /**
     * {@code left [op] right}. {@code op} is {@code implicit} when nft wrote none (JSON {@code in}): for a bitmask
     * type that is a flag test, otherwise equality.
     */
    record Relation(Expr left, String op, Expr right, SourceLocation at) implements Stmt {
    }

    /** accept, drop, continue, return, jump CHAIN, goto CHAIN, queue. */
    record Verdict(String kind, String chain, SourceLocation at) implements Stmt {
        String text() {
            return chain == null ? kind : kind + " " + chain;
        }
    }

    /** {@code key vmap @map} or {@code key vmap { k : verdict, ... }}. */
    record VerdictMap(Expr key, Expr map, SourceLocation at) implements Stmt {
    }

    /** {@code reject [with TYPE CODE]}; type is null, icmp, icmpv6, icmpx or tcp (code {@code reset}). */
    record Reject(String type, String code, SourceLocation at) implements Stmt {
    }

    /**
     * dnat, snat, masquerade or redirect; {@code family} is the {@code ip}/{@code ip6} written after the keyword
     * (or null), {@code address} and {@code port} may be null, {@code flags} are random, fully-random, persistent.
     */
    record Nat(String kind, String family, Expr address, Expr port, List<String> flags, SourceLocation at)
            implements Stmt {
        public Nat {
            flags = List.copyOf(flags);
        }
    }

    /** {@code FIELD set VALUE}: meta mark, ct mark, and the rest (kept for a precise warning). */
    record Assign(Expr.Field field, Expr value, SourceLocation at) implements Stmt {
    }

    /** {@code counter [packets N bytes M]}. */
    record Counter(long packets, long bytes, SourceLocation at) implements Stmt {
    }

    /** {@code comment "TEXT"}. */
    record Comment(String text, SourceLocation at) implements Stmt {
    }

    /** {@code log ...}; {@code group} set means NFLOG-style logging. */
    record Log(List<String> arguments, boolean group, SourceLocation at) implements Stmt {
        public Log {
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code notrack}. */
    record Notrack(SourceLocation at) implements Stmt {
    }

    /** {@code add|update|delete @set { KEY }}: the packet path changes a set. */
    record SetUpdate(String op, String set, Expr key, SourceLocation at) implements Stmt {
    }

    /** {@code limit rate [over] N/UNIT [burst M packets]}. */
    record Limit(String rate, int burst, boolean over, SourceLocation at) implements Stmt {
    }

    /**
     * A statement netprove does not model, kept as written. {@code action} says whether it decides the packet's fate
     * or changes it (queue, tproxy, dup, fwd, flow offload, xt targets) rather than only matching.
     */
    record Unsupported(String text, boolean action, SourceLocation at) implements Stmt {
    }
}
