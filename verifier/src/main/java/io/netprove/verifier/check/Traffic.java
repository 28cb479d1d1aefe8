package io.netprove.verifier.check;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.Table;
import io.netprove.model.packet.Packet;
import io.netprove.model.space.IntervalSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One kind of traffic a statement covers: a protocol (with an ICMP type for ICMP) and the destination ports. "Any
 * traffic" becomes TCP, UDP and SCTP on every port, every ICMP type the rules distinguish plus one they do not, and
 * every other protocol the rules name plus one they do not — protocols and types the rules never mention all
 * behave alike, so one representative stands for all of them.
 */
public record Traffic(Protocol protocol, int icmpType, IntervalSet ports) {

    static final IntervalSet ALL_PORTS = IntervalSet.full(16);

    /** The first packet of a new connection of this traffic (addresses and ports are placeholders). */
    public Packet template(AddressFamily f) {
        IpAddress zero = f == AddressFamily.IPV4 ? IpAddress.v4(0) : IpAddress.v6(0, 0);
        if (protocol.isIcmp()) {
            return new Packet(zero, zero, protocol, -1, -1, icmpType, 0, 0, 0, CtState.NEW, null, null, null);
        }
        return Packet.newConnection(zero, zero, protocol, 0);
    }

    public String describe() {
        if (protocol.isIcmp()) {
            return protocol + " type " + icmpType;
        }
        if (!protocol.hasPorts()) {
            return "protocol " + protocol;
        }
        return protocol + (ports.isFull() ? " (any port)" : " port " + ports);
    }

    /** Every kind of traffic, given what the rules distinguish. */
    static List<Traffic> everything(AddressFamily f, List<Ruleset> rulesets) {
        List<Traffic> out = new ArrayList<>();
        out.add(new Traffic(Protocol.TCP, -1, ALL_PORTS));
        out.add(new Traffic(Protocol.UDP, -1, ALL_PORTS));
        out.add(new Traffic(Protocol.SCTP, -1, ALL_PORTS));
        out.addAll(icmp(f, rulesets));
        Set<Integer> mentioned = new TreeSet<>();
        for (Ruleset rs : rulesets) {
            for (Table t : rs.tables().values()) {
                for (Chain c : t.chains().values()) {
                    for (Rule r : c.rules()) {
                        for (Match m : r.matches()) {
                            if (m instanceof Match.ProtocolIs p) {
                                mentioned.add(p.protocol().number());
                            } else if (m instanceof Match.CtProto p) {
                                mentioned.add(p.protocol().number());
                            }
                        }
                    }
                }
            }
        }
        Set<Integer> handled = Set.of(0, 6, 17, 132, 1, 58);
        for (int n : mentioned) {
            if (!handled.contains(n)) {
                out.add(new Traffic(new Protocol(n), -1, ALL_PORTS));
            }
        }
        for (int n = 253; n > 0; n--) {
            if (!mentioned.contains(n) && !handled.contains(n) && !new Protocol(n).hasPorts()) {
                out.add(new Traffic(new Protocol(n), -1, ALL_PORTS));
                break;
            }
        }
        return out;
    }

    /** Every ICMP type the rules distinguish, echo request, and one type they do not mention. */
    static List<Traffic> icmp(AddressFamily f, List<Ruleset> rulesets) {
        Protocol p = f == AddressFamily.IPV4 ? Protocol.ICMP : Protocol.ICMPV6;
        Set<Integer> types = new TreeSet<>();
        types.add(f == AddressFamily.IPV4 ? 8 : 128);
        for (Ruleset rs : rulesets) {
            for (Table t : rs.tables().values()) {
                for (Chain c : t.chains().values()) {
                    for (Rule r : c.rules()) {
                        for (Match m : r.matches()) {
                            if (m instanceof Match.IcmpType it && it.type() >= 0) {
                                types.add(it.type());
                            }
                        }
                    }
                }
            }
        }
        for (int t = 250; t > 0; t--) {
            if (!types.contains(t)) {
                types.add(t);
                break;
            }
        }
        List<Traffic> out = new ArrayList<>();
        for (int t : types) {
            out.add(new Traffic(p, t, ALL_PORTS));
        }
        return out;
    }
}
