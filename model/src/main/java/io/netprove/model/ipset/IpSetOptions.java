package io.netprove.model.ipset;

import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The create-time options of a set. {@code netmask} (hash:ip, bitmap:ip) stores and looks up addresses masked to
 * that prefix length; {@code portRange} is bitmap:port's {@code range}, {@code addressRange} bitmap:ip's;
 * {@code markmask} masks the packet mark for hash:ip,mark. The rest (sizes, bucketsize, initval, the extension
 * switches) does not change which packets match; words this model does not know are kept in {@code other}.
 */
public record IpSetOptions(OptionalInt hashSize, OptionalLong maxElements, OptionalLong timeout, boolean counters,
                           boolean comment, boolean skbinfo, boolean forceadd, OptionalInt netmask,
                           Optional<PortRange> portRange, Optional<IpRange> addressRange, OptionalInt listSize,
                           OptionalInt bucketSize, Optional<String> initval, OptionalLong markmask,
                           List<String> other) {

    public static final IpSetOptions NONE = new IpSetOptions(OptionalInt.empty(), OptionalLong.empty(),
            OptionalLong.empty(), false, false, false, false, OptionalInt.empty(), Optional.empty(), Optional.empty(),
            OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), OptionalLong.empty(), List.of());

    public IpSetOptions {
        other = List.copyOf(other);
    }

    /** The mask applied to packet marks (all ones unless {@code markmask} was given). */
    public long effectiveMarkmask() {
        return markmask.orElse(0xffffffffL);
    }
}
