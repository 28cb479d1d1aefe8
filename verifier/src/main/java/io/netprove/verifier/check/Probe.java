package io.netprove.verifier.check;

import io.netprove.model.packet.Packet;
import io.netprove.model.space.HeaderSpace;

/**
 * One unit of exploration: packets of {@code space} (with protocol, state and ICMP fields from {@code template})
 * entering node {@code node}; {@code what} describes it for reports ("office to shop/web's NodePort on node-1").
 */
public record Probe(String node, Packet template, HeaderSpace space, String what) {
}
