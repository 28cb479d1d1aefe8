package io.netprove.verifier.policy;

import io.netprove.model.k8s.LabelSelector;
import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.NetworkPolicyPeer;
import io.netprove.model.k8s.NetworkPolicyPort;
import io.netprove.model.k8s.NetworkPolicyRule;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reports what in a set of policies cannot mean what it says, at the policy's location, without changing how the
 * policy is evaluated (it is evaluated as written): selectors with label keys or values the API server rejects,
 * selectors no label set satisfies, protocols other than TCP, UDP and SCTP, named ports no pod they could apply to
 * declares, and hostNetwork pods a policy's selector picks although policies do not apply to them. A finding inside
 * a rule is reported at the rule's location, the others at the policy's.
 */
final class PolicyLint {

    private final PodDirectory pods;
    private final RuleMatcher matcher;
    private final List<Pod> hostNetworkPods;

    PolicyLint(PodDirectory pods, RuleMatcher matcher, List<Pod> allPods) {
        this.pods = pods;
        this.matcher = matcher;
        List<Pod> host = new ArrayList<>();
        for (Pod p : allPods) {
            if (p.hostNetwork() && !PodDirectory.terminated(p)) {
                host.add(p);
            }
        }
        this.hostNetworkPods = List.copyOf(host);
    }

    List<Diagnostic> check(List<NetworkPolicy> policies) {
        List<Diagnostic> out = new ArrayList<>();
        for (NetworkPolicy p : policies) {
            new Checker(p, out).run();
        }
        return out;
    }

    /** The checks of one policy. */
    private final class Checker {
        private final NetworkPolicy policy;
        private final List<Diagnostic> out;
        private final String name;

        Checker(NetworkPolicy policy, List<Diagnostic> out) {
            this.policy = policy;
            this.out = out;
            this.name = "NetworkPolicy " + policy.metadata().qualifiedName();
        }

        void run() {
            selector("spec.podSelector", policy.podSelector(), policy.location());
            List<Pod> selected = new ArrayList<>();
            for (Pod p : pods.podsIn(policy.namespace())) {
                if (RuleMatcher.selects(policy, p)) {
                    selected.add(p);
                }
            }
            for (Pod p : hostNetworkPods) {
                if (p.namespace().equals(policy.namespace()) && policy.podSelector().matches(p.labels())) {
                    out.add(Diagnostic.note(policy.location(), name + ": spec.podSelector picks hostNetwork pod "
                            + p.metadata().qualifiedName() + ", which policies do not isolate (its traffic is "
                            + "node traffic)"));
                }
            }
            for (PolicyType direction : PolicyType.values()) {
                String field = direction.apiName().toLowerCase(Locale.ROOT);
                String peersField = direction == PolicyType.INGRESS ? "from" : "to";
                List<NetworkPolicyRule> rules = RuleMatcher.rules(policy, direction);
                for (int i = 0; i < rules.size(); i++) {
                    String path = "spec." + field + "[" + i + "]";
                    NetworkPolicyRule rule = rules.get(i);
                    for (int j = 0; j < rule.peers().size(); j++) {
                        peer(path + "." + peersField + "[" + j + "]", rule.peers().get(j), rule.location());
                    }
                    List<Pod> destinations = direction == PolicyType.INGRESS ? selected : destinations(rule);
                    for (int j = 0; j < rule.ports().size(); j++) {
                        port(path + ".ports[" + j + "]", rule.ports().get(j), direction, destinations,
                                rule.location());
                    }
                }
            }
        }

        private void peer(String path, NetworkPolicyPeer peer, SourceLocation at) {
            if (peer instanceof NetworkPolicyPeer.SelectorPeer) {
                NetworkPolicyPeer.SelectorPeer s = (NetworkPolicyPeer.SelectorPeer) peer;
                s.podSelector().ifPresent(sel -> selector(path + ".podSelector", sel, at));
                s.namespaceSelector().ifPresent(sel -> selector(path + ".namespaceSelector", sel, at));
            }
        }

        /** The pods of the pod network an egress rule's peers reach. */
        private List<Pod> destinations(NetworkPolicyRule rule) {
            List<Pod> reached = new ArrayList<>();
            for (Pod p : pods.podNetwork()) {
                if (matcher.peerMatches(policy.namespace(), rule, new PolicyEndpoint.PodEndpoint(p, p.podIP()))) {
                    reached.add(p);
                }
            }
            return reached;
        }

        private void port(String path, NetworkPolicyPort entry, PolicyType direction, List<Pod> destinations,
                          SourceLocation at) {
            Protocol protocol = entry.protocol();
            if (!protocol.equals(Protocol.TCP) && !protocol.equals(Protocol.UDP) && !protocol.equals(Protocol.SCTP)) {
                warn(at, path + ".protocol: " + protocol + " is not TCP, UDP or SCTP (the API server rejects it); "
                        + "evaluated as written");
            }
            Optional<PortReference> port = entry.port();
            if (port.isEmpty() || !(port.get() instanceof PortReference.Named)) {
                return;
            }
            String portName = ((PortReference.Named) port.get()).name();
            for (Pod p : destinations) {
                if (p.resolvePort(portName, protocol).isPresent()) {
                    return;
                }
            }
            String whose = direction == PolicyType.INGRESS
                    ? "the " + destinations.size() + " pod(s) this policy selects"
                    : "the " + destinations.size() + " pod(s) this rule's peers reach";
            warn(at, path + ".port: named port '" + portName + "' (" + protocol.name().toUpperCase(Locale.ROOT)
                    + ") is declared by none of " + whose + ", so this entry allows nothing");
        }

        private void selector(String path, LabelSelector selector, SourceLocation at) {
            for (Map.Entry<String, String> e : selector.matchLabels().entrySet()) {
                key(path + ".matchLabels", e.getKey(), at);
                value(path + ".matchLabels[" + e.getKey() + "]", e.getValue(), at);
            }
            for (int i = 0; i < selector.matchExpressions().size(); i++) {
                LabelSelector.Requirement r = selector.matchExpressions().get(i);
                String entry = path + ".matchExpressions[" + i + "]";
                key(entry + ".key", r.key(), at);
                for (String v : r.values()) {
                    value(entry + ".values", v, at);
                }
            }
            SelectorContradiction.of(selector).ifPresent(why -> warn(at, path + " can match nothing: " + why));
        }

        private void key(String path, String key, SourceLocation at) {
            String problem = LabelSyntax.keyProblem(key);
            if (problem != null) {
                warn(at, path + ": '" + key + "' is not a valid label key (" + problem + "); the API server rejects "
                        + "this policy; evaluated as written");
            }
        }

        private void value(String path, String value, SourceLocation at) {
            String problem = LabelSyntax.valueProblem(value);
            if (problem != null) {
                warn(at, path + ": '" + value + "' is not a valid label value (" + problem + "); the API server "
                        + "rejects this policy; evaluated as written");
            }
        }

        private void warn(SourceLocation at, String message) {
            out.add(Diagnostic.warning(at, name + ": " + message));
        }
    }
}
