package io.netprove.verifier.topology;

import io.netprove.model.intent.Cni;

/** Where a packet that leaves a node goes next, with the reason in words. */
public sealed interface NextHop {

    String why();

    /** The packet arrives at its destination: a pod of {@code node}, or a host on the network the node sends to. */
    record Deliver(String node, String why) implements NextHop {
    }

    /**
     * The packet goes to another node: wrapped in {@code encapsulation} (VXLAN on {@code udpPort}, IPIP) or routed
     * plainly, and seen there arriving on {@code inInterface} (null when the device is not known).
     */
    record ToNode(String node, Cni.Encapsulation encapsulation, int udpPort, String inInterface, String why)
            implements NextHop {
    }

    /** The packet leaves the cluster towards a router or a host outside it. */
    record Leave(String why) implements NextHop {
    }

    /** The packet is dropped on the way (a blackhole route, no route, MAC-VLAN isolation). */
    record Drop(String why) implements NextHop {
    }

    /** Netprove cannot tell where the packet goes (an unmodelled route type). */
    record Unknown(String why) implements NextHop {
    }
}
