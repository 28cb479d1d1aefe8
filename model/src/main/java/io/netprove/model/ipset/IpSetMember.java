package io.netprove.model.ipset;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;

/**
 * One element of a set: its components in the type's dimension order, the {@code nomatch} flag (an exception
 * carved out of a wider network), and the per-element extensions ipset keeps. A timeout means the element was
 * still alive when the state was dumped; it is treated as present. {@code otherOptions} holds extension words that
 * do not affect matching ({@code skbmark}, {@code skbprio}, {@code skbqueue}), verbatim.
 */
public record IpSetMember(List<IpSetElement> elements, boolean nomatch, OptionalLong timeout, Optional<String> comment,
                          Optional<PacketCounters> counters, List<String> otherOptions, SourceLocation location) {

    /** The {@code packets N bytes N} counters of a set created with {@code counters}. */
    public record PacketCounters(long packets, long bytes) {
    }

    public IpSetMember {
        elements = List.copyOf(elements);
        otherOptions = List.copyOf(otherOptions);
    }

    /** The element as ipset writes it, components joined by commas ({@code 10.96.0.1,tcp:443}). */
    public String elementText() {
        StringJoiner j = new StringJoiner(",");
        for (IpSetElement e : elements) {
            j.add(e.toString());
        }
        return j.toString();
    }
}
