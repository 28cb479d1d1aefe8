package io.netprove.compiler;

import io.netprove.compiler.iptables.BaseChainJump;
import io.netprove.compiler.iptables.IptablesRestore;
import io.netprove.compiler.iptables.IptablesSaveView;
import io.netprove.compiler.ipvs.IpvsModeOutput;
import io.netprove.model.net.AddressFamily;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What kube-proxy would write on one node, per address family: the iptables-restore input (iptables and IPVS
 * modes), the IPVS virtual servers and ipsets (IPVS mode) or the nftables transaction (nftables mode), plus notes
 * on what was assumed while reading the manifests.
 */
public record CompiledNode(KubeProxyConfig config, Map<AddressFamily, IptablesRestore> iptables,
                           Map<AddressFamily, IpvsModeOutput> ipvs, Map<AddressFamily, String> nftables,
                           List<String> notes) {

    /** The snapshot file holding kube-proxy's mode. */
    public static final String MODE_FILE = "kube-proxy-mode";

    public CompiledNode {
        iptables = Map.copyOf(iptables);
        ipvs = Map.copyOf(ipvs);
        nftables = Map.copyOf(nftables);
        notes = List.copyOf(notes);
    }

    /** The iptables-restore input kube-proxy writes for {@code family}, if this mode writes one. */
    public Optional<String> restoreText(AddressFamily family) {
        return Optional.ofNullable(iptables.get(family)).map(IptablesRestore::text);
    }

    /** The nftables transaction for {@code family}, if in nftables mode. */
    public Optional<String> nftablesText(AddressFamily family) {
        return Optional.ofNullable(nftables.get(family));
    }

    /** {@code ipvsadm-save -n} text over all families, if in IPVS mode. */
    public Optional<String> ipvsadmSaveText() {
        if (ipvs.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>();
        for (AddressFamily f : AddressFamily.values()) {
            if (ipvs.containsKey(f)) {
                lines.addAll(ipvs.get(f).ipvsadmSaveLines());
            }
        }
        return Optional.of(lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    /** {@code ipset save} text over all families, if in IPVS mode. */
    public Optional<String> ipsetSaveText() {
        if (ipvs.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>();
        for (AddressFamily f : AddressFamily.values()) {
            if (ipvs.containsKey(f)) {
                lines.addAll(ipvs.get(f).ipsetSaveLines());
            }
        }
        return Optional.of(String.join("\n", lines) + "\n");
    }

    /**
     * The files of a snapshot node folder (as {@code netprove check --state} reads them), name to content:
     * {@code kube-proxy-mode}, and {@code iptables-save.txt}/{@code ip6tables-save.txt} (kube-proxy's tables as
     * iptables-save shows them, built-in jumps included), {@code ipvsadm-save.txt} and {@code ipset-save.txt}, or
     * {@code nft-ruleset.txt}, as the mode writes them.
     */
    public Map<String, String> snapshotFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(MODE_FILE, config.mode().flagValue() + "\n");
        List<BaseChainJump> jumps = config.mode() == KubeProxyMode.IPVS ? BaseChainJump.ipvsMode()
                : BaseChainJump.iptablesMode();
        for (AddressFamily f : AddressFamily.values()) {
            IptablesRestore r = iptables.get(f);
            if (r != null) {
                files.put(f == AddressFamily.IPV4 ? "iptables-save.txt" : "ip6tables-save.txt",
                        IptablesSaveView.render(r, jumps));
            }
        }
        ipvsadmSaveText().ifPresent(t -> files.put("ipvsadm-save.txt", t));
        ipsetSaveText().ifPresent(t -> files.put("ipset-save.txt", t));
        if (!nftables.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (AddressFamily f : AddressFamily.values()) {
                if (nftables.containsKey(f)) {
                    sb.append(nftables.get(f));
                }
            }
            files.put("nft-ruleset.txt", sb.toString());
        }
        return files;
    }
}
