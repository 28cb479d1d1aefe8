package io.netprove.model.k8s;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One entry of a NetworkPolicy rule's {@code from} or {@code to}: pods chosen by selectors, or an IP block. */
public sealed interface NetworkPolicyPeer permits NetworkPolicyPeer.SelectorPeer, NetworkPolicyPeer.IpBlockPeer {

    /**
     * Pods chosen by label. With only {@code podSelector}: pods of the policy's own namespace. With only
     * {@code namespaceSelector}: every pod of the matching namespaces. With both: the matching pods of the matching
     * namespaces. At least one selector is present; an empty one ({@code {}}) matches everything.
     */
    record SelectorPeer(Optional<LabelSelector> podSelector, Optional<LabelSelector> namespaceSelector)
            implements NetworkPolicyPeer {

        public SelectorPeer {
            Objects.requireNonNull(podSelector, "podSelector");
            Objects.requireNonNull(namespaceSelector, "namespaceSelector");
            if (podSelector.isEmpty() && namespaceSelector.isEmpty()) {
                throw new IllegalArgumentException("a peer needs a podSelector or a namespaceSelector");
            }
        }

        /**
         * True if the pod ({@code podNamespace}, {@code podLabels}) in a namespace labelled
         * {@code namespaceLabels} is a peer of a policy living in {@code policyNamespace}.
         */
        public boolean selects(String policyNamespace, String podNamespace, Map<String, String> podLabels,
                               Map<String, String> namespaceLabels) {
            boolean namespaceMatches = namespaceSelector.isPresent()
                    ? namespaceSelector.get().matches(namespaceLabels)
                    : policyNamespace.equals(podNamespace);
            boolean podMatches = podSelector.isEmpty() || podSelector.get().matches(podLabels);
            return namespaceMatches && podMatches;
        }
    }

    /**
     * Addresses in {@code cidr} but in none of {@code except} (each a strict subset of {@code cidr}). Whether an
     * ipBlock also matches pod IPs is left to the network plugin by the API; the model only says which addresses
     * are in the block.
     */
    record IpBlockPeer(IpPrefix cidr, List<IpPrefix> except) implements NetworkPolicyPeer {

        public IpBlockPeer {
            Objects.requireNonNull(cidr, "cidr");
            except = List.copyOf(except);
            for (IpPrefix e : except) {
                if (!cidr.contains(e) || e.length() <= cidr.length()) {
                    throw new IllegalArgumentException("except " + e + " is not a strict subset of " + cidr);
                }
            }
        }

        public boolean contains(IpAddress address) {
            if (!cidr.contains(address)) {
                return false;
            }
            for (IpPrefix e : except) {
                if (e.contains(address)) {
                    return false;
                }
            }
            return true;
        }
    }
}
