package io.netprove.compiler.ipvs;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;

import java.util.List;
import java.util.Objects;

/**
 * An IPVS virtual server kube-proxy creates: address, port and protocol, scheduler, persistence timeout for ClientIP
 * affinity (0 when none), the source-port hashing flag of the {@code mh} scheduler, and its real servers (masquerade
 * forwarding, weight 1).
 */
public record VirtualServer(IpAddress address, int port, Protocol protocol, String scheduler, int persistenceSeconds,
                            boolean sourcePortHash, List<RealServer> realServers) {

    /** One destination of a virtual server. */
    public record RealServer(IpAddress address, int port, int weight) {
        public String text() {
            return address.withPort(port);
        }
    }

    public VirtualServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(scheduler, "scheduler");
        realServers = List.copyOf(realServers);
    }

    /** The lines {@code ipvsadm-save -n} prints for this virtual server and its real servers. */
    public List<String> saveLines() {
        String key = option() + " " + address.withPort(port);
        StringBuilder head = new StringBuilder("-A ").append(key).append(" -s ").append(scheduler);
        if (persistenceSeconds > 0) {
            head.append(" -p ").append(persistenceSeconds);
        }
        if (sourcePortHash) {
            head.append(" -b ").append(scheduler).append("-port");
        }
        List<String> out = new java.util.ArrayList<>();
        out.add(head.toString());
        for (RealServer r : realServers) {
            out.add("-a " + key + " -r " + r.text() + " -m -w " + r.weight());
        }
        return out;
    }

    private String option() {
        if (protocol.equals(Protocol.UDP)) {
            return "-u";
        }
        if (protocol.equals(Protocol.SCTP)) {
            return "--sctp-service";
        }
        return "-t";
    }
}
