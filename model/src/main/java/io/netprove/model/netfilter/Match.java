package io.netprove.model.netfilter;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;

import java.util.List;
import java.util.Set;

/**
 * One criterion of a rule. A rule matches when every criterion holds. Each criterion records the match module it
 * was written under ({@code null} for the built-in options {@code -s -d -i -o -p -f}) so that a printer can restore
 * the {@code -m module} grouping, and whether it was negated with {@code !}.
 */
public sealed interface Match {

    /** The {@code -m} module this criterion belongs to, or null for a built-in option. */
    String module();

    /** Exhaustive dispatch over every variant (Java 17 has no pattern switch): adding a variant breaks every visitor until it handles it. */
    interface Visitor<R> {
        R visit(Address x);

        R visit(Interface x);

        R visit(ProtocolIs x);

        R visit(Fragment x);

        R visit(Port x);

        R visit(TcpFlags x);

        R visit(TcpOption x);

        R visit(IcmpType x);

        R visit(Multiport x);

        R visit(Comment x);

        R visit(Statistic x);

        R visit(Mark x);

        R visit(Connmark x);

        R visit(CtStateIs x);

        R visit(CtStatusIs x);

        R visit(CtProto x);

        R visit(CtAddress x);

        R visit(CtPort x);

        R visit(CtDirection x);

        R visit(CtExpire x);

        R visit(AddrTypeIs x);

        R visit(Recent x);

        R visit(SetIs x);

        R visit(IpRangeIs x);

        R visit(Physdev x);

        R visit(Nfacct x);

        R visit(Limit x);

        R visit(Owner x);

        R visit(MacSource x);

        R visit(Lookup x);

        R visit(Unknown x);
    }

    /** Calls the visitor method for this variant. */
    <R> R accept(Visitor<R> v);

    /** {@code -s} / {@code -d}. */
    record Address(Direction direction, IpPrefix prefix, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return null;
        }
    }

    /** {@code -i} / {@code -o}; a trailing {@code +} matches every interface with that prefix. */
    record Interface(Direction direction, String pattern, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return null;
        }

        /** True if the interface name {@code name} is matched by the pattern (ignoring negation). */
        public boolean patternMatches(String name) {
            if (name == null) {
                return false;
            }
            if (pattern.endsWith("+")) {
                return name.startsWith(pattern.substring(0, pattern.length() - 1));
            }
            return name.equals(pattern);
        }
    }

    /** {@code -p}. */
    record ProtocolIs(Protocol protocol, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return null;
        }
    }

    /** {@code -f}: second and later fragments. */
    record Fragment(boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return null;
        }
    }

    /** {@code --sport} / {@code --dport} of the tcp, udp, sctp, udplite or dccp module. */
    record Port(String module, Direction direction, PortRange range, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code --tcp-flags MASK COMP} (and {@code --syn}, which is SYN,RST,ACK,FIN SYN). */
    record TcpFlags(int mask, int compare, boolean negated, boolean writtenAsSyn) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public static final int FIN = 0x01;
        public static final int SYN = 0x02;
        public static final int RST = 0x04;
        public static final int PSH = 0x08;
        public static final int ACK = 0x10;
        public static final int URG = 0x20;
        public static final int ECE = 0x40;
        public static final int CWR = 0x80;

        public String module() {
            return "tcp";
        }
    }

    /** {@code --tcp-option N}. */
    record TcpOption(int option, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return "tcp";
        }
    }

    /** {@code --icmp-type} / {@code --icmpv6-type}; type -1 means "any". */
    record IcmpType(AddressFamily family, int type, int codeMin, int codeMax, String spelling, boolean negated)
            implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return family == AddressFamily.IPV4 ? "icmp" : "icmp6";
        }
    }

    /** {@code -m multiport --sports/--dports/--ports}. */
    record Multiport(Kind kind, List<PortRange> ports, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        /** Which port the list is compared with; PORTS means either. */
        public enum Kind { SOURCE, DESTINATION, EITHER }

        public Multiport {
            ports = List.copyOf(ports);
        }

        public String module() {
            return "multiport";
        }
    }

    /** {@code -m comment --comment TEXT}: always true. */
    record Comment(String text) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return "comment";
        }
    }

    /** {@code -m statistic}: random with a probability, or every n-th packet. */
    record Statistic(Mode mode, double probability, String probabilityText, int every, int packet, boolean negated)
            implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        /** How the statistic match decides. */
        public enum Mode { RANDOM, NTH }

        public String module() {
            return "statistic";
        }

        /** Chance that this criterion holds for one packet (already accounting for negation). */
        public double chance() {
            double p = mode == Mode.RANDOM ? probability : 1.0 / Math.max(1, every);
            return negated ? 1.0 - p : p;
        }
    }

    /** {@code -m mark --mark VALUE[/MASK]}. */
    record Mark(long value, long mask, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return "mark";
        }
    }

    /** {@code -m connmark --mark VALUE[/MASK]}. */
    record Connmark(long value, long mask, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return "connmark";
        }
    }

    /** {@code -m conntrack --ctstate} or {@code -m state --state}. */
    record CtStateIs(Set<CtState> states, boolean negated, boolean legacyStateModule) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public CtStateIs {
            states = Set.copyOf(states);
        }

        public String module() {
            return legacyStateModule ? "state" : "conntrack";
        }
    }

    /** {@code -m conntrack --ctstatus}. */
    record CtStatusIs(Set<CtStatus> statuses, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public CtStatusIs {
            statuses = Set.copyOf(statuses);
        }

        public String module() {
            return "conntrack";
        }
    }

    /** {@code -m conntrack --ctproto}. */
    record CtProto(Protocol protocol, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return "conntrack";
        }
    }

    /** {@code -m conntrack --ctorigsrc/--ctorigdst/--ctreplsrc/--ctrepldst}. */
    record CtAddress(CtTuple tuple, IpPrefix prefix, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return "conntrack";
        }
    }

    /** {@code -m conntrack --ctorigsrcport/--ctorigdstport/--ctreplsrcport/--ctrepldstport}. */
    record CtPort(CtTuple tuple, PortRange range, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return "conntrack";
        }
    }

    /** {@code -m conntrack --ctdir ORIGINAL|REPLY}. */
    record CtDirection(boolean original) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return "conntrack";
        }
    }

    /** {@code -m conntrack --ctexpire MIN[:MAX]}: depends on timers, so it is a free choice. */
    record CtExpire(long min, long max, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return "conntrack";
        }
    }

    /** The four address/port slots of a conntrack entry. */
    enum CtTuple { ORIGSRC, ORIGDST, REPLSRC, REPLDST }

    /** {@code -m addrtype --src-type/--dst-type}, optionally limited to the input or output interface. */
    record AddrTypeIs(Direction direction, Set<AddrType> types, boolean negated, LimitIface limit) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        /** {@code --limit-iface-in} / {@code --limit-iface-out}. */
        public enum LimitIface { NONE, IN, OUT }

        public AddrTypeIs {
            types = Set.copyOf(types);
        }

        public String module() {
            return "addrtype";
        }
    }

    /** {@code -m recent}. */
    record Recent(String name, Mode mode, int seconds, int hitcount, boolean reap, boolean rttl, boolean rdest,
                  IpAddress mask, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        /** What the rule does with the list. */
        public enum Mode { SET, RCHECK, UPDATE, REMOVE }

        public String module() {
            return "recent";
        }
    }

    /** {@code -m set --match-set NAME FLAGS}. */
    record SetIs(String setName, List<Direction> flags, boolean negated, List<String> options) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public SetIs {
            flags = List.copyOf(flags);
            options = List.copyOf(options);
        }

        public String module() {
            return "set";
        }
    }

    /** {@code -m iprange --src-range/--dst-range}. */
    record IpRangeIs(Direction direction, IpRange range, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return "iprange";
        }
    }

    /** {@code -m physdev}: bridge port criteria. */
    record Physdev(Kind kind, String iface, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        /** Which physdev option. */
        public enum Kind { IN, OUT, IS_IN, IS_OUT, IS_BRIDGED }

        public String module() {
            return "physdev";
        }
    }

    /** {@code -m nfacct --nfacct-name NAME}: accounting only, always true. */
    record Nfacct(String name) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return "nfacct";
        }
    }

    /** {@code -m limit}: depends on the token bucket, so it is a free choice. */
    record Limit(String rate, int burst, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return "limit";
        }
    }

    /** {@code -m owner}: depends on the sending socket, so it is a free choice for local traffic. */
    record Owner(Kind kind, String value, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        /** Which owner option. */
        public enum Kind { UID, GID, SOCKET_EXISTS, SUPPL_GROUPS }

        public String module() {
            return "owner";
        }
    }

    /** {@code -m mac --mac-source}. */
    record MacSource(String mac, boolean negated) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public String module() {
            return "mac";
        }
    }

    /** A key component of a {@link Lookup}: which packet field, in nftables' concatenation order. */
    enum LookupKey { SRC_ADDR, DST_ADDR, L4PROTO, SRC_PORT, DST_PORT, MARK }

    /**
     * One element of a {@link Lookup}: a value set per key component (a point, a CIDR or a range), so that an
     * element matches when every component of the packet's key lies in its set.
     */
    record LookupElement(List<io.netprove.model.space.IntervalSet> components) {
        public LookupElement {
            components = List.copyOf(components);
        }
    }

    /**
     * nftables' set lookup ({@code ip daddr . meta l4proto . th dport @set}, or an anonymous set): matches when some
     * element holds for the packet's key; {@code set} names the set for reports ("" for an anonymous one).
     */
    record Lookup(List<LookupKey> keys, List<LookupElement> elements, boolean negated, String set) implements Match {
        public Lookup {
            keys = List.copyOf(keys);
            elements = List.copyOf(elements);
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        public String module() {
            return "nft-lookup";
        }
    }

    /** A module netprove does not model: kept verbatim and reported; answers depending on it are "unknown". */
    record Unknown(String module, List<String> arguments, SourceLocation location) implements Match {

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
        public Unknown {
            arguments = List.copyOf(arguments);
        }
    }
}
