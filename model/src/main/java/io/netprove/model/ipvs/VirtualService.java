package io.netprove.model.ipvs;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One IPVS virtual service with its real servers in the order they were read. {@code onePacket} is ipvsadm's
 * {@code -o}/{@code ops} (schedule every UDP datagram on its own).
 */
public record VirtualService(VirtualServiceKey key, Scheduler scheduler, Set<SchedulerFlag> flags,
                             Optional<Persistence> persistence, boolean onePacket, List<RealServer> realServers,
                             SourceLocation location) {

    public VirtualService {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        realServers = List.copyOf(realServers);
    }

    public AddressFamily family() {
        return key.family();
    }

    /** The real servers that can take a new connection (weight above 0). */
    public List<RealServer> schedulableServers() {
        List<RealServer> out = new ArrayList<>();
        for (RealServer r : realServers) {
            if (r.acceptsNewConnections()) {
                out.add(r);
            }
        }
        return out;
    }

    /** The same service with another list of real servers. */
    public VirtualService withRealServers(List<RealServer> servers) {
        return new VirtualService(key, scheduler, flags, persistence, onePacket, servers, location);
    }
}
