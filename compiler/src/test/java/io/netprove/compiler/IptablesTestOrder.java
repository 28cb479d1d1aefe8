package io.netprove.compiler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order kube-proxy's own unit tests compare iptables-restore inputs in (sortIPTablesRules in
 * pkg/proxy/iptables/proxier_test.go), because kube-proxy walks its services in Go map order: tables by name; chains
 * KUBE-NODEPORTS, KUBE-SERVICES, then the other KUBE-* chains, then the rest, alphabetically; rules grouped by chain,
 * keeping their order inside each chain except KUBE-NODEPORTS and KUBE-SERVICES, which are stably sorted by the
 * service name their comment starts with (the nat KUBE-SERVICES "must be the last rule" rule kept last).
 * {@code -X} lines are dropped with the chain lines of the chains they delete.
 */
final class IptablesTestOrder {

    private static final Pattern COMMENT = Pattern.compile("--comment (\"[^\"]*\"|\\S+)");

    private IptablesTestOrder() {
    }

    static String sort(String restore) {
        Map<String, Map<String, List<String>>> tables = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        List<String> deleted = new ArrayList<>();
        for (String line : restore.split("\n")) {
            if (line.isBlank() || line.startsWith("#") || line.equals("COMMIT")) {
                continue;
            }
            if (line.startsWith("*")) {
                current = tables.computeIfAbsent(line.substring(1), k -> new LinkedHashMap<>());
            } else if (line.startsWith(":")) {
                current.computeIfAbsent(line.substring(1, line.indexOf(' ')), k -> new ArrayList<>());
            } else if (line.startsWith("-X ")) {
                deleted.add(line.substring(3).strip());
            } else if (line.startsWith("-A ")) {
                String chain = line.substring(3, line.indexOf(' ', 3));
                current.computeIfAbsent(chain, k -> new ArrayList<>()).add(line);
            } else {
                throw new IllegalArgumentException("unexpected restore line: " + line);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String table : tables.keySet().stream().sorted().toList()) {
            Map<String, List<String>> chains = tables.get(table);
            deleted.forEach(chains::remove);
            List<String> names = new ArrayList<>(chains.keySet());
            names.sort(IptablesTestOrder::compareChains);
            sb.append('*').append(table).append('\n');
            for (String c : names) {
                sb.append(':').append(c).append(" - [0:0]\n");
            }
            for (String c : names) {
                List<String> rules = new ArrayList<>(chains.get(c));
                if (c.equals("KUBE-NODEPORTS") || (c.equals("KUBE-SERVICES") && table.equals("filter"))) {
                    rules.sort(Comparator.comparing(IptablesTestOrder::serviceName));
                } else if (c.equals("KUBE-SERVICES")) {
                    rules.sort(Comparator.comparing((String r) -> r.contains("must be the last rule"))
                            .thenComparing(IptablesTestOrder::serviceName));
                }
                for (String r : rules) {
                    sb.append(r).append('\n');
                }
            }
            sb.append("COMMIT\n");
        }
        return sb.toString();
    }

    private static int compareChains(String a, String b) {
        int ra = rank(a);
        int rb = rank(b);
        return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
    }

    private static int rank(String chain) {
        if (chain.equals("KUBE-NODEPORTS")) {
            return 0;
        }
        if (chain.equals("KUBE-SERVICES")) {
            return 1;
        }
        return chain.startsWith("KUBE-") ? 2 : 3;
    }

    /** The comment up to its first space or colon; rules without a comment sort first among equals. */
    private static String serviceName(String rule) {
        Matcher m = COMMENT.matcher(rule);
        if (!m.find()) {
            return "";
        }
        String c = m.group(1);
        if (c.startsWith("\"")) {
            c = c.substring(1, c.length() - 1);
        }
        int cut = c.length();
        for (int i = 0; i < c.length(); i++) {
            if (c.charAt(i) == ' ' || c.charAt(i) == ':') {
                cut = i;
                break;
            }
        }
        return c.substring(0, cut);
    }
}
