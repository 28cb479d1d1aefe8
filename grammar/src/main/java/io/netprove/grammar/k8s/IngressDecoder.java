package io.netprove.grammar.k8s;

import io.netprove.grammar.InputError;
import io.netprove.model.k8s.Ingress;
import io.netprove.model.k8s.IngressBackend;
import io.netprove.model.k8s.IngressPath;
import io.netprove.model.k8s.IngressRule;
import io.netprove.model.k8s.IngressTls;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.k8s.PathType;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads an Ingress. The v1 shape ({@code defaultBackend}, {@code backend.service.{name,port}}, required
 * {@code pathType}) and the beta shape of extensions/v1beta1 and networking.k8s.io/v1beta1 ({@code backend},
 * {@code serviceName}/{@code servicePort}, {@code pathType} defaulting to ImplementationSpecific) both become the
 * v1 model.
 */
final class IngressDecoder {

    private static final Set<String> SPEC_FIELDS_V1 = Set.of("ingressClassName", "defaultBackend", "rules", "tls");
    private static final Set<String> SPEC_FIELDS_BETA = Set.of("ingressClassName", "backend", "rules", "tls");
    private static final Set<String> RULE_FIELDS = Set.of("host", "http");
    private static final Set<String> PATH_FIELDS = Set.of("path", "pathType", "backend");
    private static final Set<String> BACKEND_FIELDS_V1 = Set.of("service", "resource");
    private static final Set<String> BACKEND_FIELDS_BETA = Set.of("serviceName", "servicePort", "resource");
    private static final List<String> INVALID_PATH_SEQUENCES = List.of("//", "/./", "/../", "%2f", "%2F");
    private static final List<String> INVALID_PATH_SUFFIXES = List.of("/..", "/.");

    private IngressDecoder() {
    }

    static Ingress read(Fields root, ObjectMeta meta, SourceLocation at, boolean beta) {
        Fields spec = root.mapping("spec").orElseThrow(() -> root.missing("spec", "rules or a default backend"));
        spec.warnUnknown(beta ? SPEC_FIELDS_BETA : SPEC_FIELDS_V1);
        Optional<String> className = spec.nonEmptyString("ingressClassName");
        className.ifPresent(c -> ApiValues.checked(c, ApiNames::dnsSubdomain, spec, "ingressClassName"));
        String annotation = meta.annotations().get(Ingress.CLASS_ANNOTATION);
        if (className.isPresent() && annotation != null && !annotation.equals(className.get())) {
            throw spec.error("ingressClassName", "expected the same class as the " + Ingress.CLASS_ANNOTATION
                    + " annotation ('" + Messages.clip(annotation) + "'), got '" + className.get() + "'");
        }
        String defaultKey = beta ? "backend" : "defaultBackend";
        Optional<IngressBackend> defaultBackend = spec.mapping(defaultKey).map(b -> backend(b, beta));
        List<IngressRule> rules = new ArrayList<>();
        for (Fields r : spec.mappings("rules")) {
            rules.add(rule(r, beta));
        }
        if (rules.isEmpty() && defaultBackend.isEmpty()) {
            throw spec.missing("rules", "rules or a " + defaultKey);
        }
        List<IngressTls> tls = new ArrayList<>();
        for (Fields t : spec.mappings("tls")) {
            List<String> hosts = t.strings("hosts");
            for (String h : hosts) {
                ApiValues.checked(h, ApiNames::wildcardDnsSubdomain, t, "hosts");
            }
            Optional<String> secret = t.nonEmptyString("secretName");
            secret.ifPresent(s -> ApiValues.checked(s, ApiNames::dnsSubdomain, t, "secretName"));
            tls.add(new IngressTls(hosts, secret));
        }
        return new Ingress(meta, at, className, defaultBackend, rules, tls);
    }

    private static IngressRule rule(Fields r, boolean beta) {
        r.warnUnknown(RULE_FIELDS);
        Optional<String> host = r.nonEmptyString("host");
        if (host.isPresent()) {
            if (IpAddress.tryParse(host.get()) != null) {
                throw r.error("host", "expected a DNS name, not an IP address, got '" + host.get() + "'");
            }
            ApiValues.checked(host.get(), ApiNames::wildcardDnsSubdomain, r, "host");
        }
        List<IngressPath> paths = new ArrayList<>();
        Optional<Fields> http = r.mapping("http");
        if (http.isPresent()) {
            List<Fields> items = http.get().mappings("paths");
            if (items.isEmpty()) {
                throw http.get().missing("paths", "at least one path");
            }
            for (Fields p : items) {
                paths.add(path(p, beta));
            }
        }
        return new IngressRule(host, paths);
    }

    private static IngressPath path(Fields p, boolean beta) {
        p.warnUnknown(PATH_FIELDS);
        String path = p.string("path").orElse("");
        Optional<String> typeText = p.nonEmptyString("pathType");
        PathType type;
        if (typeText.isEmpty()) {
            if (!beta) {
                throw p.missing("pathType", "Exact, Prefix or ImplementationSpecific");
            }
            type = PathType.IMPLEMENTATION_SPECIFIC;
        } else {
            type = PathType.fromApiName(typeText.get()).orElseThrow(() -> p.error("pathType",
                    "expected Exact, Prefix or ImplementationSpecific, got '" + Messages.clip(typeText.get()) + "'"));
        }
        if (type != PathType.IMPLEMENTATION_SPECIFIC || !path.isEmpty()) {
            if (!path.startsWith("/")) {
                throw p.error("path", "expected an absolute path (starting with '/'), got '" + Messages.clip(path)
                        + "'");
            }
        }
        if (type != PathType.IMPLEMENTATION_SPECIFIC) {
            for (String bad : INVALID_PATH_SEQUENCES) {
                if (path.contains(bad)) {
                    throw p.error("path", "expected a path without '" + bad + "', got '" + Messages.clip(path) + "'");
                }
            }
            for (String bad : INVALID_PATH_SUFFIXES) {
                if (path.endsWith(bad)) {
                    throw p.error("path", "expected a path not ending with '" + bad + "', got '"
                            + Messages.clip(path) + "'");
                }
            }
        }
        Fields backend = p.requiredMapping("backend", "a backend");
        return new IngressPath(path, type, backend(backend, beta));
    }

    private static IngressBackend backend(Fields b, boolean beta) {
        b.warnUnknown(beta ? BACKEND_FIELDS_BETA : BACKEND_FIELDS_V1);
        Optional<Fields> resource = b.mapping("resource");
        boolean hasService = beta ? b.has("serviceName") || b.has("servicePort") : b.has("service");
        if (resource.isPresent() && hasService) {
            throw new InputError(b.location(), b.path()
                    + ": expected a service or a resource backend, not both");
        }
        if (resource.isPresent()) {
            Fields r = resource.get();
            return new IngressBackend.ResourceBackend(r.nonEmptyString("apiGroup"),
                    r.requiredString("kind", "the kind of the referenced resource"),
                    r.requiredString("name", "the name of the referenced resource"));
        }
        if (!hasService) {
            throw b.missing(beta ? "serviceName" : "service", "a service or a resource backend");
        }
        if (beta) {
            String name = b.requiredString("serviceName", "the backend service's name");
            ApiValues.checked(name, ApiNames::dnsLabel, b, "serviceName");
            PortReference port = ApiValues.portReference(b, "servicePort").orElseThrow(
                    () -> b.missing("servicePort", "the backend service port, by number or name"));
            return new IngressBackend.ServiceBackend(name, port);
        }
        Fields service = b.requiredMapping("service", "a service backend");
        String name = service.requiredString("name", "the backend service's name");
        ApiValues.checked(name, ApiNames::dnsLabel, service, "name");
        Fields port = service.requiredMapping("port", "the backend service port: number or name");
        OptionalInt number = port.integer("number", 0, 65535);
        Optional<String> portName = port.nonEmptyString("name");
        boolean hasNumber = number.isPresent() && number.getAsInt() != 0;
        if (hasNumber && portName.isPresent()) {
            throw new InputError(port.location(), port.path()
                    + ": expected a port number or a port name, not both");
        }
        if (portName.isPresent()) {
            ApiValues.checked(portName.get(), ApiNames::portName, port, "name");
            return new IngressBackend.ServiceBackend(name, PortReference.of(portName.get()));
        }
        if (!hasNumber) {
            throw port.missing("number", "a port number or a port name");
        }
        return new IngressBackend.ServiceBackend(name, PortReference.of(number.getAsInt()));
    }
}
