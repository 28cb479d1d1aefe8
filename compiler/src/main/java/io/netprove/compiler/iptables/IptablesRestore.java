package io.netprove.compiler.iptables;

import java.util.ArrayList;
import java.util.List;

/**
 * One iptables-restore input for the filter and nat tables, in the order kube-proxy writes it: per table the chain
 * lines then the rules. {@code natFirst} puts the nat table first (IPVS mode does; iptables mode writes filter first).
 */
public record IptablesRestore(List<String> filterChains, List<String> filterRules, List<String> natChains,
                              List<String> natRules, boolean natFirst) {

    public IptablesRestore {
        filterChains = List.copyOf(filterChains);
        filterRules = List.copyOf(filterRules);
        natChains = List.copyOf(natChains);
        natRules = List.copyOf(natRules);
    }

    /** The text kube-proxy feeds to {@code iptables-restore --noflush --counters}. */
    public String text() {
        List<String> out = new ArrayList<>();
        if (natFirst) {
            table(out, "nat", natChains, natRules);
            table(out, "filter", filterChains, filterRules);
        } else {
            table(out, "filter", filterChains, filterRules);
            table(out, "nat", natChains, natRules);
        }
        return String.join("\n", out) + "\n";
    }

    private static void table(List<String> out, String name, List<String> chains, List<String> rules) {
        out.add("*" + name);
        out.addAll(chains);
        out.addAll(rules);
        out.add("COMMIT");
    }
}
