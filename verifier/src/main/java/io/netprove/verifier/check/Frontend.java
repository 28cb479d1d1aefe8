package io.netprove.verifier.check;

import io.netprove.model.intent.Exposure;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;

import java.util.Locale;

/**
 * One way in: an address and port of a kind (a service's ClusterIP, NodePort, load-balancer or external IP; a pod's
 * hostPort on its node; a host-network pod's port on its node's address), and what it leads to ({@code of}: a
 * service port such as {@code shop/web:http}, or a pod).
 */
record Frontend(Exposure kind, IpAddress address, int port, Protocol protocol, String of) {

    String text() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + address.withPort(port);
    }
}
