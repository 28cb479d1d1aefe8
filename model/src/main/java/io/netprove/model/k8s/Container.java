package io.netprove.model.k8s;

import java.util.List;
import java.util.Objects;

/**
 * A container with its ports. {@code sidecar} marks an init container with {@code restartPolicy: Always}, which
 * keeps running beside the main containers and whose ports named target ports can resolve to.
 */
public record Container(String name, List<ContainerPort> ports, boolean sidecar) {

    public Container {
        Objects.requireNonNull(name, "name");
        ports = List.copyOf(ports);
    }
}
