package io.netprove.grammar.ipvs;

import io.netprove.grammar.InputError;
import io.netprove.model.ipvs.RealServer;
import io.netprove.model.ipvs.VirtualService;
import io.netprove.model.ipvs.VirtualServiceKey;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The IPVS table while it is being read: services in insertion order, each with its real servers. */
final class ServiceTable {

    private final Map<VirtualServiceKey, VirtualService> services = new LinkedHashMap<>();

    VirtualService get(VirtualServiceKey key) {
        return services.get(key);
    }

    void addService(VirtualService service, SourceLocation at) {
        VirtualService old = services.get(service.key());
        if (old != null) {
            throw new InputError(at, "virtual service " + service.key() + " is already defined at line "
                    + old.location().line() + ": expected each service to be added once (use -E to edit it)");
        }
        services.put(service.key(), service);
    }

    void replaceService(VirtualService service) {
        services.put(service.key(), service);
    }

    void removeService(VirtualServiceKey key) {
        services.remove(key);
    }

    void clear() {
        services.clear();
    }

    /** The service a real-server line refers to; a missing one is an error at {@code at}. */
    VirtualService require(VirtualServiceKey key, SourceLocation at) {
        VirtualService s = services.get(key);
        if (s == null) {
            throw new InputError(at, "real server for virtual service " + key
                    + " that was never added: expected its '-A' line (or its service line in the listing) first");
        }
        return s;
    }

    static int indexOf(VirtualService service, IpAddress address, int port) {
        List<RealServer> servers = service.realServers();
        for (int i = 0; i < servers.size(); i++) {
            RealServer r = servers.get(i);
            if (r.address().equals(address) && r.port() == port) {
                return i;
            }
        }
        return -1;
    }

    void addServer(VirtualServiceKey key, RealServer server) {
        VirtualService s = services.get(key);
        int at = indexOf(s, server.address(), server.port());
        if (at >= 0) {
            throw new InputError(server.location(), "real server " + server.endpoint() + " of " + key
                    + " is already defined at line " + s.realServers().get(at).location().line()
                    + ": expected each real server to be added once (use -e to edit it)");
        }
        List<RealServer> list = new ArrayList<>(s.realServers());
        list.add(server);
        services.put(key, s.withRealServers(list));
    }

    List<VirtualService> services() {
        return List.copyOf(services.values());
    }
}
