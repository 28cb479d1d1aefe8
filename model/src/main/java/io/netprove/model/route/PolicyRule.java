package io.netprove.model.route;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One {@code ip rule}: a priority, a selector ({@code from}, {@code to}, {@code tos}, {@code fwmark value/mask},
 * {@code iif}, {@code oif}, {@code ipproto}, {@code sport}, {@code dport}, {@code uidrange}), possibly inverted by
 * {@code not}, and an action: look up {@code table} (with {@code suppress_prefixlength}), {@code goto} another rule,
 * {@code nop}, or a drop type. {@code fwmask} is 0xffffffff when only a mark was given. {@code attributes} keeps
 * recognised words this model does not evaluate ({@code suppress_ifgroup}, {@code realms}, {@code proto},
 * {@code l3mdev}, ...); a rule with {@code l3mdev} never matches in {@link #selects}.
 */
public record PolicyRule(AddressFamily family, long priority, boolean not, Optional<IpPrefix> from,
                         Optional<IpPrefix> to, int tos, OptionalLong fwmark, long fwmask, Optional<String> iif,
                         Optional<String> oif, Optional<Protocol> ipProtocol, Optional<PortRange> sourcePorts,
                         Optional<PortRange> destinationPorts, Optional<UidRange> uidRange, boolean l3mdev,
                         RuleAction action, Optional<RouteTableId> table, OptionalLong gotoTarget,
                         OptionalInt suppressPrefixLength, List<RouteAttribute> attributes,
                         SourceLocation location) {

    /** An inclusive range of user ids ({@code uidrange A-B}). */
    public record UidRange(long first, long last) {
    }

    public PolicyRule {
        attributes = List.copyOf(attributes);
        if (action == RuleAction.LOOKUP && table.isEmpty()) {
            throw new IllegalArgumentException("lookup rule without a table");
        }
        if (action == RuleAction.GOTO && gotoTarget.isEmpty()) {
            throw new IllegalArgumentException("goto rule without a target");
        }
    }

    /** A plain {@code PRIO: from all lookup TABLE} rule. */
    public static PolicyRule lookupAll(AddressFamily family, long priority, RouteTableId table) {
        return new PolicyRule(family, priority, false, Optional.empty(), Optional.empty(), 0, OptionalLong.empty(),
                0xffffffffL, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, RuleAction.LOOKUP, Optional.of(table), OptionalLong.empty(),
                OptionalInt.empty(), List.of(), SourceLocation.NONE);
    }

    /** The rules a fresh kernel has: 0 local, 32766 main, and for IPv4 32767 default. */
    public static List<PolicyRule> defaults(AddressFamily family) {
        if (family == AddressFamily.IPV6) {
            return List.of(lookupAll(family, 0, RouteTableId.LOCAL), lookupAll(family, 32766, RouteTableId.MAIN));
        }
        return List.of(lookupAll(family, 0, RouteTableId.LOCAL), lookupAll(family, 32766, RouteTableId.MAIN),
                lookupAll(family, 32767, RouteTableId.DEFAULT));
    }

    /** True when the selector (after {@code not}) matches the query, as the kernel's fib_rule_match decides. */
    public boolean selects(RouteQuery q) {
        if (l3mdev) {
            return false;
        }
        return matchesIgnoringNot(q) != not;
    }

    private boolean matchesIgnoringNot(RouteQuery q) {
        if (iif.isPresent() && !iif.get().equals(q.effectiveInputInterface())) {
            return false;
        }
        if (oif.isPresent() && (q.outputInterface() == null || !oif.get().equals(q.outputInterface()))) {
            return false;
        }
        if (fwmark.isPresent() && ((fwmark.getAsLong() ^ q.mark()) & fwmask) != 0) {
            return false;
        }
        if (uidRange.isPresent() && (q.uid() < uidRange.get().first() || q.uid() > uidRange.get().last())) {
            return false;
        }
        IpAddress src = q.effectiveSource();
        if (from.isPresent() && !from.get().contains(src)) {
            return false;
        }
        if (to.isPresent() && !to.get().contains(q.destination())) {
            return false;
        }
        if (tos != 0 && tos != q.tos()) {
            return false;
        }
        if (ipProtocol.isPresent() && !ipProtocol.get().equals(q.protocol())) {
            return false;
        }
        if (sourcePorts.isPresent() && !sourcePorts.get().contains(q.sourcePort())) {
            return false;
        }
        return destinationPorts.isEmpty() || destinationPorts.get().contains(q.destinationPort());
    }
}
