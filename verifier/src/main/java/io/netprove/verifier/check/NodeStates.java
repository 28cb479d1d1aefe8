package io.netprove.verifier.check;

import io.netprove.model.net.AddressFamily;
import io.netprove.verifier.sim.NetfilterSimulator;

/** Looks up the simulator of a node's forwarding state for an address family; null when it was not captured. */
@FunctionalInterface
public interface NodeStates {
    NetfilterSimulator simulator(String node, AddressFamily family);
}
