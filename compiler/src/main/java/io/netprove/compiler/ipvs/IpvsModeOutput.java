package io.netprove.compiler.ipvs;

import io.netprove.compiler.iptables.IptablesRestore;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;

/**
 * What IPVS-mode kube-proxy writes for one address family: its virtual servers, the entries of each of its ipsets
 * (every set is created, most stay empty), the iptables-restore input that uses them, and the addresses it binds to
 * the {@code kube-ipvs0} dummy interface (which makes them local addresses of the node).
 */
public record IpvsModeOutput(AddressFamily family, List<VirtualServer> virtualServers,
                             Map<KubeIpset, SortedSet<String>> ipsetEntries, IptablesRestore iptables,
                             List<IpAddress> boundAddresses) {

    public IpvsModeOutput {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(iptables, "iptables");
        virtualServers = List.copyOf(virtualServers);
        ipsetEntries = Map.copyOf(ipsetEntries);
        boundAddresses = List.copyOf(boundAddresses);
    }

    /** The virtual servers as {@code ipvsadm-save -n} prints them. */
    public List<String> ipvsadmSaveLines() {
        List<String> out = new ArrayList<>();
        for (VirtualServer vs : virtualServers) {
            out.addAll(vs.saveLines());
        }
        return out;
    }

    /** Every set as {@code ipset save} prints it: a create line, then one add line per entry. */
    public List<String> ipsetSaveLines() {
        List<String> out = new ArrayList<>();
        for (KubeIpset s : KubeIpset.values()) {
            out.add(s.createLine(family));
            for (String e : ipsetEntries.getOrDefault(s, new java.util.TreeSet<>())) {
                out.add("add " + s.name(family) + " " + e);
            }
        }
        return out;
    }
}
