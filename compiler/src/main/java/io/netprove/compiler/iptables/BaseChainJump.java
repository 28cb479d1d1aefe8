package io.netprove.compiler.iptables;

import java.util.List;
import java.util.Objects;

/**
 * A jump from a built-in chain into one of kube-proxy's chains. kube-proxy installs these one by one with
 * {@code iptables -I} (EnsureRule, Prepend), outside its restore input, so on a fresh node the one installed last
 * comes first; {@link #inChainOrder} gives that order.
 */
public record BaseChainJump(String table, String builtin, String spec) {

    public BaseChainJump {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(builtin, "builtin");
        Objects.requireNonNull(spec, "spec");
    }

    /** The rule as iptables-save prints it ({@code -A CHAIN spec}). */
    public String line() {
        return "-A " + builtin + " " + spec;
    }

    /** The jumps in the order they end up in each built-in chain, given the order kube-proxy prepends them. */
    public static List<BaseChainJump> inChainOrder(List<BaseChainJump> installOrder) {
        List<BaseChainJump> reversed = new java.util.ArrayList<>(installOrder);
        java.util.Collections.reverse(reversed);
        return List.copyOf(reversed);
    }

    /**
     * The jumps iptables-mode kube-proxy ensures: kubelet's KUBE-FIREWALL jumps (kubelet, which starts kube-proxy's
     * pod, has installed them already, so they end up last), then iptablesJumpChains in order.
     */
    public static List<BaseChainJump> iptablesMode() {
        String newConn = "-m conntrack --ctstate NEW ";
        return inChainOrder(List.of(
                new BaseChainJump("filter", "INPUT", "-j KUBE-FIREWALL"),
                new BaseChainJump("filter", "OUTPUT", "-j KUBE-FIREWALL"),
                new BaseChainJump("filter", "INPUT", newConn
                        + "-m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES"),
                new BaseChainJump("filter", "FORWARD", newConn
                        + "-m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES"),
                new BaseChainJump("filter", "INPUT",
                        "-m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS"),
                new BaseChainJump("filter", "FORWARD", newConn
                        + "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
                new BaseChainJump("filter", "OUTPUT", newConn
                        + "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
                new BaseChainJump("filter", "FORWARD",
                        "-m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD"),
                new BaseChainJump("filter", "INPUT", newConn
                        + "-m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL"),
                new BaseChainJump("filter", "OUTPUT", newConn
                        + "-m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL"),
                new BaseChainJump("filter", "FORWARD", newConn
                        + "-m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL"),
                new BaseChainJump("nat", "OUTPUT",
                        "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
                new BaseChainJump("nat", "PREROUTING",
                        "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
                new BaseChainJump("nat", "POSTROUTING",
                        "-m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING")));
    }

    /** The jumps IPVS-mode kube-proxy ensures (its iptablesJumpChain list). */
    public static List<BaseChainJump> ipvsMode() {
        return inChainOrder(List.of(
                new BaseChainJump("nat", "OUTPUT",
                        "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
                new BaseChainJump("nat", "PREROUTING",
                        "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
                new BaseChainJump("nat", "POSTROUTING",
                        "-m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING"),
                new BaseChainJump("filter", "FORWARD",
                        "-m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD"),
                new BaseChainJump("filter", "INPUT",
                        "-m comment --comment \"kubernetes health check rules\" -j KUBE-NODE-PORT"),
                new BaseChainJump("filter", "INPUT",
                        "-m comment --comment \"kube-proxy firewall rules\" -j KUBE-PROXY-FIREWALL"),
                new BaseChainJump("filter", "FORWARD",
                        "-m comment --comment \"kube-proxy firewall rules\" -j KUBE-PROXY-FIREWALL"),
                new BaseChainJump("filter", "INPUT",
                        "-m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-FILTER"),
                new BaseChainJump("filter", "OUTPUT",
                        "-m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-OUT-FILTER")));
    }
}
