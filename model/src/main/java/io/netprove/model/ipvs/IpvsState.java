package io.netprove.model.ipvs;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Diagnostic;

import java.util.List;
import java.util.Optional;

/** The IPVS table of one node: every virtual service, the files it came from and the front end's warnings. */
public record IpvsState(List<VirtualService> services, List<String> sources, List<Diagnostic> diagnostics) {

    public IpvsState {
        services = List.copyOf(services);
        sources = List.copyOf(sources);
        diagnostics = List.copyOf(diagnostics);
    }

    /** The service with exactly this key, if any. */
    public Optional<VirtualService> service(VirtualServiceKey key) {
        for (VirtualService s : services) {
            if (s.key().equals(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The service the kernel's {@code ip_vs_service_find} picks for a packet: a firewall-mark service of the
     * packet's family first (when {@code mark} is not 0), then the exact protocol/address/port service, then the
     * catch-all port-0 service on that address. (The kernel's extra FTP-data lookup is not modelled.)
     */
    public Optional<VirtualService> find(AddressFamily family, long mark, IpvsProtocol protocol, IpAddress address,
                                         int port) {
        if (mark != 0) {
            Optional<VirtualService> byMark = service(new VirtualServiceKey.ByFwmark(mark, family));
            if (byMark.isPresent()) {
                return byMark;
            }
        }
        if (protocol == null || address == null || address.family() != family) {
            return Optional.empty();
        }
        Optional<VirtualService> exact = service(new VirtualServiceKey.ByAddress(protocol, address, port));
        if (exact.isPresent()) {
            return exact;
        }
        return service(new VirtualServiceKey.ByAddress(protocol, address, 0));
    }
}
