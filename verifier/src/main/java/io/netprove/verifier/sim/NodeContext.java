package io.netprove.verifier.sim;

import io.netprove.model.ipset.IpSets;
import io.netprove.model.ipvs.IpvsState;
import io.netprove.model.net.IpAddress;

import java.util.Set;

/**
 * What the simulator must know about the node beyond its rules: the addresses it owns (loopback addresses are always
 * local; in IPVS mode this includes the virtual addresses bound to kube-ipvs0), the {@code route_localnet} sysctl,
 * which lets 127.0.0.0/8 addresses be routed off the loopback interface, and, when captured, the IPVS virtual
 * servers and the ipset contents. {@code routeLocalnet} null means "not captured": it is then inferred from the rules
 * (kube-proxy adds its "block incoming localnet connections" rule exactly when it turns route_localnet on) and the
 * inference is stated. {@code ipvs} and {@code ipsets} null mean "not captured".
 */
public record NodeContext(Set<IpAddress> localAddresses, Boolean routeLocalnet, IpvsState ipvs, IpSets ipsets) {

    public NodeContext {
        localAddresses = Set.copyOf(localAddresses);
    }

    public NodeContext(Set<IpAddress> localAddresses, Boolean routeLocalnet) {
        this(localAddresses, routeLocalnet, null, null);
    }

    public static NodeContext of(Set<IpAddress> localAddresses) {
        return new NodeContext(localAddresses, null, null, null);
    }

    /** True if {@code a} is one of the node's addresses or a loopback address. */
    public boolean isLocal(IpAddress a) {
        return a.isLoopback() || localAddresses.contains(a);
    }
}
