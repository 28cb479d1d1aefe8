package io.netprove.compiler.nft;

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

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * kube-proxy's nftables mode (pkg/proxy/nftables/proxier.go; the layout of kubernetes 803d40a5, the version the
 * shared corpus was written against): for one address family, the complete {@code ip kube-proxy} (or
 * {@code ip6 kube-proxy}) table as a transaction of {@code add table/chain/rule/set/map/element} commands, which is
 * what kube-proxy's first full sync leaves in a fresh table. Base chains: filter-prerouting/-input/-forward/-output
 * at priority -110 and filter-output-post-dnat at -90, nat-prerouting/-output at -100 and nat-postrouting at 100.
 * Service dispatch goes through the {@code service-ips} and {@code service-nodeports} verdict maps; services without
 * (local) endpoints are caught by {@code no-endpoint-services}/{@code no-endpoint-nodeports}; load-balancer source
 * ranges by {@code firewall-ips}; load balancing is {@code numgen random mod N vmap}.
 */
public final class NftablesModeCompiler {

    private final KubeProxyConfig config;
    private final AddressFamily family;
    private final String zone;
    private final String table;
    private final String ip;
    private final String addrType;
    private final List<String> out = new ArrayList<>();

    private NftablesModeCompiler(KubeProxyConfig config, AddressFamily family, String zone) {
        this.config = config;
        this.family = family;
        this.zone = zone;
        this.ip = family == AddressFamily.IPV4 ? "ip" : "ip6";
        this.table = ip + " kube-proxy";
        this.addrType = family == AddressFamily.IPV4 ? "ipv4_addr" : "ipv6_addr";
    }

    /** The transaction for {@code ports} (all of one family) on a node in zone {@code zone} (null if unknown). */
    public static String compile(List<ServicePortEndpoints> ports, KubeProxyConfig config, AddressFamily family,
                                 String zone) {
        NftablesModeCompiler c = new NftablesModeCompiler(config, family, zone);
        c.base();
        for (ServicePortEndpoints p : ports) {
            c.servicePort(p.service(), p.endpoints());
        }
        return String.join("\n", c.out) + "\n";
    }

    private void add(String what) {
        out.add("add " + what);
    }

    private void chain(String name) {
        add("chain " + table + " " + name);
    }

    private void baseChain(String name, String type, String hook, int priority) {
        add("chain " + table + " " + name + " { type " + type + " hook " + hook + " priority " + priority + " ; }");
    }

    private void rule(String chain, String rule) {
        add("rule " + table + " " + chain + " " + rule);
    }

    private void element(String set, String element) {
        add("element " + table + " " + set + " { " + element + " }");
    }

    private void base() {
        NodePortAddresses npa = NodePortAddresses.of(family, config.nodePortAddresses(),
                config.nodeIP(family).orElse(null));
        String noLocalhost = family == AddressFamily.IPV4 ? "ip daddr != 127.0.0.0/8" : "ip6 daddr != ::1";
        String mark = config.masqueradeMark();
        add("table " + table + " { comment \"rules for kube-proxy\" ; }");
        out.add("");
        chain("mark-for-masquerade");
        rule("mark-for-masquerade", "mark set mark or " + mark);
        chain("masquerading");
        rule("masquerading", "mark and " + mark + " == 0 return");
        rule("masquerading", "mark set mark xor " + mark);
        rule("masquerading", "masquerade fully-random");
        chain("services");
        chain("service-endpoints-check");
        rule("service-endpoints-check", ip + " daddr . meta l4proto . th dport vmap @no-endpoint-services");
        baseChain("filter-prerouting", "filter", "prerouting", -110);
        rule("filter-prerouting", "ct state new jump firewall-check");
        baseChain("filter-forward", "filter", "forward", -110);
        rule("filter-forward", "ct state new jump service-endpoints-check");
        rule("filter-forward", "ct state new jump cluster-ips-check");
        baseChain("filter-input", "filter", "input", -110);
        rule("filter-input", "ct state new jump nodeport-endpoints-check");
        rule("filter-input", "ct state new jump service-endpoints-check");
        baseChain("filter-output", "filter", "output", -110);
        rule("filter-output", "ct state new jump service-endpoints-check");
        rule("filter-output", "ct state new jump firewall-check");
        baseChain("filter-output-post-dnat", "filter", "output", -90);
        rule("filter-output-post-dnat", "ct state new jump cluster-ips-check");
        baseChain("nat-output", "nat", "output", -100);
        rule("nat-output", "jump services");
        baseChain("nat-postrouting", "nat", "postrouting", 100);
        rule("nat-postrouting", "jump masquerading");
        baseChain("nat-prerouting", "nat", "prerouting", -100);
        rule("nat-prerouting", "jump services");
        chain("nodeport-endpoints-check");
        if (npa.matchAll()) {
            rule("nodeport-endpoints-check", noLocalhost + " meta l4proto . th dport vmap @no-endpoint-nodeports");
        } else {
            rule("nodeport-endpoints-check", ip + " daddr @nodeport-ips meta l4proto . th dport vmap"
                    + " @no-endpoint-nodeports");
        }
        out.add("");
        add("set " + table + " cluster-ips { type " + addrType + " ; comment \"Active ClusterIPs\" ; }");
        chain("cluster-ips-check");
        rule("cluster-ips-check", ip + " daddr @cluster-ips reject comment \"Reject traffic to invalid ports of"
                + " ClusterIPs\"");
        List<IpPrefix> serviceCIDRs = config.serviceCIDRs().stream().filter(c -> c.family() == family).toList();
        if (!serviceCIDRs.isEmpty()) {
            rule("cluster-ips-check", ip + " daddr { " + serviceCIDRs.stream().map(IpPrefix::toString)
                    .collect(Collectors.joining(",")) + " } drop comment \"Drop traffic to unallocated ClusterIPs\"");
        }
        out.add("");
        if (!npa.matchAll()) {
            add("set " + table + " nodeport-ips { type " + addrType + " ; comment \"IPs that accept NodePort"
                    + " traffic\" ; }");
        }
        add("map " + table + " firewall-ips { type " + addrType + " . inet_proto . inet_service : verdict ; comment"
                + " \"destinations that are subject to LoadBalancerSourceRanges\" ; }");
        chain("firewall-check");
        rule("firewall-check", ip + " daddr . meta l4proto . th dport vmap @firewall-ips");
        out.add("");
        add("chain " + table + " reject-chain { comment \"helper for @no-endpoint-services /"
                + " @no-endpoint-nodeports\" ; }");
        rule("reject-chain", "reject");
        out.add("");
        add("map " + table + " no-endpoint-services { type " + addrType + " . inet_proto . inet_service : verdict ;"
                + " comment \"vmap to drop or reject packets to services with no endpoints\" ; }");
        add("map " + table + " no-endpoint-nodeports { type inet_proto . inet_service : verdict ; comment \"vmap to"
                + " drop or reject packets to service nodeports with no endpoints\" ; }");
        out.add("");
        add("map " + table + " service-ips { type " + addrType + " . inet_proto . inet_service : verdict ; comment"
                + " \"ClusterIP, ExternalIP and LoadBalancer IP traffic\" ; }");
        add("map " + table + " service-nodeports { type inet_proto . inet_service : verdict ; comment \"NodePort"
                + " traffic\" ; }");
        rule("services", ip + " daddr . meta l4proto . th dport vmap @service-ips");
        if (npa.matchAll()) {
            rule("services", "fib daddr type local " + noLocalhost + " meta l4proto . th dport vmap"
                    + " @service-nodeports");
        } else {
            rule("services", ip + " daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports");
            for (IpAddress a : npa.nodeIPs(config.interfaceAddresses())) {
                if (!a.isLoopback()) {
                    element("nodeport-ips", a.toString());
                }
            }
        }
    }

    private void servicePort(ServicePortInfo svc, List<EndpointInfo> endpoints) {
        String proto = svc.protocolName();
        String name = svc.nameString();
        String port = Integer.toString(svc.port());
        EndpointCategories cat = EndpointCategories.of(endpoints, svc, zone);
        String base = NftChainNames.serviceBase(svc.namespace(), svc.name(), proto, svc.portName());
        String clusterPolicyChain = "service-" + base;
        String localPolicyChain = "local-" + base;
        String externalTrafficChain = "external-" + base;
        String fwChain = "firewall-" + base;

        boolean hasEndpoints = cat.hasAnyEndpoints();
        boolean usesClusterPolicyChain = !cat.clusterEndpoints().isEmpty() && svc.usesClusterEndpoints();
        boolean usesLocalPolicyChain = !cat.localEndpoints().isEmpty() && svc.usesLocalEndpoints();
        String internalTrafficChain = svc.internalPolicyLocal() ? localPolicyChain : clusterPolicyChain;
        boolean hasInternalEndpoints = hasEndpoints && (!svc.internalPolicyLocal() || !cat.localEndpoints().isEmpty());
        String externalPolicyChain = svc.externalPolicyLocal() ? localPolicyChain : clusterPolicyChain;
        boolean hasExternalEndpoints = hasEndpoints && (!svc.externalPolicyLocal() || !cat.localEndpoints().isEmpty());
        boolean usesExternalTrafficChain = hasEndpoints && svc.externallyAccessible();
        boolean usesFwChain = !svc.loadBalancerVIPs().isEmpty() && !svc.sourceRanges().isEmpty();

        String internalVerdict = null;
        String externalVerdict = null;
        if (!hasEndpoints) {
            internalVerdict = "goto reject-chain";
            externalVerdict = "goto reject-chain";
        } else {
            if (!hasInternalEndpoints) {
                internalVerdict = "drop";
            }
            if (!hasExternalEndpoints) {
                externalVerdict = "drop";
            }
        }

        out.add("");
        out.add("# " + name + (svc.protocolName().equals("tcp") ? "" : " (" + proto + ")"));
        if (svc.clientIpAffinity()) {
            for (EndpointInfo ep : cat.allReachable()) {
                add("set " + table + " " + affinitySet(svc, ep) + " { type " + addrType
                        + " ; flags dynamic,timeout ; timeout " + svc.stickyMaxAgeSeconds() + "s ; }");
            }
        }
        if (usesClusterPolicyChain) {
            chain(clusterPolicyChain);
            if (hasInternalEndpoints && !svc.internalPolicyLocal()) {
                internalMasquerade(clusterPolicyChain, svc, proto, port);
            }
            serviceToEndpointRules(svc, clusterPolicyChain, cat.clusterEndpoints());
        }
        if (usesLocalPolicyChain) {
            chain(localPolicyChain);
            if (hasInternalEndpoints && svc.internalPolicyLocal()) {
                internalMasquerade(localPolicyChain, svc, proto, port);
            }
            serviceToEndpointRules(svc, localPolicyChain, cat.localEndpoints());
        }
        if (usesExternalTrafficChain) {
            chain(externalTrafficChain);
            if (!svc.externalPolicyLocal()) {
                rule(externalTrafficChain, "jump mark-for-masquerade");
            } else {
                LocalTrafficDetector d = config.localDetector();
                if (d.implemented(family)) {
                    rule(externalTrafficChain, d.ifLocalNft(family) + " goto " + clusterPolicyChain
                            + " comment \"short-circuit pod traffic\"");
                }
                rule(externalTrafficChain, "fib saddr type local jump mark-for-masquerade"
                        + " comment \"masquerade local traffic\"");
                rule(externalTrafficChain, "fib saddr type local goto " + clusterPolicyChain
                        + " comment \"short-circuit local traffic\"");
            }
            if (hasExternalEndpoints) {
                rule(externalTrafficChain, "goto " + externalPolicyChain);
            }
        }
        for (EndpointInfo ep : cat.allReachable()) {
            String epChain = "endpoint-" + endpointBase(svc, ep);
            chain(epChain);
            rule(epChain, ip + " saddr " + ep.ip() + " jump mark-for-masquerade");
            if (svc.clientIpAffinity()) {
                rule(epChain, "update @" + affinitySet(svc, ep) + " { " + ip + " saddr }");
            }
            rule(epChain, "meta l4proto " + proto + " dnat to " + ep.text());
        }
        if (usesFwChain) {
            chain(fwChain);
            List<String> sources = new ArrayList<>();
            boolean allowFromNode = false;
            IpAddress nodeIP = config.nodeIP(family).orElse(null);
            for (IpPrefix cidr : svc.sourceRanges()) {
                sources.add(cidr.toString());
                if (nodeIP != null && cidr.contains(nodeIP)) {
                    allowFromNode = true;
                }
            }
            if (allowFromNode) {
                for (IpAddress lbip : svc.loadBalancerVIPs()) {
                    sources.add(lbip.toString());
                }
            }
            rule(fwChain, ip + " saddr != { " + String.join(" , ", sources) + " } drop");
        }

        out.add("");
        String cip = svc.clusterIP().toString();
        element("cluster-ips", cip);
        String comment = " comment \"" + name + "\"";
        if (hasInternalEndpoints) {
            element("service-ips", cip + " . " + proto + " . " + port + " : goto " + internalTrafficChain);
        } else {
            element("no-endpoint-services", cip + " . " + proto + " . " + port + comment + " : " + internalVerdict);
        }
        for (IpAddress externalIP : svc.externalIPs()) {
            String key = externalIP + " . " + proto + " . " + port;
            if (hasEndpoints) {
                element("service-ips", key + " : goto " + externalTrafficChain);
            }
            if (!hasExternalEndpoints) {
                element("no-endpoint-services", key + comment + " : " + externalVerdict);
            }
        }
        for (IpAddress lbip : svc.loadBalancerVIPs()) {
            String key = lbip + " . " + proto + " . " + port;
            if (hasEndpoints) {
                element("service-ips", key + " : goto " + externalTrafficChain);
            }
            if (usesFwChain) {
                element("firewall-ips", key + comment + " : goto " + fwChain);
            }
        }
        if (!hasExternalEndpoints) {
            for (IpAddress lbip : svc.loadBalancerVIPs()) {
                element("no-endpoint-services", lbip + " . " + proto + " . " + port + comment + " : "
                        + externalVerdict);
            }
        }
        if (svc.nodePort() != 0) {
            String key = proto + " . " + svc.nodePort();
            if (hasEndpoints) {
                element("service-nodeports", key + " : goto " + externalTrafficChain);
            }
            if (!hasExternalEndpoints) {
                element("no-endpoint-nodeports", key + comment + " : " + externalVerdict);
            }
        }
    }

    private void internalMasquerade(String chain, ServicePortInfo svc, String proto, String port) {
        String match = ip + " daddr " + svc.clusterIP() + " " + proto + " dport " + port;
        if (config.masqueradeAll()) {
            rule(chain, match + " jump mark-for-masquerade");
        } else if (config.localDetector().implemented(family)) {
            rule(chain, match + " " + config.localDetector().ifNotLocalNft(family) + " jump mark-for-masquerade");
        }
    }

    private void serviceToEndpointRules(ServicePortInfo svc, String chain, List<EndpointInfo> endpoints) {
        if (svc.clientIpAffinity()) {
            for (EndpointInfo ep : endpoints) {
                rule(chain, ip + " saddr @" + affinitySet(svc, ep) + " goto endpoint-" + endpointBase(svc, ep));
            }
        }
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            elements.add(i + " : goto endpoint-" + endpointBase(svc, endpoints.get(i)));
        }
        rule(chain, "numgen random mod " + endpoints.size() + " vmap { " + String.join(" , ", elements) + " }");
    }

    private static String endpointBase(ServicePortInfo svc, EndpointInfo ep) {
        return NftChainNames.endpointBase(svc.namespace(), svc.name(), svc.protocolName(), svc.portName(), ep.ip(),
                ep.port());
    }

    private static String affinitySet(ServicePortInfo svc, EndpointInfo ep) {
        return "affinity-" + endpointBase(svc, ep);
    }
}
