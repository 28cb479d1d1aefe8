package io.netprove.grammar.k8s;

import io.netprove.grammar.InputError;
import io.netprove.model.k8s.LabelSelector;
import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.NetworkPolicyPeer;
import io.netprove.model.k8s.NetworkPolicyPort;
import io.netprove.model.k8s.NetworkPolicyRule;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a networking.k8s.io/v1 NetworkPolicy (the identical extensions/v1beta1 shape too), defaulting
 * {@code policyTypes} as the API server does and rejecting what {@code ValidateNetworkPolicySpec} rejects.
 */
final class NetworkPolicyDecoder {

    private static final Set<String> SPEC_FIELDS = Set.of("podSelector", "policyTypes", "ingress", "egress");
    private static final Set<String> INGRESS_RULE_FIELDS = Set.of("from", "ports");
    private static final Set<String> EGRESS_RULE_FIELDS = Set.of("to", "ports");
    private static final Set<String> PEER_FIELDS = Set.of("podSelector", "namespaceSelector", "ipBlock");
    private static final Set<String> IP_BLOCK_FIELDS = Set.of("cidr", "except");
    private static final Set<String> PORT_FIELDS = Set.of("protocol", "port", "endPort");

    private NetworkPolicyDecoder() {
    }

    static NetworkPolicy read(Fields root, ObjectMeta meta, SourceLocation at) {
        Optional<Fields> specField = root.mapping("spec");
        if (specField.isEmpty()) {
            root.warnings().add(Diagnostic.warning(at, "NetworkPolicy " + meta.qualifiedName() + " has no spec: "
                    + "read as {} (isolates ingress of every pod in the namespace and allows nothing)"));
            return new NetworkPolicy(meta, at, LabelSelector.EVERYTHING, List.of(PolicyType.INGRESS), List.of(),
                    List.of());
        }
        Fields spec = specField.get();
        spec.warnUnknown(SPEC_FIELDS);
        LabelSelector podSelector;
        if (spec.has("podSelector")) {
            podSelector = SelectorDecoder.read(spec.requiredMapping("podSelector", "a label selector"));
        } else {
            spec.warn("podSelector", "absent: read as {} (every pod in the namespace)");
            podSelector = LabelSelector.EVERYTHING;
        }
        List<NetworkPolicyRule> ingress = rules(spec, "ingress", "from", INGRESS_RULE_FIELDS);
        List<NetworkPolicyRule> egress = rules(spec, "egress", "to", EGRESS_RULE_FIELDS);
        boolean egressWritten = spec.has("egress");
        List<PolicyType> policyTypes = policyTypes(spec);
        if (policyTypes.isEmpty()) {
            policyTypes = NetworkPolicy.defaultPolicyTypes(!egress.isEmpty());
            if (egressWritten && egress.isEmpty()) {
                spec.warn("egress", "an empty egress list without policyTypes does not isolate egress "
                        + "(policyTypes defaults to [Ingress]); write policyTypes: [Ingress, Egress] to deny egress");
            }
        } else {
            if (!policyTypes.contains(PolicyType.INGRESS) && !ingress.isEmpty()) {
                spec.warn("ingress", "these rules have no effect: policyTypes does not include Ingress");
            }
            if (!policyTypes.contains(PolicyType.EGRESS) && !egress.isEmpty()) {
                spec.warn("egress", "these rules have no effect: policyTypes does not include Egress");
            }
        }
        return new NetworkPolicy(meta, at, podSelector, policyTypes, ingress, egress);
    }

    private static List<PolicyType> policyTypes(Fields spec) {
        List<String> written = spec.strings("policyTypes");
        if (written.size() > 2) {
            throw spec.error("policyTypes", "expected at most two policy types (Ingress, Egress), got "
                    + written.size());
        }
        List<PolicyType> out = new ArrayList<>();
        for (String t : written) {
            PolicyType type = PolicyType.fromApiName(t).orElseThrow(() -> spec.error("policyTypes",
                    "expected Ingress or Egress, got '" + Messages.clip(t) + "'"));
            if (!out.contains(type)) {
                out.add(type);
            }
        }
        out.sort(null);
        return out;
    }

    private static List<NetworkPolicyRule> rules(Fields spec, String key, String peersKey, Set<String> known) {
        List<NetworkPolicyRule> out = new ArrayList<>();
        for (Fields rule : spec.mappings(key)) {
            rule.warnUnknown(known);
            List<NetworkPolicyPeer> peers = new ArrayList<>();
            for (Fields peer : rule.mappings(peersKey)) {
                peers.add(peer(peer));
            }
            List<NetworkPolicyPort> ports = new ArrayList<>();
            for (Fields port : rule.mappings("ports")) {
                ports.add(port(port));
            }
            out.add(new NetworkPolicyRule(peers, ports, rule.location()));
        }
        return out;
    }

    private static NetworkPolicyPeer peer(Fields peer) {
        peer.warnUnknown(PEER_FIELDS);
        Optional<LabelSelector> pods = SelectorDecoder.optional(peer, "podSelector");
        Optional<LabelSelector> namespaces = SelectorDecoder.optional(peer, "namespaceSelector");
        Optional<Fields> ipBlock = peer.mapping("ipBlock");
        if (ipBlock.isPresent()) {
            if (pods.isPresent() || namespaces.isPresent()) {
                throw new InputError(peer.location(), peer.path("ipBlock") + ": expected a peer with either ipBlock "
                        + "or selectors, not both (write them as two peers)");
            }
            return ipBlock(ipBlock.get());
        }
        if (pods.isEmpty() && namespaces.isEmpty()) {
            throw new InputError(peer.location(), peer.path()
                    + ": expected a peer: podSelector, namespaceSelector or ipBlock");
        }
        return new NetworkPolicyPeer.SelectorPeer(pods, namespaces);
    }

    private static NetworkPolicyPeer ipBlock(Fields block) {
        block.warnUnknown(IP_BLOCK_FIELDS);
        String cidrText = block.requiredString("cidr", "a CIDR block such as 10.0.0.0/8");
        IpPrefix cidr = ApiValues.cidr(cidrText, block.at("cidr"), block.path("cidr"));
        List<IpPrefix> except = ApiValues.cidrs(block, "except");
        List<ManifestNode> nodes = block.list("except");
        for (int i = 0; i < except.size(); i++) {
            IpPrefix e = except.get(i);
            if (!cidr.contains(e) || e.length() <= cidr.length()) {
                throw new InputError(nodes.get(i).location(), block.path("except") + "[" + i + "]: expected a "
                        + "strict subset of cidr " + cidr + ", got " + e);
            }
        }
        return new NetworkPolicyPeer.IpBlockPeer(cidr, except);
    }

    private static NetworkPolicyPort port(Fields p) {
        p.warnUnknown(PORT_FIELDS);
        Optional<PortReference> port = ApiValues.portReference(p, "port");
        OptionalInt endPort = p.integer("endPort", 1, 65535);
        if (endPort.isPresent()) {
            if (port.isEmpty()) {
                throw p.error("endPort", "expected no endPort when port is not specified");
            }
            if (port.get() instanceof PortReference.Named) {
                throw p.error("endPort", "expected no endPort with the named port '" + port.get()
                        + "': a range needs a numeric port");
            }
            int first = ((PortReference.Numbered) port.get()).number();
            if (endPort.getAsInt() < first) {
                throw p.error("endPort", "expected a value greater than or equal to port (" + first + "), got "
                        + endPort.getAsInt());
            }
        }
        return new NetworkPolicyPort(ApiValues.protocol(p, "protocol"), port, endPort);
    }
}
