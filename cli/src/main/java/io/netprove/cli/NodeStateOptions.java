package io.netprove.cli;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Ruleset;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The options that describe one node's forwarding state: dumps and local addresses. */
final class NodeStateOptions {

    @Option(names = "--iptables", paramLabel = "FILE",
            description = "iptables-save dump, or kube-proxy restore inputs applied in order (repeatable).")
    List<Path> iptables = new ArrayList<>();

    @Option(names = "--ip6tables", paramLabel = "FILE",
            description = "ip6tables-save dump, or restore inputs applied in order (repeatable).")
    List<Path> ip6tables = new ArrayList<>();

    @Option(names = "--nft", paramLabel = "FILE",
            description = "nft list ruleset (text or -j JSON) or kube-proxy's nft -f transaction (repeatable).")
    List<Path> nft = new ArrayList<>();

    @Option(names = "--ipvs", paramLabel = "FILE",
            description = "ipvsadm-save -n (or ipvsadm -Ln) output: IPVS virtual servers; their addresses are local.")
    Path ipvs;

    @Option(names = "--ipset", paramLabel = "FILE", description = "ipset save (or ipset list) output.")
    Path ipset;

    @Option(names = "--local-address", paramLabel = "IP", split = ",",
            description = "The node's own addresses (loopback is always local). Comma-separated or repeated.")
    List<String> localAddresses = new ArrayList<>();

    @Option(names = "--route-localnet", paramLabel = "0|1",
            description = "The route_localnet sysctl; when absent it is inferred from kube-proxy's rules.")
    Integer routeLocalnet;

    Set<IpAddress> addresses() {
        Set<IpAddress> out = new HashSet<>();
        for (String s : localAddresses) {
            IpAddress a = IpAddress.tryParse(s.trim());
            if (a == null) {
                throw new UsageError("--local-address '" + s + "': expected an IP address");
            }
            out.add(a);
        }
        return out;
    }

    Boolean routeLocalnetFlag() {
        if (routeLocalnet == null) {
            return null;
        }
        if (routeLocalnet != 0 && routeLocalnet != 1) {
            throw new UsageError("--route-localnet " + routeLocalnet + ": expected 0 or 1");
        }
        return routeLocalnet == 1;
    }

    /** The nftables tables given (empty when none). */
    java.util.List<io.netprove.model.nft.NftTable> nftTables() {
        if (nft.isEmpty()) {
            return List.of();
        }
        return io.netprove.grammar.nft.NftFrontEnd.read(nft).tables();
    }

    /**
     * The iptables ruleset per family given: the --iptables files (family detected) and the --ip6tables files. A file
     * given to --iptables that is nftables text is read as nftables instead (the formats are told apart by content).
     */
    List<Ruleset> rulesets() {
        List<Ruleset> out = new ArrayList<>();
        List<Path> v4 = new ArrayList<>();
        for (Path p : iptables) {
            String text = io.netprove.grammar.TextInput.read(p);
            if (looksLikeNft(text)) {
                nft.add(p);
            } else {
                v4.add(p);
            }
        }
        if (!v4.isEmpty()) {
            out.add(IptablesFrontEnd.readFiles(v4, null));
        }
        if (!ip6tables.isEmpty()) {
            out.add(IptablesFrontEnd.readFiles(ip6tables, AddressFamily.IPV6));
        }
        if (out.isEmpty() && nft.isEmpty()) {
            throw new UsageError("no forwarding state given: expected --iptables FILE, --ip6tables FILE or --nft FILE");
        }
        return out;
    }

    private static boolean looksLikeNft(String text) {
        String t = text.stripLeading();
        return t.startsWith("table ") || t.startsWith("add table") || t.startsWith("{\"nftables\"")
                || t.startsWith("flush ruleset");
    }
}
