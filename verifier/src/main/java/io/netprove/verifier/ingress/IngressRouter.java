package io.netprove.verifier.ingress;

import io.netprove.model.k8s.Ingress;
import io.netprove.model.k8s.IngressBackend;
import io.netprove.model.k8s.IngressPath;
import io.netprove.model.k8s.IngressRule;
import io.netprove.model.k8s.IngressTls;
import io.netprove.model.k8s.PathType;
import io.netprove.model.k8s.PortReference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Routes HTTP requests through the Ingresses one controller serves, as the Ingress API defines it and as ingress-nginx
 * implements what the API leaves open:
 * <ul>
 * <li>Hosts: the rules for the request's exact host if any Ingress has one; else the rules whose wildcard host
 * ({@code *.example.com}) covers it (a wildcard stands for exactly one DNS label); else the rules without a host.</li>
 * <li>Paths, among those rules: the longest matching path wins; at equal length Exact beats Prefix. Exact matches the
 * path as written; Prefix matches it element by element ({@code /foo} matches {@code /foo}, {@code /foo/} and
 * {@code /foo/bar}, not {@code /foobar}); ImplementationSpecific is taken as Prefix, as ingress-nginx does without
 * its {@code use-regex} annotation (with it, or with {@code rewrite-target}, the paths are regular expressions and the
 * route is UNMODELLED).</li>
 * <li>No path matches: the default backend of an Ingress that has rules for that host (for the rules without a host:
 * of any Ingress without host rules), else the controller's own default backend, which answers 404.</li>
 * <li>Equal matches from different Ingresses that lead to different backends are rivals: the controller keeps one
 * (ingress-nginx: the oldest Ingress), which the manifests do not say.</li>
 * </ul>
 * TLS: a host is served with a certificate when a {@code tls} entry of one of the Ingresses covers it; ingress-nginx
 * then redirects its plain-HTTP requests to HTTPS unless the matched Ingress says
 * {@code nginx.ingress.kubernetes.io/ssl-redirect: "false"} (and redirects even without TLS with
 * {@code force-ssl-redirect: "true"}).
 */
public final class IngressRouter {

    /** ingress-nginx annotations that change routing. */
    public static final String USE_REGEX = "nginx.ingress.kubernetes.io/use-regex";
    public static final String REWRITE_TARGET = "nginx.ingress.kubernetes.io/rewrite-target";
    public static final String SSL_REDIRECT = "nginx.ingress.kubernetes.io/ssl-redirect";
    public static final String FORCE_SSL_REDIRECT = "nginx.ingress.kubernetes.io/force-ssl-redirect";
    public static final String SERVICE_UPSTREAM = "nginx.ingress.kubernetes.io/service-upstream";

    /** A host name no rule can name (RFC 2606), for requests that should match no host rule. */
    public static final String UNMATCHED_HOST = "unmatched.invalid";

    private final List<Ingress> ingresses;

    /** The Ingresses one controller serves, in a stable order (namespace, name). */
    public IngressRouter(List<Ingress> ingresses) {
        List<Ingress> sorted = new ArrayList<>(ingresses);
        sorted.sort(Comparator.comparing(Ingress::namespace).thenComparing(Ingress::name));
        this.ingresses = List.copyOf(sorted);
    }

    public List<Ingress> ingresses() {
        return ingresses;
    }

    /** One request: its host (lower case, no port) and its path (starting with '/', without query). */
    public record Request(String host, String path) {
        @Override
        public String toString() {
            return host + path;
        }
    }

    /** A rule path with the rule and Ingress it belongs to. */
    private record Candidate(Ingress ingress, IngressRule rule, IngressPath path) {
    }

    /** How the controller answers {@code request}. */
    public IngressRoute route(Request request) {
        List<Candidate> group = new ArrayList<>();
        String which = "exact";
        for (Ingress in : ingresses) {
            for (IngressRule r : in.rules()) {
                if (r.host().isPresent() && r.host().get().equals(request.host())) {
                    r.paths().forEach(p -> group.add(new Candidate(in, r, p)));
                }
            }
        }
        boolean anyHostRule = !group.isEmpty() || hasRuleFor(request.host());
        if (!anyHostRule) {
            which = "wildcard";
            for (Ingress in : ingresses) {
                for (IngressRule r : in.rules()) {
                    if (r.host().isPresent() && wildcardCovers(r.host().get(), request.host())) {
                        r.paths().forEach(p -> group.add(new Candidate(in, r, p)));
                    }
                }
            }
            anyHostRule = hasWildcardFor(request.host());
        }
        if (!anyHostRule) {
            which = "catch-all";
            for (Ingress in : ingresses) {
                for (IngressRule r : in.rules()) {
                    if (r.host().isEmpty()) {
                        r.paths().forEach(p -> group.add(new Candidate(in, r, p)));
                    }
                }
            }
        }
        for (Candidate c : group) {
            if (c.path().pathType() == PathType.IMPLEMENTATION_SPECIFIC && regex(c.ingress())) {
                return new IngressRoute(IngressRoute.Kind.UNMODELLED, Optional.of(c.ingress()), c.rule().host(),
                        Optional.of(c.path()), Optional.empty(), List.of(), "Ingress " + name(c.ingress())
                        + " uses regular-expression paths (" + USE_REGEX + " or " + REWRITE_TARGET + "), which netprove"
                        + " does not evaluate");
            }
        }
        List<Candidate> best = new ArrayList<>();
        int bestLength = -1;
        boolean bestExact = false;
        for (Candidate c : group) {
            if (!matches(c.path(), request.path())) {
                continue;
            }
            int length = normalised(c.path().path()).length();
            boolean exact = c.path().pathType() == PathType.EXACT;
            if (length > bestLength || length == bestLength && exact && !bestExact) {
                best.clear();
                bestLength = length;
                bestExact = exact;
            }
            if (length == bestLength && exact == bestExact) {
                best.add(c);
            }
        }
        if (!best.isEmpty()) {
            List<IngressRoute> routes = new ArrayList<>();
            for (Candidate c : best) {
                routes.add(ruleRoute(c, which));
            }
            return withRivals(routes);
        }
        return defaultRoute(request, which, group);
    }

    private IngressRoute ruleRoute(Candidate c, String which) {
        String host = c.rule().host().orElse("*");
        String text = "Ingress " + name(c.ingress()) + " (" + c.ingress().location() + ") rule host " + host
                + (which.equals("catch-all") ? " (no host: every host)" : "") + " path "
                + (c.path().path().isEmpty() ? "/" : c.path().path()) + " (" + c.path().pathType().apiName()
                + (c.path().pathType() == PathType.IMPLEMENTATION_SPECIFIC ? ", taken as Prefix" : "") + ") -> "
                + backendText(c.path().backend());
        return new IngressRoute(IngressRoute.Kind.RULE, Optional.of(c.ingress()), c.rule().host(),
                Optional.of(c.path()), Optional.of(c.path().backend()), List.of(), text);
    }

    private IngressRoute defaultRoute(Request request, String which, List<Candidate> group) {
        List<Ingress> owners = new ArrayList<>();
        if (which.equals("catch-all")) {
            for (Ingress in : ingresses) {
                if (in.rules().stream().allMatch(r -> r.host().isEmpty())) {
                    owners.add(in);
                }
            }
        } else {
            Set<Ingress> seen = new LinkedHashSet<>();
            for (Ingress in : ingresses) {
                for (IngressRule r : in.rules()) {
                    if (r.host().isPresent() && (r.host().get().equals(request.host())
                            || which.equals("wildcard") && wildcardCovers(r.host().get(), request.host()))) {
                        seen.add(in);
                    }
                }
            }
            owners.addAll(seen);
        }
        List<IngressRoute> routes = new ArrayList<>();
        for (Ingress in : owners) {
            if (in.defaultBackend().isPresent()) {
                routes.add(new IngressRoute(IngressRoute.Kind.DEFAULT_BACKEND, Optional.of(in), Optional.empty(),
                        Optional.empty(), in.defaultBackend(), List.of(), "no path rule matches " + request.path()
                        + " for host " + request.host() + "; the default backend of Ingress " + name(in) + " ("
                        + in.location() + ") -> " + backendText(in.defaultBackend().get())));
            }
        }
        if (!routes.isEmpty()) {
            return withRivals(routes);
        }
        String why = group.isEmpty() ? (which.equals("catch-all") ? "no Ingress rule names host " + request.host()
                + " and none applies to every host" : "the rules for host " + request.host() + " have no paths")
                : "no path rule for host " + request.host() + " matches " + request.path();
        return new IngressRoute(IngressRoute.Kind.NOT_FOUND, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), why + ", and no Ingress default backend applies: the controller answers"
                + " 404 from its own default backend");
    }

    /** The first route, with the others that lead to a different backend as its rivals. */
    private static IngressRoute withRivals(List<IngressRoute> routes) {
        IngressRoute first = routes.get(0);
        List<IngressRoute> rivals = new ArrayList<>();
        for (IngressRoute r : routes.subList(1, routes.size())) {
            boolean same = r.ingress().map(Ingress::namespace).equals(first.ingress().map(Ingress::namespace))
                    && r.backend().equals(first.backend());
            if (!same) {
                rivals.add(r);
            }
        }
        return rivals.isEmpty() ? first : first.withRivals(rivals);
    }

    private boolean hasRuleFor(String host) {
        for (Ingress in : ingresses) {
            for (IngressRule r : in.rules()) {
                if (r.host().isPresent() && r.host().get().equals(host)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean hasWildcardFor(String host) {
        for (Ingress in : ingresses) {
            for (IngressRule r : in.rules()) {
                if (r.host().isPresent() && wildcardCovers(r.host().get(), host)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code *.example.com} covers {@code a.example.com}: the wildcard stands for exactly one DNS label. */
    public static boolean wildcardCovers(String pattern, String host) {
        if (!pattern.startsWith("*.")) {
            return false;
        }
        String suffix = pattern.substring(1);
        if (!host.endsWith(suffix)) {
            return false;
        }
        String label = host.substring(0, host.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    /** True if a host pattern (exact or wildcard) names {@code host}. */
    public static boolean hostMatches(String pattern, String host) {
        return pattern.equals(host) || wildcardCovers(pattern, host);
    }

    /** True if the rule path matches the request path (ImplementationSpecific taken as Prefix). */
    public static boolean matches(IngressPath rule, String requestPath) {
        if (rule.pathType() == PathType.EXACT) {
            return rule.path().equals(requestPath);
        }
        String p = normalised(rule.path());
        if (p.equals("/")) {
            return true;
        }
        return requestPath.equals(p) || requestPath.startsWith(p + "/");
    }

    /** A Prefix path without its trailing '/' ({@code ""} and {@code "/"} are {@code "/"}). */
    private static String normalised(String path) {
        String p = path.isEmpty() ? "/" : path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static boolean regex(Ingress in) {
        return "true".equals(in.metadata().annotations().get(USE_REGEX))
                || in.metadata().annotations().containsKey(REWRITE_TARGET);
    }

    /** The Ingress whose {@code tls} entry covers {@code host}, if any. */
    public Optional<Ingress> tlsFor(String host) {
        for (Ingress in : ingresses) {
            for (IngressTls t : in.tls()) {
                for (String h : t.hosts()) {
                    if (hostMatches(h, host)) {
                        return Optional.of(in);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether ingress-nginx answers a plain-HTTP request on this route with a redirect to HTTPS: the host has TLS
     * and the Ingress does not turn {@code ssl-redirect} off, or the Ingress forces it.
     */
    public boolean redirectsToHttps(IngressRoute route, String host) {
        Optional<Ingress> in = route.ingress();
        if (in.isEmpty()) {
            return false;
        }
        java.util.Map<String, String> a = in.get().metadata().annotations();
        if ("true".equals(a.get(FORCE_SSL_REDIRECT))) {
            return true;
        }
        return tlsFor(host).isPresent() && !"false".equals(a.get(SSL_REDIRECT));
    }

    /** True if the Ingress asks ingress-nginx to send requests to the Service's cluster IP, not its endpoints. */
    public static boolean serviceUpstream(Ingress in) {
        return "true".equals(in.metadata().annotations().get(SERVICE_UPSTREAM));
    }

    /**
     * Requests that stand for every way the Ingresses send traffic to Service {@code namespace/name}: each path rule
     * with that backend (a wildcard host made concrete, a rule without host asked with {@link #UNMATCHED_HOST}), and
     * each default backend with that Service, asked for a path no rule has. Only requests the router really sends
     * there are kept (a rule may be shadowed by another).
     */
    public List<Request> requestsTo(String namespace, String name) {
        Set<Request> candidates = new LinkedHashSet<>();
        for (Ingress in : ingresses) {
            if (!in.namespace().equals(namespace)) {
                continue;
            }
            for (IngressRule r : in.rules()) {
                String host = r.host().map(h -> h.startsWith("*.") ? "any" + h.substring(1) : h)
                        .orElse(UNMATCHED_HOST);
                for (IngressPath p : r.paths()) {
                    if (isService(p.backend(), name)) {
                        candidates.add(new Request(host, p.path().isEmpty() ? "/" : p.path()));
                    }
                }
            }
            if (in.defaultBackend().isPresent() && isService(in.defaultBackend().get(), name)) {
                for (IngressRule r : in.rules()) {
                    r.host().ifPresent(h -> candidates.add(new Request(h.startsWith("*.") ? "any" + h.substring(1)
                            : h, "/.netprove-unmatched")));
                }
                candidates.add(new Request(UNMATCHED_HOST, "/"));
            }
        }
        List<Request> out = new ArrayList<>();
        for (Request r : candidates) {
            IngressRoute route = route(r);
            if (route.reaches(namespace, name) && route.rivals().isEmpty()) {
                out.add(r);
            }
        }
        return out;
    }

    private static boolean isService(IngressBackend b, String name) {
        return b instanceof IngressBackend.ServiceBackend s && s.serviceName().equals(name);
    }

    /** {@code service web:http} or {@code resource Kind name}. */
    public static String backendText(IngressBackend b) {
        if (b instanceof IngressBackend.ServiceBackend s) {
            return "service " + s.serviceName() + ":" + portText(s.port());
        }
        IngressBackend.ResourceBackend r = (IngressBackend.ResourceBackend) b;
        return "resource " + r.kind() + " " + r.name();
    }

    private static String portText(PortReference p) {
        return p instanceof PortReference.Numbered n ? Integer.toString(n.number()) : ((PortReference.Named) p).name();
    }

    private static String name(Ingress in) {
        return in.namespace() + "/" + in.name();
    }
}
