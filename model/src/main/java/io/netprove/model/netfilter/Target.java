package io.netprove.model.netfilter;

import io.netprove.model.net.PortRange;

import java.util.List;

/** What a rule does when all its criteria hold. */
public sealed interface Target {

    /** The name after {@code -j}/{@code -g} as a dump shows it. */
    String name();

    /** Exhaustive dispatch over every variant (Java 17 has no pattern switch): adding a variant breaks every visitor until it handles it. */
    interface Visitor<R> {
        R visit(Accept x);

        R visit(Drop x);

        R visit(Reject x);

        R visit(Return x);

        R visit(Jump x);

        R visit(Goto x);

        R visit(None x);

        R visit(Log x);

        R visit(SetMark x);

        R visit(ConnMark x);

        R visit(Dnat x);

        R visit(Snat x);

        R visit(Masquerade x);

        R visit(Redirect x);

        R visit(NoTrack x);

        R visit(Ct x);

        R visit(Continue x);

        R visit(Unknown x);
    }

    /** Calls the visitor method for this variant. */
    <R> R accept(Visitor<R> v);

    /** ACCEPT: ends this table's traversal of the hook; the packet moves on. */
    record Accept() implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String name() {
            return "ACCEPT";
        }
    }

    /** DROP: the packet is discarded silently. */
    record Drop() implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String name() {
            return "DROP";
        }
    }

    /** REJECT: the packet is discarded and an error is sent back. */
    record Reject(String rejectWith) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String name() {
            return "REJECT";
        }
    }

    /** RETURN: back to the calling chain (or the policy, in a built-in chain). */
    record Return() implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String name() {
            return "RETURN";
        }
    }

    /** {@code -j CHAIN}: call a user chain, come back on RETURN or at its end. */
    record Jump(String chain) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String name() {
            return chain;
        }
    }

    /** {@code -g CHAIN}: continue in a user chain; its RETURN goes to the caller of this chain. */
    record Goto(String chain) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String name() {
            return chain;
        }
    }

    /** No {@code -j}: the rule only counts. */
    record None() implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String name() {
            return "";
        }
    }

    /** LOG, NFLOG, ULOG and similar: observe and continue. */
    record Log(String kind, List<String> arguments) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public Log {
            arguments = List.copyOf(arguments);
        }

        public String name() {
            return kind;
        }
    }

    /**
     * MARK in every spelling, normalised to the kernel's xmark form: {@code mark = (mark & ~mask) ^ value}.
     * {@code spelling} keeps the option as written (for example {@code --or-mark 0x4000}).
     */
    record SetMark(long value, long mask, String spelling) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String name() {
            return "MARK";
        }

        public long apply(long mark) {
            return ((mark & ~mask) ^ value) & 0xffffffffL;
        }
    }

    /** CONNMARK: set the connection mark, or copy between packet mark and connection mark. */
    record ConnMark(Op op, long value, long mask, long nfmask, long ctmask, String spelling) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        /** The three kernel operations. */
        public enum Op { SET_XMARK, SAVE, RESTORE }

        public String name() {
            return "CONNMARK";
        }
    }

    /** DNAT: rewrite the destination to one of the ranges. */
    record Dnat(List<NatRange> ranges, boolean random, boolean persistent) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public Dnat {
            ranges = List.copyOf(ranges);
        }

        public String name() {
            return "DNAT";
        }
    }

    /** SNAT: rewrite the source to one of the ranges. */
    record Snat(List<NatRange> ranges, boolean random, boolean randomFully, boolean persistent) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public Snat {
            ranges = List.copyOf(ranges);
        }

        public String name() {
            return "SNAT";
        }
    }

    /** MASQUERADE: rewrite the source to the address of the outgoing interface. */
    record Masquerade(PortRange ports, boolean random, boolean randomFully) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String name() {
            return "MASQUERADE";
        }
    }

    /** REDIRECT: DNAT to the node itself (the primary address of the incoming interface, or 127.0.0.1). */
    record Redirect(PortRange ports, boolean random) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String name() {
            return "REDIRECT";
        }
    }

    /** NOTRACK, or CT with {@code --notrack}: the packet is untracked and skips NAT. */
    record NoTrack(String spelling) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String name() {
            return spelling;
        }
    }

    /** CT with options other than {@code --notrack} (zone, helper, timeout): continue. */
    record Ct(List<String> arguments) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public Ct {
            arguments = List.copyOf(arguments);
        }

        public String name() {
            return "CT";
        }
    }

    /**
     * A target known to leave the modelled header fields alone and continue (CHECKSUM, TCPMSS, TRACE, CLASSIFY, ...).
     */
    record Continue(String name, List<String> arguments) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public Continue {
            arguments = List.copyOf(arguments);
        }
    }

    /** A target netprove does not model: kept and reported; what follows it is "unknown". */
    record Unknown(String name, List<String> arguments, SourceLocation location) implements Target {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public Unknown {
            arguments = List.copyOf(arguments);
        }
    }
}
