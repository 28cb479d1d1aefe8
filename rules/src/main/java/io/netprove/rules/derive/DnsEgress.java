package io.netprove.rules.derive;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Namespace;
import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.NetworkPolicyPeer;
import io.netprove.model.k8s.NetworkPolicyPort;
import io.netprove.model.k8s.NetworkPolicyRule;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.rules.facts.PodDnsEgress;
import io.netprove.rules.facts.PolicyDnsEgress;
import io.netprove.rules.facts.PolicySelection;
import io.netprove.rules.facts.RuleContext;
import io.netprove.verifier.cluster.ServiceEndpoint;
import io.netprove.verifier.cluster.ServicePortView;
import io.netprove.verifier.cluster.ServiceCatalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Whether NetworkPolicy egress rules let pods reach the cluster DNS. The DNS pods are those the DNS Service selects
 * (their labels, addresses and container ports); when the manifests do not describe them, pods labelled
 * {@code k8s-app: kube-dns} (the label of both kube-dns and CoreDNS deployments) in the DNS namespace, on port 53. A
 * rule allows DNS over a protocol if one of its peers selects a DNS pod (or an ipBlock holds a DNS pod's address;
 * a block holding only the cluster IP does not count, since policies see the packet after DNAT) and one of its
 * ports admits the protocol and the DNS target port (a named port resolved on the DNS pods, or accepted when no DNS
 * pod is described).
 */
final class DnsEgress {

    /** The label DNS pods carry when nothing else tells. */
    static final Map<String, String> DEFAULT_DNS_LABELS = Map.of("k8s-app", "kube-dns");
    static final int DNS_PORT = 53;

    private final String namespace;
    private final Map<String, String> namespaceLabels;
    private final List<Map<String, String>> podLabels = new ArrayList<>();
    private final List<Pod> pods = new ArrayList<>();
    private final Set<IpAddress> addresses = new LinkedHashSet<>();
    private final Map<Protocol, Set<Integer>> targetPorts = new java.util.HashMap<>();

    DnsEgress(ClusterObjects cluster, ServiceCatalog catalog, RuleContext context) {
        namespace = context.dnsNamespace();
        namespaceLabels = cluster.namespaceLabels(namespace).orElse(Namespace.implicitLabels(namespace));
        Optional<Service> dns = cluster.service(context.dnsNamespace(), context.dnsName());
        if (dns.isPresent()) {
            for (Pod p : cluster.podsSelectedBy(dns.get())) {
                pods.add(p);
                podLabels.add(p.labels());
                addresses.addAll(p.podIPs());
            }
            if (podLabels.isEmpty() && dns.get().hasSelector()) {
                podLabels.add(dns.get().selector());
            }
            for (ServicePortView v : catalog.ports(context.dnsNamespace(), context.dnsName())) {
                for (ServiceEndpoint e : v.endpoints()) {
                    addresses.add(e.address());
                    targetPorts.computeIfAbsent(v.port().protocol(), k -> new LinkedHashSet<>()).add(e.port());
                }
                ServicePort sp = v.port();
                if (sp.targetPort() instanceof PortReference.Numbered n) {
                    targetPorts.computeIfAbsent(sp.protocol(), k -> new LinkedHashSet<>()).add(n.number());
                }
            }
        }
        if (podLabels.isEmpty()) {
            podLabels.add(DEFAULT_DNS_LABELS);
        }
        for (Protocol p : List.of(Protocol.UDP, Protocol.TCP)) {
            targetPorts.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(DNS_PORT);
        }
    }

    /** The derived facts: policy selections, and DNS egress per egress-isolating policy and per isolated pod. */
    static List<Object> facts(ClusterObjects cluster, ServiceCatalog catalog, RuleContext context) {
        DnsEgress dns = new DnsEgress(cluster, catalog, context);
        List<Object> out = new ArrayList<>();
        List<NetworkPolicy> egressPolicies = new ArrayList<>();
        for (NetworkPolicy p : cluster.networkPolicies()) {
            if (p.isolatesEgress()) {
                egressPolicies.add(p);
                for (Protocol proto : List.of(Protocol.UDP, Protocol.TCP)) {
                    out.add(new PolicyDnsEgress(p, proto, dns.allows(p, proto)));
                }
            }
        }
        for (Pod pod : cluster.pods()) {
            if (pod.hostNetwork()) {
                continue;
            }
            List<NetworkPolicy> isolating = new ArrayList<>();
            for (NetworkPolicy p : cluster.networkPolicies()) {
                if (p.appliesTo(pod.namespace(), pod.labels())) {
                    out.add(new PolicySelection(p, pod));
                    if (p.isolatesEgress()) {
                        isolating.add(p);
                    }
                }
            }
            if (isolating.isEmpty()) {
                continue;
            }
            for (Protocol proto : List.of(Protocol.UDP, Protocol.TCP)) {
                boolean allowed = false;
                for (NetworkPolicy p : isolating) {
                    allowed |= dns.allows(p, proto);
                }
                out.add(new PodDnsEgress(pod, proto, allowed));
            }
        }
        return out;
    }

    /** True if one of {@code policy}'s egress rules allows {@code protocol} to the DNS pods. */
    boolean allows(NetworkPolicy policy, Protocol protocol) {
        for (NetworkPolicyRule r : policy.egress()) {
            if (peersAllow(policy, r) && portsAllow(r, protocol)) {
                return true;
            }
        }
        return false;
    }

    private boolean peersAllow(NetworkPolicy policy, NetworkPolicyRule r) {
        if (r.allowsAllPeers()) {
            return true;
        }
        for (NetworkPolicyPeer peer : r.peers()) {
            if (peer instanceof NetworkPolicyPeer.SelectorPeer s) {
                for (Map<String, String> labels : podLabels) {
                    if (s.selects(policy.namespace(), namespace, labels, namespaceLabels)) {
                        return true;
                    }
                }
            } else if (peer instanceof NetworkPolicyPeer.IpBlockPeer b) {
                for (IpAddress a : addresses) {
                    if (b.contains(a)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean portsAllow(NetworkPolicyRule r, Protocol protocol) {
        if (r.allowsAllPorts()) {
            return true;
        }
        Set<Integer> targets = targetPorts.get(protocol);
        for (NetworkPolicyPort p : r.ports()) {
            if (!p.protocol().equals(protocol)) {
                continue;
            }
            Optional<PortRange> range = p.numericRange();
            if (range.isPresent()) {
                for (int t : targets) {
                    if (range.get().contains(t)) {
                        return true;
                    }
                }
            } else if (p.port().isPresent() && namedPortIsDns(p.port().get(), protocol, targets)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A named policy port allows DNS if it resolves to a DNS target port on some DNS pod; when the manifests describe
     * no DNS pod the name cannot be resolved and is given the benefit of the doubt.
     */
    private boolean namedPortIsDns(PortReference port, Protocol protocol, Set<Integer> targets) {
        if (pods.isEmpty()) {
            return true;
        }
        for (Pod p : pods) {
            OptionalInt n = p.resolvePort(port, protocol);
            if (n.isPresent() && targets.contains(n.getAsInt())) {
                return true;
            }
        }
        return false;
    }
}
