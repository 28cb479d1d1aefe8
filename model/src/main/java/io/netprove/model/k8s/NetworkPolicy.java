package io.netprove.model.k8s;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A networking.k8s.io/v1 NetworkPolicy. It applies to the pods of its namespace matched by {@code podSelector}
 * ({@code {}} = every pod) and isolates them in the directions of {@code policyTypes}, then allows what the rules
 * of that direction match. {@code policyTypes} is already defaulted: when the manifest omits it, Ingress always,
 * and Egress when the policy has egress rules. An isolated direction with no rules denies everything.
 */
public record NetworkPolicy(ObjectMeta metadata, SourceLocation location, LabelSelector podSelector,
                            List<PolicyType> policyTypes, List<NetworkPolicyRule> ingress,
                            List<NetworkPolicyRule> egress) implements KubeObject {

    public NetworkPolicy {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(podSelector, "podSelector");
        if (metadata.namespace().isEmpty()) {
            throw new IllegalArgumentException("a NetworkPolicy is namespaced");
        }
        policyTypes = List.copyOf(policyTypes);
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
    }

    /** The policy types the API server fills in when the manifest has none. */
    public static List<PolicyType> defaultPolicyTypes(boolean hasEgressRules) {
        return hasEgressRules ? List.of(PolicyType.INGRESS, PolicyType.EGRESS) : List.of(PolicyType.INGRESS);
    }

    @Override
    public KubeKind kind() {
        return KubeKind.NETWORK_POLICY;
    }

    public boolean isolatesIngress() {
        return policyTypes.contains(PolicyType.INGRESS);
    }

    public boolean isolatesEgress() {
        return policyTypes.contains(PolicyType.EGRESS);
    }

    /** True if the policy applies to a pod of {@code podNamespace} with {@code podLabels}. */
    public boolean appliesTo(String podNamespace, Map<String, String> podLabels) {
        return namespace().equals(podNamespace) && podSelector.matches(podLabels);
    }
}
