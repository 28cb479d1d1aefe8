package io.netprove.compiler.ipvs;

import io.netprove.compiler.KubeProxyConfig;
import io.netprove.compiler.LocalTrafficDetector;
import io.netprove.compiler.iptables.IptablesRestore;
import io.netprove.compiler.iptables.RestoreLines;
import io.netprove.compiler.services.EndpointCategories;
import io.netprove.compiler.services.EndpointInfo;
import io.netprove.compiler.services.NodePortAddresses;
import io.netprove.compiler.services.ServicePortEndpoints;
import io.netprove.compiler.services.ServicePortInfo;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.netprove.compiler.iptables.RestoreLines.quoted;

/**
 * kube-proxy's IPVS mode (pkg/proxy/ipvs/proxier.go, syncProxyRules) for one address family. Per service port: a
 * virtual server on the cluster IP (bound to kube-ipvs0), on each external IP and load-balancer IP (bound unless
 * the node owns the address) and, for node ports, on each node address {@code --nodeport-addresses} selects (all
 * non-loopback addresses by default); each with the scheduler, persistence for ClientIP affinity and the real
 * servers of the policy in force (internal/external Local policy: the local endpoints, or the cluster endpoints when
 * there is no local one). The ipsets collect what the iptables rules need (hairpin endpoints, cluster IPs, external
 * and load-balancer IPs, source ranges, node ports); the iptables rules are written from those sets as
 * writeIptablesRules does.
 */
public final class IpvsModeCompiler {

    static final String SERVICES = "KUBE-SERVICES";
    static final String POSTROUTING = "KUBE-POSTROUTING";
    static final String NODE_PORT = "KUBE-NODE-PORT";
    static final String LOAD_BALANCER = "KUBE-LOAD-BALANCER";
    static final String MARK_MASQ = "KUBE-MARK-MASQ";
    static final String FORWARD = "KUBE-FORWARD";
    static final String PROXY_FIREWALL = "KUBE-PROXY-FIREWALL";
    static final String SOURCE_RANGES_FIREWALL = "KUBE-SOURCE-RANGES-FIREWALL";
    static final String IPVS_FILTER = "KUBE-IPVS-FILTER";
    static final String IPVS_OUT_FILTER = "KUBE-IPVS-OUT-FILTER";

    /** A set whose non-empty contents produce one jump rule (kube-proxy's ipsetWithIptablesChain). */
    private record SetJump(KubeIpset set, boolean filter, String from, String to, String matchType, String protocol) {
    }

    private static final List<SetJump> SET_JUMPS = List.of(
            new SetJump(KubeIpset.LOOP_BACK, false, POSTROUTING, "MASQUERADE", "dst,dst,src", ""),
            new SetJump(KubeIpset.LOAD_BALANCER, false, SERVICES, LOAD_BALANCER, "dst,dst", ""),
            new SetJump(KubeIpset.LOAD_BALANCER_LOCAL, false, LOAD_BALANCER, "RETURN", "dst,dst", ""),
            new SetJump(KubeIpset.NODE_PORT_LOCAL_TCP, false, NODE_PORT, "RETURN", "dst", "tcp"),
            new SetJump(KubeIpset.NODE_PORT_TCP, false, NODE_PORT, MARK_MASQ, "dst", "tcp"),
            new SetJump(KubeIpset.NODE_PORT_LOCAL_UDP, false, NODE_PORT, "RETURN", "dst", "udp"),
            new SetJump(KubeIpset.NODE_PORT_UDP, false, NODE_PORT, MARK_MASQ, "dst", "udp"),
            new SetJump(KubeIpset.NODE_PORT_LOCAL_SCTP, false, NODE_PORT, "RETURN", "dst,dst", "sctp"),
            new SetJump(KubeIpset.NODE_PORT_SCTP, false, NODE_PORT, MARK_MASQ, "dst,dst", "sctp"),
            new SetJump(KubeIpset.LOAD_BALANCER_FW, true, PROXY_FIREWALL, SOURCE_RANGES_FIREWALL, "dst,dst", ""),
            new SetJump(KubeIpset.LOAD_BALANCER_SOURCE_CIDR, true, SOURCE_RANGES_FIREWALL, "RETURN", "dst,dst,src",
                    ""),
            new SetJump(KubeIpset.LOAD_BALANCER_SOURCE_IP, true, SOURCE_RANGES_FIREWALL, "RETURN", "dst,dst,src",
                    ""));

    private final KubeProxyConfig config;
    private final AddressFamily family;
    private final String zone;
    private final Map<KubeIpset, SortedSet<String>> sets = new EnumMap<>(KubeIpset.class);
    private final Map<String, VirtualServer> servers = new TreeMap<>();
    private final Set<IpAddress> bound = new LinkedHashSet<>();
    private final List<String> lbNoNodeAccess = new ArrayList<>();

    private IpvsModeCompiler(KubeProxyConfig config, AddressFamily family, String zone) {
        this.config = config;
        this.family = family;
        this.zone = zone;
        for (KubeIpset s : KubeIpset.values()) {
            sets.put(s, new TreeSet<>());
        }
    }

    public static IpvsModeOutput compile(List<ServicePortEndpoints> ports, KubeProxyConfig config,
                                         AddressFamily family, String zone) {
        return new IpvsModeCompiler(config, family, zone).run(ports);
    }

    private IpvsModeOutput run(List<ServicePortEndpoints> ports) {
        List<IpAddress> nodeAddresses = new ArrayList<>();
        for (IpAddress a : config.interfaceAddresses()) {
            if (a.family() == family && !a.isLoopback() && !(family == AddressFamily.IPV6 && linkLocal(a))) {
                nodeAddresses.add(a);
            }
        }
        boolean hasNodePort = ports.stream().anyMatch(p -> p.service().nodePort() != 0);
        List<IpAddress> nodeIPs = new ArrayList<>();
        if (hasNodePort) {
            NodePortAddresses npa = NodePortAddresses.of(family, config.nodePortAddresses(),
                    config.nodeIP(family).orElse(null));
            if (npa.matchAll()) {
                nodeIPs.addAll(nodeAddresses);
            } else {
                for (IpAddress a : npa.nodeIPs(config.interfaceAddresses())) {
                    if (!a.isLoopback()) {
                        nodeIPs.add(a);
                    }
                }
            }
        }
        for (ServicePortEndpoints p : ports) {
            servicePort(p.service(), p.endpoints(), nodeAddresses, nodeIPs);
        }
        for (IpAddress a : bound) {
            sets.get(KubeIpset.IPVS_IPS).add(a.toString());
        }
        List<VirtualServer> vs = new ArrayList<>(servers.values());
        vs.sort(Comparator.comparing(VirtualServer::address).thenComparingInt(VirtualServer::port)
                .thenComparingInt(v -> v.protocol().number()));
        return new IpvsModeOutput(family, vs, sets, iptables(), new ArrayList<>(bound));
    }

    private void servicePort(ServicePortInfo svc, List<EndpointInfo> endpoints, List<IpAddress> nodeAddresses,
                             List<IpAddress> nodeIPs) {
        String proto = svc.protocolName();
        for (EndpointInfo e : endpoints) {
            if (e.local()) {
                sets.get(KubeIpset.LOOP_BACK).add(e.ip() + "," + proto + ":" + e.port() + "," + e.ip());
            }
        }
        EndpointCategories cat = EndpointCategories.of(endpoints, svc, zone);

        sets.get(KubeIpset.CLUSTER_IP).add(ipPort(svc.clusterIP(), proto, svc.port()));
        addServer(svc, svc.clusterIP(), svc.port(), svc.internalPolicyLocal(), cat);
        bound.add(svc.clusterIP());

        for (IpAddress externalIP : svc.externalIPs()) {
            String entry = ipPort(externalIP, proto, svc.port());
            sets.get(svc.externalPolicyLocal() ? KubeIpset.EXTERNAL_IP_LOCAL : KubeIpset.EXTERNAL_IP).add(entry);
            addServer(svc, externalIP, svc.port(), svc.externalPolicyLocal(), cat);
            if (!nodeAddresses.contains(externalIP)) {
                bound.add(externalIP);
            }
        }

        for (IpAddress ingress : svc.loadBalancerVIPs()) {
            String entry = ipPort(ingress, proto, svc.port());
            sets.get(KubeIpset.LOAD_BALANCER).add(entry);
            if (svc.externalPolicyLocal()) {
                sets.get(KubeIpset.LOAD_BALANCER_LOCAL).add(entry);
            }
            if (!svc.sourceRanges().isEmpty()) {
                sets.get(KubeIpset.LOAD_BALANCER_FW).add(entry);
                boolean allowFromNode = false;
                IpAddress nodeIP = config.nodeIP(family).orElse(null);
                for (IpPrefix cidr : svc.sourceRanges()) {
                    sets.get(KubeIpset.LOAD_BALANCER_SOURCE_CIDR).add(entry + "," + cidr);
                    if (nodeIP != null && cidr.contains(nodeIP)) {
                        allowFromNode = true;
                    }
                }
                if (allowFromNode) {
                    sets.get(KubeIpset.LOAD_BALANCER_SOURCE_IP).add(entry + "," + ingress);
                } else {
                    lbNoNodeAccess.add("-A " + IPVS_OUT_FILTER + " -s " + ingress + " -m ipvs --vaddr " + ingress
                            + " --vproto " + proto + " --vport " + svc.port() + " -j DROP");
                }
            }
            addServer(svc, ingress, svc.port(), svc.externalPolicyLocal(), cat);
            if (!nodeAddresses.contains(ingress)) {
                bound.add(ingress);
            }
        }

        if (svc.nodePort() != 0) {
            if (nodeIPs.isEmpty()) {
                return;
            }
            KubeIpset nodePortSet;
            KubeIpset localSet;
            List<String> entries = new ArrayList<>();
            if (svc.protocol().equals(Protocol.SCTP)) {
                nodePortSet = KubeIpset.NODE_PORT_SCTP;
                localSet = KubeIpset.NODE_PORT_LOCAL_SCTP;
                for (IpAddress ip : nodeIPs) {
                    entries.add(ipPort(ip, proto, svc.nodePort()));
                }
            } else if (svc.protocol().equals(Protocol.UDP)) {
                nodePortSet = KubeIpset.NODE_PORT_UDP;
                localSet = KubeIpset.NODE_PORT_LOCAL_UDP;
                entries.add(Integer.toString(svc.nodePort()));
            } else {
                nodePortSet = KubeIpset.NODE_PORT_TCP;
                localSet = KubeIpset.NODE_PORT_LOCAL_TCP;
                entries.add(Integer.toString(svc.nodePort()));
            }
            sets.get(nodePortSet).addAll(entries);
            if (svc.externalPolicyLocal()) {
                sets.get(localSet).addAll(entries);
            }
            for (IpAddress ip : nodeIPs) {
                addServer(svc, ip, svc.nodePort(), svc.externalPolicyLocal(), cat);
            }
        }

        if (svc.healthCheckNodePort() != 0) {
            sets.get(KubeIpset.HEALTH_CHECK_NODE_PORT).add(Integer.toString(svc.healthCheckNodePort()));
        }
    }

    /**
     * Creates (or, when two service ports share an address, port and protocol, replaces as kube-proxy's later sync
     * would) the virtual server and its real servers: with {@code onlyLocal} the local endpoints, or the cluster
     * endpoints when there is none; otherwise the cluster endpoints.
     */
    private void addServer(ServicePortInfo svc, IpAddress address, int port, boolean onlyLocal,
                           EndpointCategories cat) {
        List<EndpointInfo> eps = onlyLocal && !cat.localEndpoints().isEmpty() ? cat.localEndpoints()
                : cat.clusterEndpoints();
        TreeMap<String, VirtualServer.RealServer> reals = new TreeMap<>();
        for (EndpointInfo e : eps) {
            reals.put(e.text(), new VirtualServer.RealServer(e.ip(), e.port(), 1));
        }
        boolean mh = config.ipvsScheduler().equals("mh");
        VirtualServer vs = new VirtualServer(address, port, svc.protocol(), config.ipvsScheduler(),
                svc.clientIpAffinity() ? svc.stickyMaxAgeSeconds() : 0, mh, new ArrayList<>(reals.values()));
        servers.put(address.withPort(port) + "/" + svc.protocolName(), vs);
    }

    private IptablesRestore iptables() {
        RestoreLines natChains = new RestoreLines();
        RestoreLines natRules = new RestoreLines();
        RestoreLines filterChains = new RestoreLines();
        RestoreLines filterRules = new RestoreLines();
        for (String c : List.of(SERVICES, POSTROUTING, NODE_PORT, LOAD_BALANCER, MARK_MASQ)) {
            natChains.chain(c);
        }
        for (String c : List.of(FORWARD, NODE_PORT, PROXY_FIREWALL, SOURCE_RANGES_FIREWALL, IPVS_FILTER,
                IPVS_OUT_FILTER)) {
            filterChains.chain(c);
        }
        String mark = config.masqueradeMark();
        natRules.add("-A", SERVICES, "-s", family == AddressFamily.IPV4 ? "127.0.0.0/8" : "::1/128", "-j", "RETURN");
        for (SetJump j : SET_JUMPS) {
            if (sets.get(j.set()).isEmpty()) {
                continue;
            }
            RestoreLines rules = j.filter() ? filterRules : natRules;
            rules.add("-A", j.from(), j.protocol().isEmpty() ? "" : "-p", j.protocol(), "-m", "comment",
                    "--comment", quoted(j.set().comment()), "-m", "set", "--match-set", j.set().name(family),
                    j.matchType(), "-j", j.to());
        }
        if (!sets.get(KubeIpset.CLUSTER_IP).isEmpty()) {
            List<Object> args = List.of("-A", SERVICES, "-m", "comment", "--comment",
                    quoted(KubeIpset.CLUSTER_IP.comment()), "-m", "set", "--match-set",
                    KubeIpset.CLUSTER_IP.name(family));
            LocalTrafficDetector detector = config.localDetector();
            if (config.masqueradeAll()) {
                natRules.add(args, "dst,dst", "-j", MARK_MASQ);
            } else if (detector.implemented(family)) {
                natRules.add(args, "dst,dst", detector.ifNotLocal(family), "-j", MARK_MASQ);
            } else {
                natRules.add(args, "src,dst", "-j", MARK_MASQ);
            }
        }
        for (KubeIpset s : List.of(KubeIpset.EXTERNAL_IP, KubeIpset.EXTERNAL_IP_LOCAL)) {
            if (sets.get(s).isEmpty()) {
                continue;
            }
            List<Object> args = List.of("-A", SERVICES, "-m", "comment", "--comment", quoted(s.comment()),
                    "-m", "set", "--match-set", s.name(family), "dst,dst");
            if (s == KubeIpset.EXTERNAL_IP) {
                natRules.add(args, "-j", MARK_MASQ);
            }
            natRules.add(args, "-m", "physdev", "!", "--physdev-is-in", "-m", "addrtype", "!", "--src-type", "LOCAL",
                    "-j", "ACCEPT");
            natRules.add(args, "-m", "addrtype", "--dst-type", "LOCAL", "-j", "ACCEPT");
        }
        natRules.add("-A", SERVICES, "-m", "addrtype", "--dst-type", "LOCAL", "-j", NODE_PORT);
        natRules.add("-A", LOAD_BALANCER, "-j", MARK_MASQ);
        filterRules.add("-A", SOURCE_RANGES_FIREWALL, "-j", "DROP");
        for (String line : lbNoNodeAccess) {
            filterRules.add(line);
        }
        for (KubeIpset s : List.of(KubeIpset.CLUSTER_IP, KubeIpset.LOAD_BALANCER)) {
            if (!sets.get(s).isEmpty()) {
                natRules.add("-A", SERVICES, "-m", "set", "--match-set", s.name(family), "dst,dst", "-j", "ACCEPT");
            }
        }
        filterRules.add("-A", FORWARD, "-m", "comment", "--comment", quoted("kubernetes forwarding rules"),
                "-m", "mark", "--mark", mark + "/" + mark, "-j", "ACCEPT");
        filterRules.add("-A", FORWARD, "-m", "comment", "--comment", quoted("kubernetes forwarding conntrack rule"),
                "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT");
        filterRules.add("-A", NODE_PORT, "-m", "comment", "--comment",
                quoted(KubeIpset.HEALTH_CHECK_NODE_PORT.comment()), "-m", "set", "--match-set",
                KubeIpset.HEALTH_CHECK_NODE_PORT.name(family), "dst", "-j", "ACCEPT");
        for (KubeIpset s : List.of(KubeIpset.LOAD_BALANCER, KubeIpset.CLUSTER_IP, KubeIpset.EXTERNAL_IP,
                KubeIpset.EXTERNAL_IP_LOCAL)) {
            filterRules.add("-A", IPVS_FILTER, "-m", "set", "--match-set", s.name(family), "dst,dst", "-j", "RETURN");
        }
        filterRules.add("-A", IPVS_FILTER, "-m", "set", "--match-set", KubeIpset.HEALTH_CHECK_NODE_PORT.name(family),
                "dst", "-j", "RETURN");
        filterRules.add("-A", IPVS_FILTER, "-m", "conntrack", "--ctstate", "NEW", "-m", "set", "--match-set",
                KubeIpset.IPVS_IPS.name(family), "dst", "-j", "REJECT");
        natRules.add("-A", POSTROUTING, "-m", "mark", "!", "--mark", mark + "/" + mark, "-j", "RETURN");
        natRules.add("-A", POSTROUTING, "-j", "MARK", "--xor-mark", mark);
        natRules.add("-A", POSTROUTING, "-m", "comment", "--comment",
                quoted("kubernetes service traffic requiring SNAT"), "-j", "MASQUERADE",
                config.randomFully() ? "--random-fully" : "");
        natRules.add("-A", MARK_MASQ, "-j", "MARK", "--or-mark", mark);
        return new IptablesRestore(filterChains.lines(), filterRules.lines(), natChains.lines(), natRules.lines(),
                true);
    }

    private static String ipPort(IpAddress ip, String proto, int port) {
        return ip + "," + proto + ":" + port;
    }

    private static boolean linkLocal(IpAddress a) {
        return IpPrefix.parse("fe80::/10").contains(a);
    }
}
