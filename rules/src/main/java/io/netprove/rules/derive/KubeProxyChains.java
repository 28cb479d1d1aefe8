package io.netprove.rules.derive;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.NatRange;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.Table;
import io.netprove.model.netfilter.TableName;
import io.netprove.model.netfilter.Target;
import io.netprove.rules.facts.DumpEndpoint;
import io.netprove.rules.facts.DumpRule;
import io.netprove.rules.facts.DumpService;
import io.netprove.rules.facts.NodeState;
import io.netprove.rules.facts.ProxyMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what kube-proxy programmed into one node's iptables dump: the mode (iptables when there are
 * {@code KUBE-SVC-*}/{@code KUBE-SEP-*} chains or {@code "... cluster IP"} service rules; IPVS when
 * {@code KUBE-SERVICES} matches the {@code KUBE-CLUSTER-IP} ipset), the service ports of {@code KUBE-SERVICES} and
 * the DNAT targets of the {@code KUBE-SEP-*} chains, plus every rule as a {@link DumpRule}.
 */
public final class KubeProxyChains {

    /** The comment suffix of a nat KUBE-SERVICES rule for a service port's cluster IP. */
    static final String CLUSTER_IP_SUFFIX = " cluster IP";
    /** The comment suffix of a filter KUBE-SERVICES REJECT rule for a service port without endpoints. */
    static final String NO_ENDPOINTS_SUFFIX = " has no endpoints";
    /** The ipset IPVS-mode kube-proxy matches cluster IPs with. */
    static final String IPVS_CLUSTER_IP_SET = "KUBE-CLUSTER-IP";

    private KubeProxyChains() {
    }

    /** Everything read from one node's dumps. */
    public record NodeFacts(NodeState state, List<DumpService> services, List<DumpEndpoint> endpoints,
                            List<DumpRule> rules) {
    }

    public static NodeFacts read(String node, List<Ruleset> rulesets) {
        SourceLocation iptablesEvidence = null;
        SourceLocation chainEvidence = null;
        SourceLocation ipvsEvidence = null;
        Map<String, ServiceAccumulator> services = new LinkedHashMap<>();
        List<DumpEndpoint> endpoints = new ArrayList<>();
        List<DumpRule> rules = new ArrayList<>();
        for (Ruleset rs : rulesets) {
            for (Table t : rs.tables().values()) {
                for (Chain c : t.chains().values()) {
                    int position = 0;
                    for (Rule r : c.rules()) {
                        position++;
                        rules.add(new DumpRule(node, t.name(), c.name(), position, r));
                    }
                }
            }
            Table nat = rs.table(TableName.NAT);
            if (nat != null) {
                for (Chain c : nat.chains().values()) {
                    if (chainEvidence == null
                            && (c.name().startsWith("KUBE-SVC-") || c.name().startsWith("KUBE-SEP-"))) {
                        chainEvidence = c.rules().isEmpty() ? c.declared() : c.rules().get(0).location();
                    }
                    if (c.name().startsWith("KUBE-SEP-")) {
                        readEndpoints(node, c, endpoints);
                    }
                }
                Chain natServices = nat.chain("KUBE-SERVICES");
                if (natServices != null) {
                    for (Rule r : natServices.rules()) {
                        String comment = comment(r);
                        if (ipvsEvidence == null && matchesSet(r, IPVS_CLUSTER_IP_SET)) {
                            ipvsEvidence = r.location();
                        }
                        if (comment.endsWith(CLUSTER_IP_SUFFIX) && r.target() instanceof Target.Jump j
                                && j.chain().startsWith("KUBE-SVC-")) {
                            if (iptablesEvidence == null) {
                                iptablesEvidence = r.location();
                            }
                            String key = comment.substring(0, comment.length() - CLUSTER_IP_SUFFIX.length());
                            services.computeIfAbsent(key, k -> new ServiceAccumulator(k, r.location()))
                                    .add(r, true);
                        }
                    }
                }
            }
            Table filter = rs.table(TableName.FILTER);
            Chain filterServices = filter == null ? null : filter.chain("KUBE-SERVICES");
            if (filterServices != null) {
                for (Rule r : filterServices.rules()) {
                    String comment = comment(r);
                    if (comment.endsWith(NO_ENDPOINTS_SUFFIX) && r.target() instanceof Target.Reject) {
                        String key = comment.substring(0, comment.length() - NO_ENDPOINTS_SUFFIX.length());
                        services.computeIfAbsent(key, k -> new ServiceAccumulator(k, r.location())).add(r, false);
                    }
                }
            }
        }
        ProxyMode mode;
        SourceLocation evidence;
        if (ipvsEvidence != null) {
            mode = ProxyMode.IPVS;
            evidence = ipvsEvidence;
        } else if (iptablesEvidence != null || chainEvidence != null) {
            mode = ProxyMode.IPTABLES;
            evidence = iptablesEvidence != null ? iptablesEvidence : chainEvidence;
        } else {
            mode = ProxyMode.NONE;
            evidence = rulesets.isEmpty() || rulesets.get(0).sources().isEmpty() ? SourceLocation.NONE
                    : SourceLocation.of(rulesets.get(0).sources().get(0), 0);
        }
        List<DumpService> dumpServices = new ArrayList<>();
        for (ServiceAccumulator a : services.values()) {
            DumpService s = a.toFact(node);
            if (s != null) {
                dumpServices.add(s);
            }
        }
        return new NodeFacts(new NodeState(node, mode, evidence, rulesets), dumpServices, endpoints, rules);
    }

    private static void readEndpoints(String node, Chain sep, List<DumpEndpoint> out) {
        for (Rule r : sep.rules()) {
            if (!(r.target() instanceof Target.Dnat dnat) || dnat.ranges().isEmpty()) {
                continue;
            }
            NatRange range = dnat.ranges().get(0);
            String key = comment(r);
            if (range.addresses() == null || range.ports() == null || key.isEmpty()) {
                continue;
            }
            out.add(new DumpEndpoint(node, key, range.addresses().first(), range.ports().first(), r.location()));
        }
    }

    static String comment(Rule r) {
        for (Match m : r.matches()) {
            if (m instanceof Match.Comment c) {
                return c.text();
            }
        }
        return "";
    }

    private static boolean matchesSet(Rule r, String setName) {
        for (Match m : r.matches()) {
            if (m instanceof Match.SetIs s && s.setName().equals(setName) && !s.negated()) {
                return true;
            }
        }
        return false;
    }

    /** The rules of one service port key, merged into a {@link DumpService}. */
    private static final class ServiceAccumulator {
        private final String key;
        private final SourceLocation first;
        private final List<IpAddress> addresses = new ArrayList<>();
        private Protocol protocol = Protocol.TCP;
        private int port;
        private boolean hasEndpoints;

        ServiceAccumulator(String key, SourceLocation first) {
            this.key = key;
            this.first = first;
        }

        void add(Rule r, boolean natClusterIpRule) {
            hasEndpoints |= natClusterIpRule;
            for (Match m : r.matches()) {
                if (m instanceof Match.Address a && a.direction() == Direction.DESTINATION && !a.negated()
                        && a.prefix().isHost() && !addresses.contains(a.prefix().network())) {
                    addresses.add(a.prefix().network());
                } else if (m instanceof Match.Port p && p.direction() == Direction.DESTINATION && !p.negated()
                        && p.range().isSingle() && port == 0) {
                    port = p.range().first();
                } else if (m instanceof Match.ProtocolIs p && !p.negated()) {
                    protocol = p.protocol();
                }
            }
        }

        /** Null when the comment is not {@code ns/name[:port]}. */
        DumpService toFact(String node) {
            int slash = key.indexOf('/');
            if (slash <= 0 || slash == key.length() - 1) {
                return null;
            }
            String namespace = key.substring(0, slash);
            String rest = key.substring(slash + 1);
            int colon = rest.indexOf(':');
            String name = colon < 0 ? rest : rest.substring(0, colon);
            String portName = colon < 0 ? "" : rest.substring(colon + 1);
            return new DumpService(node, key, namespace, name, portName, protocol, port, addresses, hasEndpoints,
                    first);
        }
    }
}
