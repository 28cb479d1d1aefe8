package io.netprove.compiler.services;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code --nodeport-addresses} for one family, read the way kube-proxy reads it: the CIDRs of that family (the word
 * {@code primary} standing for the node IP of the family); none, or a zero CIDR among them, means every address.
 */
public record NodePortAddresses(AddressFamily family, List<IpPrefix> cidrs, boolean matchAll,
                                boolean containsIPv4Loopback) {

    private static final IpAddress IPV4_LOOPBACK = IpAddress.parse("127.0.0.1");

    public NodePortAddresses {
        cidrs = List.copyOf(cidrs);
    }

    /** Parses {@code entries} (CIDRs or {@code primary}) for {@code family}; {@code nodeIP} resolves primary. */
    public static NodePortAddresses of(AddressFamily family, List<String> entries, IpAddress nodeIP) {
        List<IpPrefix> chosen = new ArrayList<>();
        for (String e : entries) {
            IpPrefix p;
            if (e.equals("primary")) {
                if (nodeIP == null || nodeIP.family() != family) {
                    continue;
                }
                p = IpPrefix.host(nodeIP);
            } else {
                p = IpPrefix.parse(e);
            }
            if (p.family() == family) {
                chosen.add(p);
            }
        }
        if (chosen.isEmpty()) {
            chosen.add(IpPrefix.any(family));
        }
        List<IpPrefix> cidrs = new ArrayList<>();
        boolean all = false;
        boolean loopback = false;
        for (IpPrefix p : chosen) {
            if (family == AddressFamily.IPV4 && (p.network().isLoopback() || p.contains(IPV4_LOOPBACK))) {
                loopback = true;
            }
            if (p.length() == 0) {
                cidrs = new ArrayList<>(List.of(p));
                all = true;
                break;
            }
            cidrs.add(p);
        }
        return new NodePortAddresses(family, cidrs, all, loopback);
    }

    /** The interface addresses inside one of the CIDRs, deduplicated, in address order. */
    public List<IpAddress> nodeIPs(List<IpAddress> interfaceAddresses) {
        TreeSet<IpAddress> out = new TreeSet<>();
        for (IpPrefix c : cidrs) {
            for (IpAddress a : interfaceAddresses) {
                if (c.contains(a)) {
                    out.add(a);
                }
            }
        }
        return List.copyOf(out);
    }
}
