package io.netprove.grammar.iptables;

import io.netprove.grammar.iptables.ExpectedOutcome.Fate;
import io.netprove.grammar.iptables.ProbeFlow.Source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A generated cluster: its services, the rules kube-proxy writes for them ({@link #render}), probes through the
 * node and the outcomes the generator expects for them ({@link #expect}). The expectation is the generator's own
 * reading of kube-proxy's design (which chain catches which destination, who is masqueraded, which filter rule
 * rejects or drops), written independently of netprove's simulator so that each can check the other.
 */
public record GeneratedCluster(KubeProxyDumpGenerator.Options options, List<GeneratedService> services,
                               boolean omitComments) {

    public GeneratedCluster {
        services = List.copyOf(services);
    }

    /**
     * The iptables text: with {@code builtins} as {@code iptables-save} shows it on the node (built-in chains and
     * kube-proxy's jumps included), otherwise kube-proxy's own iptables-restore input (its chains only).
     */
    public String render(boolean builtins) {
        return KubeProxyRuleWriter.write(this, builtins);
    }

    public int endpointCount() {
        return services.stream().mapToInt(s -> s.endpoints().size()).sum();
    }

    private static String sourceIp(Source s) {
        return switch (s) {
            case EXTERNAL -> KubeProxyLayout.EXTERNAL_CLIENT;
            case BLOCKED_EXTERNAL -> KubeProxyLayout.BLOCKED_CLIENT;
            case POD -> KubeProxyLayout.POD_CLIENT;
            case NODE -> KubeProxyLayout.NODE_IP;
            case NODE_LOCALHOST -> "127.0.0.1";
            case ENDPOINT -> throw new IllegalArgumentException("an endpoint probe names its endpoint");
        };
    }

    private ProbeFlow probe(String label, Source source, String sourceIp, String protocol, String destination,
                            int port) {
        return new ProbeFlow(label, source, sourceIp, protocol, destination, port,
                expect(sourceIp, protocol, destination, port));
    }

    private ProbeFlow probe(String label, Source source, String protocol, String destination, int port) {
        return probe(label, source, sourceIp(source), protocol, destination, port);
    }

    /** Probes that hit no service (or no port of it): plain routing to the node, a pod or the default gateway. */
    public List<ProbeFlow> missProbes() {
        List<ProbeFlow> out = new ArrayList<>();
        out.add(probe("unused cluster IP", Source.POD, "tcp", "172.30.255.200", 80));
        out.add(probe("node port 22", Source.EXTERNAL, "tcp", KubeProxyLayout.NODE_IP, 22));
        out.add(probe("unallocated node port", Source.EXTERNAL, "tcp", KubeProxyLayout.NODE_IP,
                KubeProxyLayout.LAST_NODE_PORT));
        out.add(probe("second node address", Source.EXTERNAL, "udp", KubeProxyLayout.NODE_EXTRA_IP, 5000));
        out.add(probe("off-cluster destination", Source.EXTERNAL, "tcp", "198.51.100.7", 443));
        out.add(probe("node localhost port 22", Source.NODE_LOCALHOST, "tcp", "127.0.0.1", 22));
        for (GeneratedService s : services) {
            if (s.hasEndpoints()) {
                GeneratedEndpoint e = s.endpoints().get(0);
                out.add(probe("pod to pod", Source.POD, s.protocol(), e.ip(), e.port()));
                out.add(probe("node to pod", Source.NODE, s.protocol(), e.ip(), e.port()));
                break;
            }
        }
        return out;
    }

    /** Probes of one service: its cluster IP (and a wrong port), NodePort, external and load-balancer IPs. */
    public List<ProbeFlow> serviceProbes(GeneratedService s) {
        List<ProbeFlow> out = new ArrayList<>();
        String p = s.protocol();
        String n = s.name();
        out.add(probe(n + " cluster IP from a pod", Source.POD, p, s.clusterIp(), s.port()));
        out.add(probe(n + " cluster IP from outside", Source.EXTERNAL, p, s.clusterIp(), s.port()));
        out.add(probe(n + " cluster IP from the node", Source.NODE, p, s.clusterIp(), s.port()));
        out.add(probe(n + " cluster IP, wrong port", Source.POD, p, s.clusterIp(), s.port() + 1));
        if (s.hasEndpoints()) {
            GeneratedEndpoint e = s.endpoints().get(0);
            out.add(probe(n + " cluster IP from its own endpoint", Source.ENDPOINT, e.ip(), p, s.clusterIp(),
                    s.port()));
        }
        if (s.nodePort() != 0) {
            out.add(probe(n + " NodePort from outside", Source.EXTERNAL, p, KubeProxyLayout.NODE_IP, s.nodePort()));
            out.add(probe(n + " NodePort from a pod", Source.POD, p, KubeProxyLayout.NODE_IP, s.nodePort()));
            out.add(probe(n + " NodePort from the node", Source.NODE, p, KubeProxyLayout.NODE_IP, s.nodePort()));
            out.add(probe(n + " NodePort on localhost", Source.NODE_LOCALHOST, p, "127.0.0.1", s.nodePort()));
        }
        for (String ip : s.externalIps()) {
            out.add(probe(n + " external IP from outside", Source.EXTERNAL, p, ip, s.port()));
            out.add(probe(n + " external IP from a pod", Source.POD, p, ip, s.port()));
            out.add(probe(n + " external IP from the node", Source.NODE, p, ip, s.port()));
        }
        if (!s.loadBalancerIps().isEmpty()) {
            String ip = s.loadBalancerIps().get(s.loadBalancerIps().size() - 1);
            out.add(probe(n + " LB IP from outside", Source.EXTERNAL, p, ip, s.port()));
            out.add(probe(n + " LB IP from outside the source ranges", Source.BLOCKED_EXTERNAL, p, ip, s.port()));
            out.add(probe(n + " LB IP from a pod", Source.POD, p, ip, s.port()));
            out.add(probe(n + " LB IP from the node", Source.NODE, p, ip, s.port()));
        }
        if (s.healthCheckNodePort() != 0) {
            out.add(probe(n + " health check port", Source.EXTERNAL, "tcp", KubeProxyLayout.NODE_IP,
                    s.healthCheckNodePort()));
        }
        return out;
    }

    /** Every probe: the misses, then each service's. */
    public List<ProbeFlow> allProbes() {
        List<ProbeFlow> out = new ArrayList<>(missProbes());
        for (GeneratedService s : services) {
            out.addAll(serviceProbes(s));
        }
        return out;
    }

    /** A reproducible sample of about {@code count} probes: all misses, then service probes drawn at random. */
    public List<ProbeFlow> probes(long seed, int count) {
        List<ProbeFlow> misses = missProbes();
        List<ProbeFlow> rest = new ArrayList<>();
        for (GeneratedService s : services) {
            rest.addAll(serviceProbes(s));
        }
        Collections.shuffle(rest, new Random(seed));
        List<ProbeFlow> out = new ArrayList<>(misses);
        out.addAll(rest.subList(0, Math.max(0, Math.min(rest.size(), count - misses.size()))));
        return out;
    }

    // ------------------------------------------------------------------ the generator's model of kube-proxy

    /** Every outcome of a new connection from {@code source} to {@code destination:port}. */
    public Set<ExpectedOutcome> expect(String source, String protocol, String destination, int port) {
        List<ExpectedOutcome> dnat = nat(source, protocol, destination, port);
        if (dnat != null) {
            return new LinkedHashSet<>(dnat);
        }
        boolean fromNode = KubeProxyLayout.nodeLocal(source);
        boolean local = KubeProxyLayout.nodeLocal(destination);
        ExpectedOutcome verdict;
        if (fromNode) {
            // filter OUTPUT: KUBE-FIREWALL, KUBE-PROXY-FIREWALL, KUBE-SERVICES; a local destination then loops
            // back through INPUT
            verdict = firstOf(localnetGuard(source, destination), lbFirewall(protocol, destination, port),
                    noEndpoints(protocol, destination, port));
            if (verdict == null && local) {
                verdict = input(source, protocol, destination, port);
            }
        } else if (local) {
            verdict = input(source, protocol, destination, port);
        } else {
            // filter FORWARD: KUBE-PROXY-FIREWALL, KUBE-FORWARD, KUBE-SERVICES, KUBE-EXTERNAL-SERVICES
            verdict = firstOf(lbFirewall(protocol, destination, port), noEndpoints(protocol, destination, port),
                    externalServices(protocol, destination, port));
        }
        if (verdict != null) {
            return Set.of(verdict);
        }
        return Set.of(new ExpectedOutcome(local ? Fate.LOCAL : Fate.FORWARDED, destination + ":" + port, false));
    }

    private static ExpectedOutcome firstOf(ExpectedOutcome... verdicts) {
        for (ExpectedOutcome v : verdicts) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** filter INPUT: KUBE-FIREWALL, KUBE-PROXY-FIREWALL, KUBE-NODEPORTS (health checks), KUBE-EXTERNAL-SERVICES. */
    private ExpectedOutcome input(String source, String protocol, String destination, int port) {
        ExpectedOutcome v = firstOf(localnetGuard(source, destination), lbFirewall(protocol, destination, port));
        if (v != null) {
            return v;
        }
        for (GeneratedService s : services) {
            if (s.healthCheckNodePort() == port && protocol.equals("tcp")) {
                return null;
            }
        }
        return externalServices(protocol, destination, port);
    }

    private ExpectedOutcome localnetGuard(String source, String destination) {
        if (options.localhostNodePorts() && KubeProxyLayout.contains("127.0.0.0/8", destination)
                && !KubeProxyLayout.contains("127.0.0.0/8", source)) {
            return ExpectedOutcome.dropped();
        }
        return null;
    }

    /** KUBE-PROXY-FIREWALL: load-balancer traffic that a KUBE-FW chain did not accept. */
    private ExpectedOutcome lbFirewall(String protocol, String destination, int port) {
        for (GeneratedService s : services) {
            if (s.usesFirewallChain() && matches(s, protocol, port) && s.loadBalancerIps().contains(destination)) {
                return ExpectedOutcome.dropped();
            }
        }
        return null;
    }

    /** filter KUBE-SERVICES: a cluster IP without endpoints is rejected. */
    private ExpectedOutcome noEndpoints(String protocol, String destination, int port) {
        for (GeneratedService s : services) {
            if (!s.hasEndpoints() && matches(s, protocol, port) && s.clusterIp().equals(destination)) {
                return ExpectedOutcome.rejected();
            }
        }
        return null;
    }

    /** KUBE-EXTERNAL-SERVICES: external destinations without (local) endpoints are rejected (dropped). */
    private ExpectedOutcome externalServices(String protocol, String destination, int port) {
        for (GeneratedService s : services) {
            if (s.hasExternalEndpoints() || !s.protocol().equals(protocol)) {
                continue;
            }
            boolean hit = s.port() == port
                    && (s.externalIps().contains(destination) || s.loadBalancerIps().contains(destination));
            hit |= s.nodePort() == port && KubeProxyLayout.nodeLocal(destination);
            if (hit) {
                return s.hasEndpoints() ? ExpectedOutcome.dropped() : ExpectedOutcome.rejected();
            }
        }
        return null;
    }

    private static boolean matches(GeneratedService s, String protocol, int port) {
        return s.protocol().equals(protocol) && s.port() == port;
    }

    /** nat KUBE-SERVICES: the endpoints a packet is DNATed to (with masquerade), or null when none catches it. */
    private List<ExpectedOutcome> nat(String source, String protocol, String destination, int port) {
        for (GeneratedService s : services) {
            if (!s.hasEndpoints() || !matches(s, protocol, port)) {
                continue;
            }
            if (s.clusterIp().equals(destination)) {
                boolean offCluster = !KubeProxyLayout.contains(KubeProxyLayout.CLUSTER_CIDR, source);
                return to(s.endpoints(), source, offCluster);
            }
            if (s.externalIps().contains(destination)) {
                List<ExpectedOutcome> r = external(s, source);
                if (r != null) {
                    return r;
                }
            }
            if (s.loadBalancerIps().contains(destination)) {
                boolean allowed = !s.usesFirewallChain()
                        || s.sourceRanges().stream().anyMatch(range -> KubeProxyLayout.contains(range, source))
                        || s.allowsFromNode() && s.loadBalancerIps().contains(source);
                List<ExpectedOutcome> r = allowed ? external(s, source) : null;
                if (r != null) {
                    return r;
                }
            }
        }
        boolean loopback = KubeProxyLayout.contains("127.0.0.0/8", destination);
        if (KubeProxyLayout.nodeLocal(destination) && (options.localhostNodePorts() || !loopback)) {
            for (GeneratedService s : services) {
                if (s.hasEndpoints() && s.nodePort() == port && s.protocol().equals(protocol)) {
                    List<ExpectedOutcome> r = external(s, source);
                    if (r != null) {
                        return r;
                    }
                }
            }
        }
        return null;
    }

    /** A KUBE-EXT chain; null when the packet falls through it (Local policy, no local endpoint, from outside). */
    private List<ExpectedOutcome> external(GeneratedService s, String source) {
        if (!s.localPolicy()) {
            return to(s.endpoints(), source, true);
        }
        if (KubeProxyLayout.contains(KubeProxyLayout.CLUSTER_CIDR, source)) {
            return to(s.endpoints(), source, false);
        }
        if (KubeProxyLayout.nodeLocal(source)) {
            return to(s.endpoints(), source, true);
        }
        List<GeneratedEndpoint> local = s.localEndpoints();
        return local.isEmpty() ? null : to(local, source, false);
    }

    /** DNAT to each endpoint; a KUBE-SEP chain masquerades a pod that reaches itself. */
    private static List<ExpectedOutcome> to(List<GeneratedEndpoint> endpoints, String source, boolean masquerade) {
        List<ExpectedOutcome> out = new ArrayList<>();
        for (GeneratedEndpoint e : endpoints) {
            out.add(new ExpectedOutcome(Fate.FORWARDED, e.address(), masquerade || e.ip().equals(source)));
        }
        return out;
    }
}
