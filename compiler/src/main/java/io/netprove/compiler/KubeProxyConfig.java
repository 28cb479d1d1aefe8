package io.netprove.compiler;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * kube-proxy's configuration on one node, with kube-proxy's defaults, as far as it shapes the rules it writes.
 *
 * <ul>
 *   <li>{@code nodeName}: {@code --hostname-override}; endpoints whose {@code nodeName} equals it are local.</li>
 *   <li>{@code nodeIPs}: the node's addresses. The first of each family is kube-proxy's node IP of that family
 *       (used for LoadBalancerSourceRanges that contain the node); all of them, plus the loopback addresses, are
 *       the interface addresses {@code --nodeport-addresses} selects from (and IPVS binds NodePorts to).</li>
 *   <li>{@code localDetector}: {@code --detect-local-mode} with {@code --cluster-cidr} etc.</li>
 *   <li>{@code nodePortAddresses}: CIDRs or the word {@code primary}; empty means every address.</li>
 *   <li>{@code localhostNodePorts}: {@code --iptables-localhost-nodeports} (IPv4 iptables mode only).</li>
 *   <li>{@code masqueradeBit}: {@code --iptables-masquerade-bit} (default 14, mark 0x4000).</li>
 *   <li>{@code ipvsScheduler}: {@code --ipvs-scheduler} (default rr).</li>
 *   <li>{@code serviceCIDRs}: the service IP ranges; nftables mode drops traffic to unallocated addresses in
 *       them (an empty list leaves that rule out).</li>
 *   <li>{@code randomFully}: whether the node's iptables supports {@code MASQUERADE --random-fully} (1.6.2+).</li>
 *   <li>{@code nfacctCounters}: whether kube-proxy (1.29+) could create its nfacct counters, which adds
 *       {@code -m nfacct} matches to two rules.</li>
 * </ul>
 */
public record KubeProxyConfig(KubeProxyMode mode, String nodeName, List<IpAddress> nodeIPs,
                              LocalTrafficDetector localDetector, boolean masqueradeAll,
                              List<String> nodePortAddresses, boolean localhostNodePorts, int masqueradeBit,
                              String ipvsScheduler, List<IpPrefix> serviceCIDRs, boolean randomFully,
                              boolean nfacctCounters) {

    /** kube-proxy's default masquerade bit. */
    public static final int DEFAULT_MASQUERADE_BIT = 14;
    /** kube-proxy's default IPVS scheduler. */
    public static final String DEFAULT_IPVS_SCHEDULER = "rr";

    public KubeProxyConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(localDetector, "localDetector");
        Objects.requireNonNull(ipvsScheduler, "ipvsScheduler");
        nodeIPs = List.copyOf(nodeIPs);
        nodePortAddresses = List.copyOf(nodePortAddresses);
        serviceCIDRs = List.copyOf(serviceCIDRs);
        if (nodeName.isEmpty()) {
            throw new IllegalArgumentException("empty node name");
        }
        if (masqueradeBit < 0 || masqueradeBit > 31) {
            throw new IllegalArgumentException("masquerade bit " + masqueradeBit + " not in [0, 31]");
        }
        for (String a : nodePortAddresses) {
            if (!a.equals("primary") && IpPrefix.tryParse(a) == null) {
                throw new IllegalArgumentException("nodePortAddresses entry '" + a + "' is not a CIDR or 'primary'");
            }
        }
    }

    /** kube-proxy's defaults for {@code mode} on node {@code nodeName} with addresses {@code nodeIPs}. */
    public static KubeProxyConfig defaults(KubeProxyMode mode, String nodeName, List<IpAddress> nodeIPs) {
        return new KubeProxyConfig(mode, nodeName, nodeIPs, new LocalTrafficDetector.None(), false, List.of(), true,
                DEFAULT_MASQUERADE_BIT, DEFAULT_IPVS_SCHEDULER, List.of(), true, true);
    }

    public KubeProxyConfig withMode(KubeProxyMode m) {
        return new KubeProxyConfig(m, nodeName, nodeIPs, localDetector, masqueradeAll, nodePortAddresses,
                localhostNodePorts, masqueradeBit, ipvsScheduler, serviceCIDRs, randomFully, nfacctCounters);
    }

    public KubeProxyConfig withLocalDetector(LocalTrafficDetector d) {
        return new KubeProxyConfig(mode, nodeName, nodeIPs, d, masqueradeAll, nodePortAddresses,
                localhostNodePorts, masqueradeBit, ipvsScheduler, serviceCIDRs, randomFully, nfacctCounters);
    }

    public KubeProxyConfig withMasqueradeAll(boolean v) {
        return new KubeProxyConfig(mode, nodeName, nodeIPs, localDetector, v, nodePortAddresses,
                localhostNodePorts, masqueradeBit, ipvsScheduler, serviceCIDRs, randomFully, nfacctCounters);
    }

    public KubeProxyConfig withNodePortAddresses(List<String> v) {
        return new KubeProxyConfig(mode, nodeName, nodeIPs, localDetector, masqueradeAll, v,
                localhostNodePorts, masqueradeBit, ipvsScheduler, serviceCIDRs, randomFully, nfacctCounters);
    }

    public KubeProxyConfig withLocalhostNodePorts(boolean v) {
        return new KubeProxyConfig(mode, nodeName, nodeIPs, localDetector, masqueradeAll, nodePortAddresses,
                v, masqueradeBit, ipvsScheduler, serviceCIDRs, randomFully, nfacctCounters);
    }

    public KubeProxyConfig withMasqueradeBit(int v) {
        return new KubeProxyConfig(mode, nodeName, nodeIPs, localDetector, masqueradeAll, nodePortAddresses,
                localhostNodePorts, v, ipvsScheduler, serviceCIDRs, randomFully, nfacctCounters);
    }

    public KubeProxyConfig withIpvsScheduler(String v) {
        return new KubeProxyConfig(mode, nodeName, nodeIPs, localDetector, masqueradeAll, nodePortAddresses,
                localhostNodePorts, masqueradeBit, v, serviceCIDRs, randomFully, nfacctCounters);
    }

    public KubeProxyConfig withServiceCIDRs(List<IpPrefix> v) {
        return new KubeProxyConfig(mode, nodeName, nodeIPs, localDetector, masqueradeAll, nodePortAddresses,
                localhostNodePorts, masqueradeBit, ipvsScheduler, v, randomFully, nfacctCounters);
    }

    public KubeProxyConfig withRandomFully(boolean v) {
        return new KubeProxyConfig(mode, nodeName, nodeIPs, localDetector, masqueradeAll, nodePortAddresses,
                localhostNodePorts, masqueradeBit, ipvsScheduler, serviceCIDRs, v, nfacctCounters);
    }

    public KubeProxyConfig withNfacctCounters(boolean v) {
        return new KubeProxyConfig(mode, nodeName, nodeIPs, localDetector, masqueradeAll, nodePortAddresses,
                localhostNodePorts, masqueradeBit, ipvsScheduler, serviceCIDRs, randomFully, v);
    }

    /** kube-proxy's node IP of {@code family}: the first node address of that family. */
    public Optional<IpAddress> nodeIP(AddressFamily family) {
        return nodeIPs.stream().filter(a -> a.family() == family).findFirst();
    }

    /**
     * The addresses of the node's interfaces as kube-proxy lists them for {@code --nodeport-addresses}: the node
     * addresses and the loopback addresses.
     */
    public List<IpAddress> interfaceAddresses() {
        List<IpAddress> out = new ArrayList<>();
        out.add(IpAddress.parse("127.0.0.1"));
        out.add(IpAddress.parse("::1"));
        for (IpAddress a : nodeIPs) {
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The masquerade mark as kube-proxy formats it ({@code %#08x}: {@code 0x00004000} for bit 14). */
    public String masqueradeMark() {
        return String.format(java.util.Locale.ROOT, "0x%08x", 1L << masqueradeBit);
    }
}
