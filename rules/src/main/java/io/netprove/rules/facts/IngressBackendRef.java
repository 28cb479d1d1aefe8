package io.netprove.rules.facts;

import io.netprove.model.k8s.Ingress;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;

/**
 * One Service backend an Ingress names: in a rule ({@code host}, {@code ""} for every host; {@code path}) or as
 * its default backend ({@code defaultBackend}). The Service is in the Ingress's namespace.
 */
public record IngressBackendRef(Ingress ingress, String host, String path, String serviceName, PortReference port,
                                boolean defaultBackend) {

    public IngressBackendRef {
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(port, "port");
    }

    public String namespace() {
        return ingress.namespace();
    }

    public SourceLocation location() {
        return ingress.location();
    }

    /** The port number the backend names, or 0 when it names the port by name. */
    public int portNumber() {
        return port instanceof PortReference.Numbered n ? n.number() : 0;
    }

    /** The port name the backend names, or {@code ""} when it names the port by number. */
    public String portName() {
        return port instanceof PortReference.Named n ? n.name() : "";
    }

    /** True if {@code service} has the port this backend names (by number, or by name). */
    public boolean portExistsIn(Service service) {
        for (ServicePort p : service.ports()) {
            if (portNumber() > 0 ? p.port() == portNumber() : p.name().equals(portName())) {
                return true;
            }
        }
        return false;
    }

    /** The ports of {@code service} as {@code name=number} (or the number alone when unnamed), comma-separated. */
    public static String portsOf(Service service) {
        StringBuilder sb = new StringBuilder();
        for (ServicePort p : service.ports()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(p.name().isEmpty() ? Integer.toString(p.port()) : p.name() + "=" + p.port());
        }
        return sb.toString();
    }

    /** {@code Ingress ns/name (host/path)} or {@code Ingress ns/name (default backend)}, for findings. */
    public String describe() {
        String where = defaultBackend ? "default backend" : (host.isEmpty() ? "*" : host) + path;
        return "Ingress " + ingress.namespace() + "/" + ingress.name() + " (" + where + ")";
    }
}
