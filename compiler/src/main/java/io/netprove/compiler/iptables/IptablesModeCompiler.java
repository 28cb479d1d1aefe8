package io.netprove.compiler.iptables;

import io.netprove.compiler.KubeProxyConfig;
import io.netprove.compiler.LocalTrafficDetector;
import io.netprove.compiler.services.EndpointCategories;
import io.netprove.compiler.services.EndpointInfo;
import io.netprove.compiler.services.NodePortAddresses;
import io.netprove.compiler.services.ServicePortEndpoints;
import io.netprove.compiler.services.ServicePortInfo;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import static io.netprove.compiler.iptables.RestoreLines.quoted;

/**
 * kube-proxy's iptables mode (pkg/proxy/iptables/proxier.go, syncProxyRules, full sync): for one address family, the
 * iptables-restore input for the filter and nat tables. Per service port, in this order: the cluster-IP capture
 * (or a REJECT/DROP rule in filter KUBE-SERVICES without usable endpoints), external IPs, load-balancer IPs (through
 * KUBE-FW when source ranges are set, with the matching KUBE-PROXY-FIREWALL DROP), node ports (and the
 * 127.0.0.0/8 variant with localhost NodePorts), the health-check node port, then the KUBE-SVC / KUBE-SVL / KUBE-EXT /
 * KUBE-FW chains and one KUBE-SEP chain per reachable endpoint (with {@code -m recent} for ClientIP affinity and
 * {@code -m statistic} probabilities 1/n, 1/(n-1), ... written with ten decimals). Then the nodeports jump that must
 * end KUBE-SERVICES and the KUBE-FORWARD rules.
 */
public final class IptablesModeCompiler {

    /** Above this many endpoints kube-proxy drops the comments of endpoint rules ("large cluster mode"). */
    public static final int LARGE_CLUSTER_ENDPOINTS = 1000;

    static final String SERVICES = "KUBE-SERVICES";
    static final String EXTERNAL_SERVICES = "KUBE-EXTERNAL-SERVICES";
    static final String NODEPORTS = "KUBE-NODEPORTS";
    static final String POSTROUTING = "KUBE-POSTROUTING";
    static final String MARK_MASQ = "KUBE-MARK-MASQ";
    static final String FORWARD = "KUBE-FORWARD";
    static final String PROXY_FIREWALL = "KUBE-PROXY-FIREWALL";
    static final String KUBELET_FIREWALL = "KUBE-FIREWALL";

    /** nfacct counter names (pkg/proxy/metrics). */
    static final String INVALID_DROPPED_COUNTER = "ct_state_invalid_dropped_pkts";
    static final String LOCALHOST_NODEPORT_COUNTER = "localhost_nps_accepted_pkts";

    private final KubeProxyConfig config;
    private final AddressFamily family;
    private final String zone;
    private final LocalTrafficDetector detector;
    private final String mark;
    private final boolean localhostNodePorts;
    private final NodePortAddresses nodePortAddresses;
    private boolean largeClusterMode;

    private final RestoreLines filterChains = new RestoreLines();
    private final RestoreLines filterRules = new RestoreLines();
    private final RestoreLines natChains = new RestoreLines();
    private final RestoreLines natRules = new RestoreLines();

    private IptablesModeCompiler(KubeProxyConfig config, AddressFamily family, String zone) {
        this.config = config;
        this.family = family;
        this.zone = zone;
        this.detector = config.localDetector();
        this.mark = config.masqueradeMark();
        this.nodePortAddresses = NodePortAddresses.of(family, config.nodePortAddresses(),
                config.nodeIP(family).orElse(null));
        // kube-proxy turns localhost NodePorts off when --nodeport-addresses leaves out 127.0.0.1, and the IPv6
        // proxier never has them.
        this.localhostNodePorts = family == AddressFamily.IPV4 && config.localhostNodePorts()
                && nodePortAddresses.containsIPv4Loopback();
    }

    /** The restore input for {@code ports} (all of one family) on a node in zone {@code zone} (null if unknown). */
    public static IptablesRestore compile(List<ServicePortEndpoints> ports, KubeProxyConfig config,
                                          AddressFamily family, String zone) {
        return new IptablesModeCompiler(config, family, zone).run(ports);
    }

    private IptablesRestore run(List<ServicePortEndpoints> ports) {
        for (String c : List.of(SERVICES, EXTERNAL_SERVICES, FORWARD, NODEPORTS, PROXY_FIREWALL)) {
            filterChains.chain(c);
        }
        for (String c : List.of(SERVICES, NODEPORTS, POSTROUTING, MARK_MASQ)) {
            natChains.chain(c);
        }
        natRules.add("-A", POSTROUTING, "-m", "mark", "!", "--mark", mark + "/" + mark, "-j", "RETURN");
        natRules.add("-A", POSTROUTING, "-j", "MARK", "--xor-mark", mark);
        natRules.add("-A", POSTROUTING, "-m", "comment", "--comment",
                quoted("kubernetes service traffic requiring SNAT"), "-j", "MASQUERADE",
                config.randomFully() ? "--random-fully" : "");
        natRules.add("-A", MARK_MASQ, "-j", "MARK", "--or-mark", mark);
        if (family == AddressFamily.IPV4 && localhostNodePorts) {
            filterChains.chain(KUBELET_FIREWALL);
            filterRules.add("-A", KUBELET_FIREWALL, "-m", "comment", "--comment",
                    quoted("block incoming localnet connections"), "-d", "127.0.0.0/8", "!", "-s", "127.0.0.0/8",
                    "-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED,DNAT", "-j", "DROP");
        }
        int total = 0;
        for (ServicePortEndpoints p : ports) {
            total += p.endpoints().size();
        }
        largeClusterMode = total > LARGE_CLUSTER_ENDPOINTS;
        for (ServicePortEndpoints p : ports) {
            servicePort(p.service(), p.endpoints());
        }
        nodePortsJump();
        List<Object> invalid = new ArrayList<>(List.of("-A", FORWARD, "-m", "conntrack", "--ctstate", "INVALID"));
        if (config.nfacctCounters()) {
            invalid.addAll(List.of("-m", "nfacct", "--nfacct-name", INVALID_DROPPED_COUNTER));
        }
        invalid.addAll(List.of("-j", "DROP"));
        filterRules.add(invalid.toArray());
        filterRules.add("-A", FORWARD, "-m", "comment", "--comment", quoted("kubernetes forwarding rules"),
                "-m", "mark", "--mark", mark + "/" + mark, "-j", "ACCEPT");
        filterRules.add("-A", FORWARD, "-m", "comment", "--comment", quoted("kubernetes forwarding conntrack rule"),
                "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT");
        return new IptablesRestore(filterChains.lines(), filterRules.lines(), natChains.lines(), natRules.lines(),
                false);
    }

    private void servicePort(ServicePortInfo svc, List<EndpointInfo> endpoints) {
        String proto = svc.protocolName();
        String name = svc.nameString();
        String port = Integer.toString(svc.port());
        EndpointCategories cat = EndpointCategories.of(endpoints, svc, zone);

        String clusterPolicyChain = ChainNames.clusterPolicy(name, proto);
        boolean usesClusterPolicyChain = !cat.clusterEndpoints().isEmpty() && svc.usesClusterEndpoints();
        String localPolicyChain = ChainNames.localPolicy(name, proto);
        boolean usesLocalPolicyChain = !cat.localEndpoints().isEmpty() && svc.usesLocalEndpoints();

        boolean hasEndpoints = cat.hasAnyEndpoints();
        String internalTrafficChain = clusterPolicyChain;
        boolean hasInternalEndpoints = hasEndpoints;
        if (svc.internalPolicyLocal()) {
            internalTrafficChain = localPolicyChain;
            hasInternalEndpoints = hasEndpoints && !cat.localEndpoints().isEmpty();
        }
        String externalPolicyChain = clusterPolicyChain;
        boolean hasExternalEndpoints = hasEndpoints;
        if (svc.externalPolicyLocal()) {
            externalPolicyChain = localPolicyChain;
            hasExternalEndpoints = hasEndpoints && !cat.localEndpoints().isEmpty();
        }
        String externalTrafficChain = ChainNames.external(name, proto);
        boolean usesExternalTrafficChain = hasEndpoints && svc.externallyAccessible();
        String fwChain = ChainNames.firewall(name, proto);
        boolean usesFwChain = hasEndpoints && !svc.loadBalancerVIPs().isEmpty() && !svc.sourceRanges().isEmpty();
        String loadBalancerTrafficChain = usesFwChain ? fwChain : externalTrafficChain;

        String internalFilterTarget = null;
        String internalFilterComment = null;
        String externalFilterTarget = null;
        String externalFilterComment = null;
        if (!hasEndpoints) {
            internalFilterTarget = "REJECT";
            internalFilterComment = quoted(name + " has no endpoints");
            externalFilterTarget = "REJECT";
            externalFilterComment = internalFilterComment;
        } else {
            if (!hasInternalEndpoints) {
                internalFilterTarget = "DROP";
                internalFilterComment = quoted(name + " has no local endpoints");
            }
            if (!hasExternalEndpoints) {
                externalFilterTarget = "DROP";
                externalFilterComment = quoted(name + " has no local endpoints");
            }
        }

        String clusterIP = svc.clusterIP().toString();
        if (hasInternalEndpoints) {
            natRules.add("-A", SERVICES, "-m", "comment", "--comment", quoted(name + " cluster IP"),
                    "-m", proto, "-p", proto, "-d", clusterIP, "--dport", port, "-j", internalTrafficChain);
        } else {
            filterRules.add("-A", SERVICES, "-m", "comment", "--comment", internalFilterComment,
                    "-m", proto, "-p", proto, "-d", clusterIP, "--dport", port, "-j", internalFilterTarget);
        }

        for (IpAddress externalIP : svc.externalIPs()) {
            if (hasEndpoints) {
                natRules.add("-A", SERVICES, "-m", "comment", "--comment", quoted(name + " external IP"),
                        "-m", proto, "-p", proto, "-d", externalIP.toString(), "--dport", port,
                        "-j", externalTrafficChain);
            }
            if (!hasExternalEndpoints) {
                filterRules.add("-A", EXTERNAL_SERVICES, "-m", "comment", "--comment", externalFilterComment,
                        "-m", proto, "-p", proto, "-d", externalIP.toString(), "--dport", port,
                        "-j", externalFilterTarget);
            }
        }

        for (IpAddress lbip : svc.loadBalancerVIPs()) {
            if (hasEndpoints) {
                natRules.add("-A", SERVICES, "-m", "comment", "--comment", quoted(name + " loadbalancer IP"),
                        "-m", proto, "-p", proto, "-d", lbip.toString(), "--dport", port,
                        "-j", loadBalancerTrafficChain);
            }
            if (usesFwChain) {
                filterRules.add("-A", PROXY_FIREWALL, "-m", "comment", "--comment",
                        quoted(name + " traffic not accepted by " + fwChain),
                        "-m", proto, "-p", proto, "-d", lbip.toString(), "--dport", port, "-j", "DROP");
            }
        }
        if (!hasExternalEndpoints) {
            for (IpAddress lbip : svc.loadBalancerVIPs()) {
                filterRules.add("-A", EXTERNAL_SERVICES, "-m", "comment", "--comment", externalFilterComment,
                        "-m", proto, "-p", proto, "-d", lbip.toString(), "--dport", port,
                        "-j", externalFilterTarget);
            }
        }

        if (svc.nodePort() != 0) {
            String nodePort = Integer.toString(svc.nodePort());
            if (hasEndpoints) {
                if (localhostNodePorts && config.nfacctCounters()) {
                    natRules.add("-A", NODEPORTS, "-m", "comment", "--comment", name,
                            "-m", proto, "-p", proto, "-d", "127.0.0.0/8", "--dport", nodePort,
                            "-m", "nfacct", "--nfacct-name", LOCALHOST_NODEPORT_COUNTER,
                            "-j", externalTrafficChain);
                }
                natRules.add("-A", NODEPORTS, "-m", "comment", "--comment", name,
                        "-m", proto, "-p", proto, "--dport", nodePort, "-j", externalTrafficChain);
            }
            if (!hasExternalEndpoints) {
                filterRules.add("-A", EXTERNAL_SERVICES, "-m", "comment", "--comment", externalFilterComment,
                        "-m", "addrtype", "--dst-type", "LOCAL", "-m", proto, "-p", proto, "--dport", nodePort,
                        "-j", externalFilterTarget);
            }
        }

        if (svc.healthCheckNodePort() != 0) {
            filterRules.add("-A", NODEPORTS, "-m", "comment", "--comment", quoted(name + " health check node port"),
                    "-m", "tcp", "-p", "tcp", "--dport", Integer.toString(svc.healthCheckNodePort()), "-j", "ACCEPT");
        }

        if (hasInternalEndpoints) {
            List<Object> args = List.of("-m", "comment", "--comment", quoted(name + " cluster IP"),
                    "-m", proto, "-p", proto, "-d", clusterIP, "--dport", port);
            if (config.masqueradeAll()) {
                natRules.add("-A", internalTrafficChain, args, "-j", MARK_MASQ);
            } else if (detector.implemented(family)) {
                natRules.add("-A", internalTrafficChain, args, detector.ifNotLocal(family), "-j", MARK_MASQ);
            }
        }

        if (usesExternalTrafficChain) {
            natChains.chain(externalTrafficChain);
            if (!svc.externalPolicyLocal()) {
                natRules.add("-A", externalTrafficChain, "-m", "comment", "--comment",
                        quoted("masquerade traffic for " + name + " external destinations"), "-j", MARK_MASQ);
            } else {
                if (detector.implemented(family)) {
                    natRules.add("-A", externalTrafficChain, "-m", "comment", "--comment",
                            quoted("pod traffic for " + name + " external destinations"),
                            detector.ifLocal(family), "-j", clusterPolicyChain);
                }
                natRules.add("-A", externalTrafficChain, "-m", "comment", "--comment",
                        quoted("masquerade LOCAL traffic for " + name + " external destinations"),
                        "-m", "addrtype", "--src-type", "LOCAL", "-j", MARK_MASQ);
                natRules.add("-A", externalTrafficChain, "-m", "comment", "--comment",
                        quoted("route LOCAL traffic for " + name + " external destinations"),
                        "-m", "addrtype", "--src-type", "LOCAL", "-j", clusterPolicyChain);
            }
            if (hasExternalEndpoints) {
                natRules.add("-A", externalTrafficChain, "-j", externalPolicyChain);
            }
        }

        if (usesFwChain) {
            natChains.chain(fwChain);
            List<Object> head = List.of("-A", fwChain, "-m", "comment", "--comment",
                    quoted(name + " loadbalancer IP"));
            boolean allowFromNode = false;
            IpAddress nodeIP = config.nodeIP(family).orElse(null);
            for (IpPrefix cidr : svc.sourceRanges()) {
                natRules.add(head, "-s", cidr.toString(), "-j", externalTrafficChain);
                if (nodeIP != null && cidr.contains(nodeIP)) {
                    allowFromNode = true;
                }
            }
            if (allowFromNode) {
                for (IpAddress lbip : svc.loadBalancerVIPs()) {
                    natRules.add(head, "-s", lbip.toString(), "-j", externalTrafficChain);
                }
            }
            natRules.add("-A", fwChain, "-m", "comment", "--comment",
                    quoted("other traffic to " + name + " will be dropped by KUBE-PROXY-FIREWALL"));
        }

        if (usesClusterPolicyChain) {
            natChains.chain(clusterPolicyChain);
            serviceToEndpointRules(svc, clusterPolicyChain, cat.clusterEndpoints());
        }
        if (usesLocalPolicyChain) {
            natChains.chain(localPolicyChain);
            serviceToEndpointRules(svc, localPolicyChain, cat.localEndpoints());
        }

        for (EndpointInfo ep : cat.allReachable()) {
            String epChain = ChainNames.endpoint(name, proto, ep.text());
            natChains.chain(epChain);
            List<Object> args = new ArrayList<>(List.of("-A", epChain));
            comment(args, name);
            natRules.add(args, "-s", ep.ip().toString(), "-j", MARK_MASQ);
            if (svc.clientIpAffinity()) {
                args.addAll(List.of("-m", "recent", "--name", epChain, "--set"));
            }
            args.addAll(List.of("-m", proto, "-p", proto, "-j", "DNAT", "--to-destination", ep.text()));
            natRules.add(args.toArray());
        }
    }

    private void serviceToEndpointRules(ServicePortInfo svc, String svcChain, List<EndpointInfo> endpoints) {
        String name = svc.nameString();
        String proto = svc.protocolName();
        if (svc.clientIpAffinity()) {
            for (EndpointInfo ep : endpoints) {
                String epChain = ChainNames.endpoint(name, proto, ep.text());
                List<Object> args = new ArrayList<>(List.of("-A", svcChain));
                comment(args, quoted(name + " -> " + ep.text()));
                args.addAll(List.of("-m", "recent", "--name", epChain, "--rcheck", "--seconds",
                        Integer.toString(svc.stickyMaxAgeSeconds()), "--reap", "-j", epChain));
                natRules.add(args.toArray());
            }
        }
        int n = endpoints.size();
        for (int i = 0; i < n; i++) {
            EndpointInfo ep = endpoints.get(i);
            List<Object> args = new ArrayList<>(List.of("-A", svcChain));
            comment(args, quoted(name + " -> " + ep.text()));
            if (i < n - 1) {
                args.addAll(List.of("-m", "statistic", "--mode", "random", "--probability", probability(n - i)));
            }
            args.addAll(List.of("-j", ChainNames.endpoint(name, proto, ep.text())));
            natRules.add(args.toArray());
        }
    }

    private void comment(List<Object> args, String comment) {
        if (!largeClusterMode) {
            args.addAll(List.of("-m", "comment", "--comment", comment));
        }
    }

    private void nodePortsJump() {
        String comment = quoted("kubernetes service nodeports; NOTE: this must be the last rule in this chain");
        if (nodePortAddresses.matchAll()) {
            List<Object> destinations = new ArrayList<>(List.of("-m", "addrtype", "--dst-type", "LOCAL"));
            if (family == AddressFamily.IPV6) {
                destinations.addAll(List.of("!", "-d", "::1/128"));
            } else if (!localhostNodePorts) {
                destinations.addAll(List.of("!", "-d", "127.0.0.0/8"));
            }
            natRules.add("-A", SERVICES, "-m", "comment", "--comment", comment, destinations, "-j", NODEPORTS);
            return;
        }
        for (IpAddress ip : nodePortAddresses.nodeIPs(config.interfaceAddresses())) {
            if (ip.isLoopback() && (family == AddressFamily.IPV6 || !localhostNodePorts)) {
                continue;
            }
            natRules.add("-A", SERVICES, "-m", "comment", "--comment", comment, "-d", ip.toString(),
                    "-j", NODEPORTS);
        }
    }

    /** 1/n with ten decimals, rounded from the exact binary value as Go's {@code %0.10f} rounds. */
    static String probability(int n) {
        return new BigDecimal(1.0 / n).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
    }
}
