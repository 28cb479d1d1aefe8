package io.netprove.compiler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order kube-proxy's nftables unit tests compare transactions in (sortNFTablesTransaction in
 * pkg/proxy/nftables/helpers_test.go): blank and {@code #} lines dropped; lines sorted by object type (table, chain,
 * rule, set, map, element), then by object name; rules of one chain keep the order they were added in, every other
 * pair of lines with the same type and name is ordered by its text.
 */
final class NftTestOrder {

    private static final Map<String, Integer> TYPE_ORDER = Map.of("table", 0, "chain", 1, "rule", 2, "set", 3,
            "map", 4, "element", 5);

    private NftTestOrder() {
    }

    static String sort(String transaction) {
        List<String[]> lines = new ArrayList<>();
        for (String line : transaction.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            lines.add(line.split(" "));
        }
        List<String[]> sorted = new ArrayList<>(lines);
        // List.sort is stable: rules of one chain keep their order.
        sorted.sort(Comparator.comparing((String[] w) -> TYPE_ORDER.getOrDefault(w[1], 6))
                .thenComparing(w -> w.length > 4 ? w[4] : "")
                .thenComparing(w -> w[1].equals("rule") ? "" : String.join(" ", w)));
        StringBuilder sb = new StringBuilder();
        for (String[] w : sorted) {
            sb.append(String.join(" ", w)).append('\n');
        }
        return sb.toString();
    }
}
