package io.netprove.verifier.policy;

import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.NetworkPolicyPort;
import io.netprove.model.k8s.NetworkPolicyRule;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.space.IntervalSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Turns the rules of the policies isolating one pod into {@link PeerBox}es: per rule, its peer addresses times each
 * of its port entries. A named port becomes the port it names on the destination: on the isolated pod itself for
 * ingress, and for egress on each destination pod, so an egress entry splits into one box per port number, holding
 * the destination pods that give the name that number. Outside addresses have no named ports.
 */
final class AllowanceBuilder {

    private final PodDirectory pods;
    private final RuleMatcher matcher;

    AllowanceBuilder(PodDirectory pods, RuleMatcher matcher) {
        this.pods = pods;
        this.matcher = matcher;
    }

    /** The boxes of {@code policy}'s rules in {@code direction}, for the isolated pod {@code pod}. */
    List<PeerBox> boxes(NetworkPolicy policy, PolicyType direction, Pod pod, AddressFamily family) {
        List<PeerBox> out = new ArrayList<>();
        List<NetworkPolicyRule> rules = RuleMatcher.rules(policy, direction);
        for (int i = 0; i < rules.size(); i++) {
            NetworkPolicyRule rule = rules.get(i);
            IntervalSet peers = matcher.peerAddresses(policy.namespace(), rule, family);
            if (peers.isEmpty()) {
                continue;
            }
            String grant = PolicyRef.of(policy).rule(direction, i, rule.location());
            if (rule.allowsAllPorts()) {
                out.add(new PeerBox(peers, Protocol.ALL, PeerBox.ALL_PORTS, grant));
                continue;
            }
            for (NetworkPolicyPort entry : rule.ports()) {
                Optional<PortRange> range = entry.numericRange();
                if (range.isPresent()) {
                    out.add(new PeerBox(peers, entry.protocol(), ports(range.get()), grant));
                } else if (direction == PolicyType.INGRESS) {
                    OptionalInt number = pod.resolvePort(portName(entry), entry.protocol());
                    if (number.isPresent()) {
                        out.add(new PeerBox(peers, entry.protocol(), port(number.getAsInt()),
                                grant + " named port " + portName(entry)));
                    }
                } else {
                    out.addAll(namedDestinations(entry, peers, family, grant));
                }
            }
        }
        return out;
    }

    /** The egress boxes of a named port entry: one per number the name resolves to among the reachable pods. */
    private List<PeerBox> namedDestinations(NetworkPolicyPort entry, IntervalSet peers, AddressFamily family,
                                            String grant) {
        String name = portName(entry);
        Map<Integer, List<IpAddress>> byNumber = new TreeMap<>();
        for (Map.Entry<IpAddress, Pod> e : pods.owned(family)) {
            IpAddress a = e.getKey();
            if (!peers.contains(a.hi(), a.lo())) {
                continue;
            }
            OptionalInt number = e.getValue().resolvePort(name, entry.protocol());
            if (number.isPresent()) {
                byNumber.computeIfAbsent(number.getAsInt(), k -> new ArrayList<>()).add(a);
            }
        }
        List<PeerBox> out = new ArrayList<>();
        for (Map.Entry<Integer, List<IpAddress>> e : byNumber.entrySet()) {
            out.add(new PeerBox(IntervalSet.points(family.bits(), e.getValue()), entry.protocol(),
                    port(e.getKey()), grant + " named port " + name + " ("
                    + entry.protocol().name().toUpperCase(Locale.ROOT) + ")"));
        }
        return out;
    }

    private static String portName(NetworkPolicyPort entry) {
        return ((PortReference.Named) entry.port().orElseThrow()).name();
    }

    private static IntervalSet ports(PortRange range) {
        return IntervalSet.range(16, range.first(), range.last());
    }

    private static IntervalSet port(int number) {
        return IntervalSet.range(16, number, number);
    }
}
