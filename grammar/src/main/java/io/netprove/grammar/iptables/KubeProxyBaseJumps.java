package io.netprove.grammar.iptables;

import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.TableName;
import io.netprove.model.netfilter.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * The jumps from the built-in chains into kube-proxy's chains. kube-proxy installs them with {@code iptables -I}
 * (EnsureRule with Prepend) rather than in its restore input, so a restore input alone has no built-in chains. When a
 * table was read without any built-in chain, these are assumed. The order is the one a fresh node ends up with:
 * kube-proxy prepends each jump in turn (kubernetes pkg/proxy/iptables iptablesJumpChains, then kubelet's
 * KUBE-FIREWALL jumps), so the last one listed there is first here.
 */
final class KubeProxyBaseJumps {

    private KubeProxyBaseJumps() {
    }

    /** One assumed jump rule. */
    record Jump(TableName table, String builtin, String spec) {
    }

    static final List<Jump> IPTABLES_MODE = List.of(
            new Jump(TableName.FILTER, "INPUT", "-j KUBE-FIREWALL"),
            new Jump(TableName.FILTER, "INPUT",
                    "-m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\""
                            + " -j KUBE-PROXY-FIREWALL"),
            new Jump(TableName.FILTER, "INPUT",
                    "-m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS"),
            new Jump(TableName.FILTER, "INPUT",
                    "-m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\""
                            + " -j KUBE-EXTERNAL-SERVICES"),
            new Jump(TableName.FILTER, "FORWARD",
                    "-m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\""
                            + " -j KUBE-PROXY-FIREWALL"),
            new Jump(TableName.FILTER, "FORWARD",
                    "-m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD"),
            new Jump(TableName.FILTER, "FORWARD",
                    "-m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
            new Jump(TableName.FILTER, "FORWARD",
                    "-m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\""
                            + " -j KUBE-EXTERNAL-SERVICES"),
            new Jump(TableName.FILTER, "OUTPUT", "-j KUBE-FIREWALL"),
            new Jump(TableName.FILTER, "OUTPUT",
                    "-m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\""
                            + " -j KUBE-PROXY-FIREWALL"),
            new Jump(TableName.FILTER, "OUTPUT",
                    "-m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
            new Jump(TableName.NAT, "PREROUTING",
                    "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
            new Jump(TableName.NAT, "OUTPUT",
                    "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
            new Jump(TableName.NAT, "POSTROUTING",
                    "-m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING"));

    /** Where assumed rules are said to come from. */
    static final String ORIGIN = "<assumed kube-proxy jump>";

    /**
     * Adds the assumed jumps to every table of {@code state} that has no built-in chain of its own but has
     * kube-proxy's chains; returns one note per table changed.
     */
    static List<String> apply(RulesetState state, RuleParser parser) {
        List<String> notes = new ArrayList<>();
        ArgvTokens tokens = new ArgvTokens();
        for (RulesetState.MutableTable table : state.tables.values()) {
            if (table.builtinsSeen) {
                continue;
            }
            List<String> added = new ArrayList<>();
            for (Jump j : IPTABLES_MODE) {
                if (j.table() != table.name) {
                    continue;
                }
                tokens.reset(ORIGIN, 0, j.spec(), 0, j.spec().length(), 1);
                RuleParser.Spec spec = parser.parse(tokens).specs().get(0);
                String to = ((Target.Jump) spec.target()).chain();
                if (!table.chains.containsKey(to)) {
                    continue;
                }
                table.chains.get(j.builtin()).rules.add(new Rule(spec.matches(), spec.target(), spec.counters(),
                        SourceLocation.of(ORIGIN, 0), j.spec()));
                added.add(j.builtin() + " -> " + to);
            }
            if (!added.isEmpty()) {
                notes.add("table " + table.name.lowerName() + " has no built-in chains (a kube-proxy restore input);"
                        + " assumed kube-proxy's standard jumps: " + String.join(", ", added));
            }
        }
        return notes;
    }
}
