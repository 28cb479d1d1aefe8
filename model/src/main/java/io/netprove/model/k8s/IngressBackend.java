package io.netprove.model.k8s;

import java.util.Objects;
import java.util.Optional;

/** Where an Ingress sends matching requests: a Service port, or another resource (e.g. a storage bucket). */
public sealed interface IngressBackend permits IngressBackend.ServiceBackend, IngressBackend.ResourceBackend {

    /** A Service of the Ingress's namespace and one of its ports, by number or name. */
    record ServiceBackend(String serviceName, PortReference port) implements IngressBackend {
        public ServiceBackend {
            Objects.requireNonNull(serviceName, "serviceName");
            Objects.requireNonNull(port, "port");
        }
    }

    /** A typed reference to a non-Service object of the Ingress's namespace. */
    record ResourceBackend(Optional<String> apiGroup, String kind, String name) implements IngressBackend {
        public ResourceBackend {
            Objects.requireNonNull(apiGroup, "apiGroup");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
        }
    }
}
