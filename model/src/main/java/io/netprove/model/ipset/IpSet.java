package io.netprove.model.ipset;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * A named set: its type, its address family (empty for types that hold no addresses: bitmap:port, hash:mac,
 * list:set), its create options and its members in the order they were added. {@code revision} is the type
 * revision {@code ipset list} shows, when it was read from there.
 */
public record IpSet(String name, IpSetType type, Optional<AddressFamily> family, IpSetOptions options,
                    List<IpSetMember> members, OptionalInt revision, SourceLocation location) {

    public IpSet {
        members = List.copyOf(members);
    }

    /** The same set with other members. */
    public IpSet withMembers(List<IpSetMember> newMembers) {
        return new IpSet(name, type, family, options, newMembers, revision, location);
    }

    /**
     * The kernel's answer for {@code tuple}; member sets of a list:set are looked up through {@code sets} (a set
     * it cannot find is skipped, as the kernel skips a member being destroyed).
     */
    public IpSetMatch test(IpSetTuple tuple, Function<String, Optional<IpSet>> sets) {
        return IpSetMatcher.test(this, tuple, sets);
    }

    /**
     * True if {@code tuple} is in this set. A list:set answers false here for want of its member sets: use
     * {@link IpSets#contains(String, IpSetTuple)} for those.
     */
    public boolean contains(IpSetTuple tuple) {
        return test(tuple, n -> Optional.empty()) == IpSetMatch.MATCH;
    }
}
