/** Paths across nodes: where a packet goes when it leaves a node (CNI routes, tunnels, MAC-VLAN) and the next walk. */
package io.netprove.verifier.topology;
