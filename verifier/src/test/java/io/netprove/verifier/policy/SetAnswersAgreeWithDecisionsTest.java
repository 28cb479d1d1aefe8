package io.netprove.verifier.policy;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Container;
import io.netprove.model.k8s.ContainerPort;
import io.netprove.model.k8s.KubeObject;
import io.netprove.model.k8s.LabelSelector;
import io.netprove.model.k8s.Namespace;
import io.netprove.model.k8s.Node;
import io.netprove.model.k8s.NodeAddress;
import io.netprove.model.k8s.NodeAddressType;
import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.NetworkPolicyPeer;
import io.netprove.model.k8s.NetworkPolicyPort;
import io.netprove.model.k8s.NetworkPolicyRule;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PodPhase;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.space.IntervalSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On generated clusters (random labels, named ports, hostNetwork pods, shared addresses, and policies with every
 * kind of peer and port), the set-valued answers hold an address exactly when the concrete decision for that address
 * allows, in both ipBlock scopes, and the decision is the same at both ends of every port class.
 */
class SetAnswersAgreeWithDecisionsTest {

    private static final SourceLocation AT = SourceLocation.of("generated.yaml", 1);
    private static final String[] APPS = {"web", "db", "api"};
    private static final String[] NAMED = {"http", "metrics"};
    private static final Protocol[] PROTOCOLS = {Protocol.TCP, Protocol.UDP};

    @Test
    void setsAndDecisionsAgreeOnGeneratedClusters() {
        int[] counts = new int[2];
        for (int seed = 1; seed <= 40; seed++) {
            ClusterObjects cluster = generate(new Random(seed));
            for (IpBlockScope scope : IpBlockScope.values()) {
                // the own-node assumption alternates with the seed: egress to a node address is then a box or not
                PolicyAssumptions assumptions = PolicyAssumptions.DOCUMENTED.withIpBlockScope(scope)
                        .withPodToOwnNode(seed % 2 == 0);
                compare(cluster, NetworkPolicyEngine.of(cluster, assumptions), "seed " + seed + " " + assumptions,
                        counts);
            }
        }
        System.err.println("generated clusters: " + counts[0] + " denied, " + counts[1] + " allowed directions");
        // the generated policies must both allow and deny a fair share, or the agreement says little
        assertTrue(counts[0] > 10_000 && counts[1] > 10_000,
                "denied " + counts[0] + ", allowed " + counts[1] + " judged directions");
    }

    /** Compares every judged direction; counts[0] gets the denials, counts[1] the allowances. */
    private static void compare(ClusterObjects cluster, NetworkPolicyEngine p, String label, int[] counts) {
        List<IpAddress> addresses = new ArrayList<>();
        for (Pod pod : cluster.pods()) {
            for (IpAddress a : pod.podIPs()) {
                if (!addresses.contains(a)) {
                    addresses.add(a);
                }
            }
        }
        for (String outside : new String[] {"10.1.0.200", "10.1.0.3", "10.1.0.4", "192.0.2.1", "fd00::99",
                "2001:db8::1"}) {
            addresses.add(IpAddress.parse(outside));
        }
        Map<String, IntervalSet> sets = new HashMap<>();
        for (Protocol protocol : PROTOCOLS) {
            for (PortRange cls : p.portClasses(protocol)) {
                for (IpAddress src : addresses) {
                    for (IpAddress dst : addresses) {
                        if (src.family() != dst.family()) {
                            continue;
                        }
                        PolicyDecision first = p.decide(src, dst, protocol, cls.first());
                        PolicyDecision last = p.decide(src, dst, protocol, cls.last());
                        String what = label + ": " + src + " -> " + dst + " " + protocol + "/" + cls;
                        assertEquals(first.ingress().allows(), last.ingress().allows(), what + " ingress in class");
                        assertEquals(first.egress().allows(), last.egress().allows(), what + " egress in class");
                        PolicyEndpoint to = p.endpoint(dst);
                        if (to instanceof PolicyEndpoint.PodEndpoint) {
                            Pod pod = ((PolicyEndpoint.PodEndpoint) to).pod();
                            IntervalSet in = sets.computeIfAbsent("in " + pod.metadata().qualifiedName() + " "
                                    + dst.family() + protocol + cls.first(), k -> p.allowedSources(pod, dst.family(),
                                    protocol, cls.first()));
                            assertEquals(first.ingress().allows(), in.contains(src.hi(), src.lo()),
                                    what + " ingress set " + in + " vs " + first);
                            counts[first.ingress().allows() ? 1 : 0]++;
                        } else {
                            assertTrue(first.ingress() instanceof DirectionVerdict.NotJudged, what);
                        }
                        PolicyEndpoint from = p.endpoint(src);
                        if (from instanceof PolicyEndpoint.PodEndpoint) {
                            Pod pod = ((PolicyEndpoint.PodEndpoint) from).pod();
                            IntervalSet out = sets.computeIfAbsent("out " + pod.metadata().qualifiedName() + " "
                                    + src.family() + protocol + cls.first(), k -> p.allowedDestinations(pod,
                                    src.family(), protocol, cls.first()));
                            assertEquals(first.egress().allows(), out.contains(dst.hi(), dst.lo()),
                                    what + " egress set " + out + " vs " + first);
                            counts[first.egress().allows() ? 1 : 0]++;
                        }
                    }
                }
            }
        }
    }

    // ---- generation ----

    private static ClusterObjects generate(Random r) {
        List<KubeObject> objects = new ArrayList<>();
        String[] namespaces = {"n0", "n1", "n2"};
        for (String ns : namespaces) {
            Map<String, String> labels = new HashMap<>();
            if (r.nextBoolean()) {
                labels.put("env", r.nextBoolean() ? "prod" : "dev");
            }
            objects.add(new Namespace(ObjectMeta.clusterScoped(ns, labels), AT));
        }
        // node-a is 10.1.0.3 (known from its pods' hostIPs only), node-b has a Node object, IPv4 and IPv6
        objects.add(new Node(ObjectMeta.clusterScoped("node-b", Map.of()), AT, List.of(
                new NodeAddress(NodeAddressType.INTERNAL_IP, "10.1.0.4"),
                new NodeAddress(NodeAddressType.INTERNAL_IP, "fd00::99")), List.of(), false, List.of(),
                Optional.empty()));
        int pods = 5 + r.nextInt(4);
        for (int i = 0; i < pods; i++) {
            String ns = namespaces[r.nextInt(namespaces.length)];
            Map<String, String> labels = new HashMap<>();
            if (r.nextInt(4) > 0) {
                labels.put("app", APPS[r.nextInt(APPS.length)]);
            }
            if (r.nextBoolean()) {
                labels.put("tier", r.nextBoolean() ? "front" : "back");
            }
            boolean hostNetwork = r.nextInt(8) == 0;
            List<IpAddress> ips = new ArrayList<>();
            if (hostNetwork) {
                ips.add(IpAddress.parse("10.1.0.3"));
            } else {
                int host = r.nextInt(10) == 0 ? 1 : i + 1;   // now and then an address shared with pod 0
                ips.add(IpAddress.parse("10.1.0." + host));
                if (r.nextInt(3) == 0) {
                    ips.add(IpAddress.parse("fd00::" + host));
                }
            }
            List<ContainerPort> ports = new ArrayList<>();
            for (String name : NAMED) {
                if (r.nextBoolean()) {
                    int number = name.equals("http") ? (r.nextBoolean() ? 80 : 8080) : (r.nextBoolean() ? 9100 : 9200);
                    ports.add(new ContainerPort(Optional.of(name), number, PROTOCOLS[r.nextInt(2)], 0,
                            Optional.empty()));
                }
            }
            PodPhase phase = r.nextInt(10) == 0 ? PodPhase.SUCCEEDED : PodPhase.RUNNING;
            boolean onA = hostNetwork || r.nextBoolean();
            objects.add(new Pod(ObjectMeta.namespaced(ns, "p" + i, labels), AT, Optional.of(onA ? "node-a" : "node-b"),
                    hostNetwork, ips, List.of(IpAddress.parse(onA ? "10.1.0.3" : "10.1.0.4")), Optional.of(phase),
                    List.of(new Container("main", ports, false)), Optional.empty()));
        }
        int policies = 1 + r.nextInt(4);
        for (int i = 0; i < policies; i++) {
            List<PolicyType> types = new ArrayList<>();
            switch (r.nextInt(4)) {
                case 0 -> types.add(PolicyType.INGRESS);
                case 1 -> types.add(PolicyType.EGRESS);
                case 2 -> types.addAll(List.of(PolicyType.INGRESS, PolicyType.EGRESS));
                default -> { }   // undefaulted: the evaluator applies the API default
            }
            objects.add(new NetworkPolicy(ObjectMeta.namespaced(namespaces[r.nextInt(3)], "np" + i, Map.of()), AT,
                    selector(r), types, rules(r), rules(r)));
        }
        return ClusterObjects.of(objects, List.of(), List.of(), List.of("generated.yaml"));
    }

    private static LabelSelector selector(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> LabelSelector.EVERYTHING;
            case 1 -> LabelSelector.ofLabels(Map.of("app", APPS[r.nextInt(APPS.length)]));
            case 2 -> new LabelSelector(Map.of(), List.of(new LabelSelector.Requirement("tier",
                    LabelSelector.Operator.NOT_IN, List.of("front"))));
            case 3 -> new LabelSelector(Map.of(), List.of(new LabelSelector.Requirement("app",
                    LabelSelector.Operator.EXISTS, List.of())));
            default -> LabelSelector.ofLabels(Map.of("tier", "back"));
        };
    }

    private static LabelSelector namespaceSelector(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> LabelSelector.EVERYTHING;
            case 1 -> LabelSelector.ofLabels(Map.of("env", "prod"));
            default -> LabelSelector.ofLabels(Map.of(Namespace.NAME_LABEL, "n" + r.nextInt(3)));
        };
    }

    private static List<NetworkPolicyRule> rules(Random r) {
        List<NetworkPolicyRule> out = new ArrayList<>();
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            List<NetworkPolicyPeer> peers = new ArrayList<>();
            int peerCount = r.nextInt(3);
            for (int j = 0; j < peerCount; j++) {
                peers.add(peer(r));
            }
            List<NetworkPolicyPort> ports = new ArrayList<>();
            int portCount = r.nextInt(3);
            for (int j = 0; j < portCount; j++) {
                ports.add(port(r));
            }
            out.add(new NetworkPolicyRule(peers, ports, AT));
        }
        return out;
    }

    private static NetworkPolicyPeer peer(Random r) {
        switch (r.nextInt(5)) {
            case 0:
                return new NetworkPolicyPeer.SelectorPeer(Optional.of(selector(r)), Optional.empty());
            case 1:
                return new NetworkPolicyPeer.SelectorPeer(Optional.empty(), Optional.of(namespaceSelector(r)));
            case 2:
                return new NetworkPolicyPeer.SelectorPeer(Optional.of(selector(r)), Optional.of(namespaceSelector(r)));
            case 3:
                return new NetworkPolicyPeer.IpBlockPeer(IpPrefix.parse("10.1.0.0/28"),
                        r.nextBoolean() ? List.of(IpPrefix.parse("10.1.0." + (r.nextInt(4) * 2) + "/31"))
                                : List.of());
            default:
                return new NetworkPolicyPeer.IpBlockPeer(IpPrefix.parse(r.nextBoolean() ? "0.0.0.0/0" : "fd00::/120"),
                        List.of());
        }
    }

    private static NetworkPolicyPort port(Random r) {
        Protocol protocol = PROTOCOLS[r.nextInt(2)];
        return switch (r.nextInt(4)) {
            case 0 -> NetworkPolicyPort.allPorts(protocol);
            case 1 -> new NetworkPolicyPort(protocol, Optional.of(PortReference.of(r.nextBoolean() ? 80 : 9100)),
                    OptionalInt.empty());
            case 2 -> new NetworkPolicyPort(protocol, Optional.of(PortReference.of(8000)), OptionalInt.of(9150));
            default -> new NetworkPolicyPort(protocol, Optional.of(PortReference.of(NAMED[r.nextInt(2)])),
                    OptionalInt.empty());
        };
    }
}
