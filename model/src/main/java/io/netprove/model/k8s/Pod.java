package io.netprove.model.k8s;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Pod: where it runs, its addresses and its ports. {@code podIPs} and {@code hostIPs} merge the singular and
 * plural status fields (the first entry is the primary address); both are empty for a pod not yet scheduled or
 * described without status. {@code ready} is the {@code Ready} condition when the manifest has one.
 */
public record Pod(ObjectMeta metadata, SourceLocation location, Optional<String> nodeName, boolean hostNetwork,
                  List<IpAddress> podIPs, List<IpAddress> hostIPs, Optional<PodPhase> phase,
                  List<Container> containers, Optional<ConditionStatus> ready) implements KubeObject {

    public Pod {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(ready, "ready");
        if (metadata.namespace().isEmpty()) {
            throw new IllegalArgumentException("a Pod is namespaced");
        }
        podIPs = List.copyOf(podIPs);
        hostIPs = List.copyOf(hostIPs);
        containers = List.copyOf(containers);
    }

    @Override
    public KubeKind kind() {
        return KubeKind.POD;
    }

    /** The primary pod IP, if assigned. */
    public Optional<IpAddress> podIP() {
        return podIPs.isEmpty() ? Optional.empty() : Optional.of(podIPs.get(0));
    }

    /** True if the Ready condition is present and True. */
    public boolean isReady() {
        return ready.orElse(ConditionStatus.UNKNOWN) == ConditionStatus.TRUE;
    }

    /**
     * The number a named port resolves to for this pod: the first container port (main containers, then sidecars,
     * in declaration order) with that name and protocol, as the endpoints controller resolves a Service's
     * {@code targetPort}.
     */
    public OptionalInt resolvePort(String portName, Protocol protocol) {
        for (boolean sidecars : new boolean[] {false, true}) {
            for (Container c : containers) {
                if (c.sidecar() != sidecars) {
                    continue;
                }
                for (ContainerPort p : c.ports()) {
                    if (p.name().isPresent() && p.name().get().equals(portName) && p.protocol().equals(protocol)) {
                        return OptionalInt.of(p.containerPort());
                    }
                }
            }
        }
        return OptionalInt.empty();
    }

    /** The number {@code port} designates for this pod: itself if numbered, else {@link #resolvePort}. */
    public OptionalInt resolvePort(PortReference port, Protocol protocol) {
        if (port instanceof PortReference.Numbered) {
            return OptionalInt.of(((PortReference.Numbered) port).number());
        }
        return resolvePort(((PortReference.Named) port).name(), protocol);
    }
}
