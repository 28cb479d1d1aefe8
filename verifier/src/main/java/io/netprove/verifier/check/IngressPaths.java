package io.netprove.verifier.check;

import io.netprove.model.intent.Exposure;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Target;
import io.netprove.model.k8s.Ingress;
import io.netprove.model.k8s.IngressBackend;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Witness;
import io.netprove.verifier.cluster.ServiceEndpoint;
import io.netprove.verifier.cluster.ServicePortView;
import io.netprove.verifier.ingress.IngressRoute;
import io.netprove.verifier.ingress.IngressRouter;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Requests through an ingress controller. A request reaches a backend when (leg 1) the client's packets reach the
 * controller's listener through one of its frontends, the controller's Ingresses route the request (host and path) to
 * a Service port, and (leg 2) the controller's pods reach that Service's endpoints: ingress-nginx opens its own
 * connection to an endpoint's pod address and target port (to the cluster IP with its service-upstream annotation).
 * Each leg is decided like a direct statement, with its own witness; the routing decision is stated in the verdict.
 */
final class IngressPaths {

    static final String ASSUMED = "ingress controllers are taken to behave as ingress-nginx: they connect to the"
            + " backend Service's endpoints (to its cluster IP with the service-upstream annotation), treat"
            + " ImplementationSpecific paths as prefixes and redirect plain HTTP to HTTPS for hosts with TLS; the"
            + " request's other headers and the controller's own configuration are not checked";

    static final String NO_CONTROLLER = "no ingress controller is declared: add 'ingress controller pods"
            + " NAMESPACE/SELECTOR' to the cluster block";

    private final StatementChecker sc;
    private final Legs legs;
    private final IngressControllers controllers;

    IngressPaths(StatementChecker sc, Legs legs) {
        this.sc = sc;
        this.legs = legs;
        this.controllers = IngressControllers.of(sc.context());
    }

    boolean declared() {
        return !controllers.isEmpty();
    }

    // ------------------------------------------------------------------ routing and backends

    /** The Service port a route sends to, or why it does not reach one. */
    private record Backend(Optional<ServicePortView> view, String problem, boolean unknown) {
    }

    private Backend backend(IngressRoute r) {
        if (r.kind() == IngressRoute.Kind.UNMODELLED) {
            return new Backend(Optional.empty(), r.text(), true);
        }
        if (r.kind() == IngressRoute.Kind.NOT_FOUND) {
            return new Backend(Optional.empty(), "", false);
        }
        if (!r.rivals().isEmpty()) {
            IngressRoute other = r.rivals().get(0);
            return new Backend(Optional.empty(), "but " + other.text() + " matches as well: the controller keeps one"
                    + " of them (ingress-nginx: the oldest Ingress), which the manifests do not say", true);
        }
        Ingress in = r.ingress().orElseThrow();
        if (r.service().isEmpty()) {
            return new Backend(Optional.empty(), "the backend is a " + IngressRouter.backendText(r.backend()
                    .orElseThrow()) + ", which netprove does not follow", true);
        }
        IngressBackend.ServiceBackend b = r.service().get();
        List<ServicePortView> ports = sc.context().services().ports(in.namespace(), b.serviceName());
        String svc = in.namespace() + "/" + b.serviceName();
        if (ports.isEmpty()) {
            return new Backend(Optional.empty(), "Ingress " + in.namespace() + "/" + in.name() + " ("
                    + in.location() + ") names Service " + svc + ", which does not exist: the controller answers"
                    + " 503", false);
        }
        for (ServicePortView v : ports) {
            boolean match = b.port() instanceof PortReference.Numbered n ? v.port().port() == n.number()
                    : v.port().name().equals(((PortReference.Named) b.port()).name());
            if (match && v.port().protocol().equals(Protocol.TCP)) {
                if (v.endpoints().isEmpty()) {
                    return new Backend(Optional.of(v), "Service " + v.key() + " has no endpoints: the controller"
                            + " answers 503", false);
                }
                return new Backend(Optional.of(v), "", false);
            }
        }
        return new Backend(Optional.empty(), "Ingress " + in.namespace() + "/" + in.name() + " (" + in.location()
                + ") names port " + portText(b.port()) + " of Service " + svc + ", which has no such TCP port: the"
                + " controller answers 503", false);
    }

    private static String portText(PortReference p) {
        return p instanceof PortReference.Numbered n ? Integer.toString(n.number())
                : ((PortReference.Named) p).name();
    }

    private static String url(boolean https, IngressRouter.Request r) {
        return (https ? "https://" : "http://") + r.host() + r.path();
    }

    // ------------------------------------------------------------------ legs

    /** Leg 2: from the controller's pods to the backend's endpoints (or its cluster IP with service-upstream). */
    private Legs.Leg toBackend(IngressControllers.Controller c, IngressRoute route, ServicePortView v) {
        boolean upstream = route.ingress().map(IngressRouter::serviceUpstream).orElse(false);
        Legs.Sources src = new Legs.Sources(Legs.perFamily(c::podAddresses), Optional.empty(),
                "the pods of " + c.name());
        Map<AddressFamily, Arrival> arrivals = new EnumMap<>(AddressFamily.class);
        for (AddressFamily f : AddressFamily.values()) {
            arrivals.put(f, sc.serviceArrival(List.of(v), f, sc.context().nodeAddresses(f)));
        }
        List<Legs.Dest> dests = new ArrayList<>();
        if (upstream) {
            for (IpAddress a : v.clusterIPs()) {
                dests.add(new Legs.Dest(a, v.port().port(), Protocol.TCP, "cluster IP of " + v.key()));
            }
        } else {
            for (ServiceEndpoint e : v.endpoints()) {
                dests.add(new Legs.Dest(e.address(), e.port(), Protocol.TCP, "endpoint " + e.text() + " of "
                        + v.key()));
            }
        }
        return legs.toDestinations("the controller's connection to " + v.key(), src, e -> dests, arrivals);
    }

    /** Leg 1 for "can": the source's packets to the controller's frontends of the given kinds. */
    private Legs.Leg toController(Legs.Sources src, IngressControllers.Controller c, boolean https,
                                  List<Exposure> kinds, OptionalInt port) {
        return legs.toFrontends("packets to " + c.name(), src, e -> IngressControllers.frontends(sc, c, https,
                kinds.isEmpty() ? (e.external() ? StatementChecker.OUTSIDE_DEFAULT : INSIDE_DEFAULT) : kinds, e,
                familyOf(e), port), c.listenerArrival(https));
    }

    private static final List<Exposure> INSIDE_DEFAULT = List.of(Exposure.CLUSTERIP, Exposure.HOSTPORT,
            Exposure.HOSTNETWORK);

    private static AddressFamily familyOf(StatementChecker.Entry e) {
        return e.sources().bits() == 32 ? AddressFamily.IPV4 : AddressFamily.IPV6;
    }

    /** Leg 1 for "cannot": any TCP packet of the source that ends at the controller's listener. */
    private Legs.Leg anyToController(Legs.Sources src, IngressControllers.Controller c, boolean https,
                                     List<Exposure> kinds) {
        List<Exposure> network = kinds.stream().filter(StatementChecker.NETWORK::contains).toList();
        return legs.toAnything("packets to the " + (https ? "HTTPS" : "HTTP") + " listener of " + c.name(), src,
                network.isEmpty() ? null : e -> {
                    AddressFamily f = familyOf(e);
                    io.netprove.model.space.IntervalSet allowed = io.netprove.model.space.IntervalSet.empty(f.bits());
                    for (Frontend fe : IngressControllers.frontends(sc, c, https, network, e, f, OptionalInt.empty())) {
                        allowed = allowed.union(io.netprove.model.space.IntervalSet.of(fe.address()));
                    }
                    return allowed;
                }, c.listenerArrival(https));
    }

    // ------------------------------------------------------------------ can reach

    /** {@code A can reach http(s)://HOST/PATH [via KINDS]}. */
    CheckResult canReachUrl(ReachStatement s, Target.UrlTarget u) {
        if (controllers.isEmpty()) {
            return StatementChecker.unknown(NO_CONTROLLER);
        }
        IngressRouter.Request req = new IngressRouter.Request(u.host(), u.path());
        List<IngressControllers.Controller> chosen = answering(req);
        List<Exposure> kinds = s.via().stream().filter(StatementChecker.NETWORK::contains).toList();
        CheckResult all = null;
        for (IngressControllers.Controller c : chosen) {
            CheckResult r = deliver(s, c, req, u.https(), u.port(), kinds);
            if (r.status() != Status.HOLDS) {
                return r;
            }
            all = all == null ? r : ProxiedPaths.both(all, r);
        }
        return all;
    }

    /** The controllers that have a rule or default backend for the request; all of them when none has. */
    private List<IngressControllers.Controller> answering(IngressRouter.Request req) {
        List<IngressControllers.Controller> out = new ArrayList<>();
        for (IngressControllers.Controller c : controllers.all()) {
            if (c.router().route(req).kind() != IngressRoute.Kind.NOT_FOUND) {
                out.add(c);
            }
        }
        return out.isEmpty() ? controllers.all() : out;
    }

    /** Every packet of the request's two legs arrives, and the controller routes it to a Service with endpoints. */
    private CheckResult deliver(ReachStatement s, IngressControllers.Controller c, IngressRouter.Request req,
                                boolean https, OptionalInt port, List<Exposure> kinds) {
        IngressRoute route = c.router().route(req);
        String decision = "request " + url(https, req) + " at " + c.name() + ": " + route.text();
        if (c.pods().isEmpty()) {
            return result(Status.VIOLATED, decision + "; but " + c.spec().pods() + " (" + c.spec().location()
                    + ") selects no pod scheduled on a node: nothing serves the request", List.of());
        }
        Backend b = backend(route);
        if (b.view().isEmpty() || !b.problem().isEmpty()) {
            return result(b.unknown() ? Status.UNKNOWN : Status.VIOLATED, decision + (b.problem().isEmpty() ? ""
                    : "; " + b.problem()), List.of());
        }
        if (https && c.router().tlsFor(req.host()).isEmpty()) {
            return result(Status.VIOLATED, decision + "; but no Ingress of " + c.name() + " lists host " + req.host()
                    + " under tls: the controller answers with its default certificate, which clients that verify"
                    + " certificates reject", List.of());
        }
        if (!https && c.router().redirectsToHttps(route, req.host())) {
            return result(Status.VIOLATED, decision + "; but ingress-nginx answers plain HTTP for " + req.host()
                    + " with a redirect to HTTPS (308): the request does not reach the backend", List.of());
        }
        Legs.Sources src = sources(s);
        Legs.Leg leg1 = toController(src, c, https, kinds, port);
        if (leg1.isEmpty()) {
            return result(Status.VIOLATED, decision + "; but " + c.name() + " has no " + (https ? "HTTPS" : "HTTP")
                    + " frontend" + (port.isPresent() ? " on port " + port.getAsInt() : "") + " that " + s.source()
                    + " can send to" + (kinds.isEmpty() ? "" : " via " + kinds), List.of());
        }
        PathJudge judge1 = path -> StatementChecker.canReachJudge(leg1.arrival(path.header().family()), false)
                .judge(path);
        CheckResult r1 = sc.decide(s, leg1.probes(), judge1, s.source().toString());
        if (r1.status() != Status.HOLDS) {
            CheckResult n = Legs.named("leg 1 (" + s.source() + " to " + c.name() + ")", r1);
            return new CheckResult(n.status(), decision + "; " + n.summary(), n.witnesses(), n.reasons(),
                    StatementChecker.merge(n.approximations(), List.of(ASSUMED)));
        }
        Legs.Leg leg2 = toBackend(c, route, b.view().get());
        CheckResult r2 = legs.every(leg2);
        if (r2.status() != Status.HOLDS) {
            CheckResult n = Legs.named("leg 2 (" + c.name() + " to " + b.view().get().key() + ")", r2);
            return new CheckResult(n.status(), decision + "; leg 1 holds, but " + n.summary(), n.witnesses(),
                    n.reasons(), StatementChecker.merge(StatementChecker.merge(r1.approximations(), n.approximations()),
                    List.of(ASSUMED)));
        }
        List<Witness> ws = new ArrayList<>();
        if (!r1.witnesses().isEmpty()) {
            ws.add(Legs.named("leg 1", r1).witnesses().get(0));
        } else {
            legs.sample(leg1, "leg 1: a packet from " + s.source() + " to the controller (every such packet"
                    + " arrives)").ifPresent(ws::add);
        }
        legs.sample(leg2, "leg 2: the controller's connection to the backend (every such packet arrives)")
                .ifPresent(ws::add);
        Set<String> frontends = new LinkedHashSet<>();
        leg1.probes().forEach(p -> frontends.add(p.what().substring(p.what().indexOf(" to ") + 4,
                p.what().lastIndexOf(" on "))));
        boolean upstream = route.ingress().map(IngressRouter::serviceUpstream).orElse(false);
        String summary = "proven: " + decision + "; leg 1: every packet from " + s.source() + " to "
                + String.join(", ", frontends) + " arrives at the controller; leg 2: every connection from its pods"
                + " to " + (upstream ? "the cluster IP of " : "the endpoints of ") + b.view().get().key() + " arrives";
        if (s.quantifier() == io.netprove.model.intent.Quantifier.SOME) {
            summary = "proven: " + decision + "; leg 1: " + r1.summary() + "; leg 2: every connection from the"
                    + " controller's pods to " + b.view().get().key() + " arrives";
        }
        return new CheckResult(Status.HOLDS, summary, ws, List.of(), StatementChecker.merge(
                StatementChecker.merge(r1.approximations(), r2.approximations()), List.of(ASSUMED)));
    }

    private static CheckResult result(Status status, String summary, List<Witness> ws) {
        return new CheckResult(status, summary, ws, status == Status.UNKNOWN ? List.of(summary) : List.of(),
                List.of(ASSUMED));
    }

    private Legs.Sources sources(ReachStatement s) {
        return new Legs.Sources(Legs.perFamily(f -> sc.sourceSet(s.source(), f)), StatementChecker.zoneName(
                s.source()), s.source().toString());
    }

    /** {@code A can reach service S[:PORT] via ingress}: a request an Ingress routes to S, delivered as above. */
    CheckResult canReachService(ReachStatement s, Target.ServiceTarget st, List<ServicePortView> views) {
        if (controllers.isEmpty()) {
            return StatementChecker.unknown(NO_CONTROLLER);
        }
        for (IngressControllers.Controller c : controllers.all()) {
            for (Routed r : routedTo(c, st, views)) {
                return deliver(s, c, r.request(), r.https(), OptionalInt.empty(), List.of());
            }
        }
        return result(Status.VIOLATED, "no Ingress served by a declared controller sends requests to "
                + st.qualifiedName() + st.port().map(p -> ":" + p).orElse("") + unservedNote(st), List.of());
    }

    /** A request that one controller routes to the service, and whether it is asked over HTTPS. */
    private record Routed(IngressRouter.Request request, boolean https) {
    }

    /**
     * The requests a controller routes to one of the service's ports: each over HTTPS when the host has TLS, and over
     * plain HTTP when the controller does not redirect it.
     */
    private List<Routed> routedTo(IngressControllers.Controller c, Target.ServiceTarget st,
                                  List<ServicePortView> views) {
        List<Routed> out = new ArrayList<>();
        for (IngressRouter.Request req : c.router().requestsTo(st.namespace(), st.name())) {
            IngressRoute route = c.router().route(req);
            Backend b = backend(route);
            if (b.view().isEmpty() || views.stream().noneMatch(v -> v.key().equals(b.view().get().key()))) {
                continue;
            }
            if (c.router().tlsFor(req.host()).isPresent()) {
                out.add(new Routed(req, true));
            }
            if (!c.router().redirectsToHttps(route, req.host())) {
                out.add(new Routed(req, false));
            }
        }
        return out;
    }

    private String unservedNote(Target.ServiceTarget st) {
        for (Ingress in : controllers.unserved()) {
            IngressRouter alone = new IngressRouter(List.of(in));
            if (!alone.requestsTo(st.namespace(), st.name()).isEmpty()) {
                return " (Ingress " + in.namespace() + "/" + in.name() + " at " + in.location() + " does, but its"
                        + " class " + in.effectiveClassName().orElse("(none)") + " is served by no declared"
                        + " controller)";
            }
        }
        return "";
    }

    // ------------------------------------------------------------------ cannot reach, exposure

    /** {@code A cannot reach http(s)://HOST/PATH}: no controller both takes A's packets and delivers the request. */
    CheckResult cannotReachUrl(ReachStatement s, Target.UrlTarget u) {
        if (controllers.isEmpty()) {
            return StatementChecker.unknown(NO_CONTROLLER);
        }
        IngressRouter.Request req = new IngressRouter.Request(u.host(), u.path());
        List<Exposure> kinds = s.via().stream().filter(StatementChecker.NETWORK::contains).toList();
        List<String> why = new ArrayList<>();
        List<String> approx = new ArrayList<>(List.of(ASSUMED));
        for (IngressControllers.Controller c : controllers.all()) {
            IngressRoute route = c.router().route(req);
            String decision = "request " + url(u.https(), req) + " at " + c.name() + ": " + route.text();
            Backend b = backend(route);
            if (b.unknown()) {
                return result(Status.UNKNOWN, decision + "; " + b.problem(), List.of());
            }
            if (b.view().isEmpty() || b.view().get().endpoints().isEmpty()) {
                why.add(decision + (b.problem().isEmpty() ? "" : "; " + b.problem()));
                continue;
            }
            if (!u.https() && c.router().redirectsToHttps(route, req.host())) {
                why.add(decision + "; plain HTTP is answered with a redirect to HTTPS");
                continue;
            }
            CheckResult r = twoLegs(sources(s), c, u.https(), kinds, route, b.view().get(), decision);
            if (r.status() != Status.HOLDS) {
                return r;
            }
            why.add(r.summary());
            approx.addAll(r.approximations());
        }
        return new CheckResult(Status.HOLDS, "proven: " + String.join("; ", why), List.of(), List.of(),
                List.copyOf(new LinkedHashSet<>(approx)));
    }

    /**
     * The source's packets reach the controller's listener (leg 1) and the controller reaches the backend (leg 2):
     * VIOLATED with a witness for each leg; HOLDS when either leg is proven closed.
     */
    private CheckResult twoLegs(Legs.Sources src, IngressControllers.Controller c, boolean https,
                                List<Exposure> kinds, IngressRoute route, ServicePortView v, String decision) {
        Legs.Leg leg1 = anyToController(src, c, https, kinds);
        CheckResult r1 = leg1.isEmpty() ? new CheckResult(Status.HOLDS, "", List.of(), List.of(), List.of())
                : legs.none(leg1);
        if (r1.status() == Status.HOLDS) {
            return new CheckResult(Status.HOLDS, decision + "; but no packet from " + src.text() + " reaches the "
                    + (https ? "HTTPS" : "HTTP") + " listener of " + c.name() + " (leg 1)", List.of(), List.of(),
                    r1.approximations());
        }
        if (r1.status() == Status.UNKNOWN) {
            return Legs.named("leg 1 (" + src.text() + " to " + c.name() + ")", r1);
        }
        CheckResult r2 = legs.some(toBackend(c, route, v));
        if (r2.status() == Status.VIOLATED) {
            return new CheckResult(Status.HOLDS, decision + "; " + src.text() + " reaches " + c.name() + ", but no"
                    + " connection from its pods reaches " + v.key() + " (leg 2)", List.of(), List.of(),
                    StatementChecker.merge(r1.approximations(), r2.approximations()));
        }
        if (r2.status() == Status.UNKNOWN) {
            return Legs.named("leg 2 (" + c.name() + " to " + v.key() + ")", r2);
        }
        List<Witness> ws = new ArrayList<>(Legs.named("leg 1", r1).witnesses());
        ws.addAll(Legs.named("leg 2", r2).witnesses());
        return new CheckResult(Status.VIOLATED, decision + "; leg 1: " + r1.summary() + "; leg 2: the controller"
                + " reaches " + v.key(), ws, List.of("the request is proxied: " + src.text() + " reaches the"
                + " controller, and the controller reaches the backend"), StatementChecker.merge(
                StatementChecker.merge(r1.approximations(), r2.approximations()), List.of(ASSUMED)));
    }

    /**
     * No request from the sources reaches the service through an ingress controller (HOLDS), or a request that does
     * (VIOLATED, a witness per leg). Empty when no Ingress of a declared controller routes to the service.
     */
    Optional<CheckResult> cannotReachService(Legs.Sources src, Target.ServiceTarget st, List<ServicePortView> views,
                                             List<Exposure> kinds) {
        List<String> why = new ArrayList<>();
        List<String> approx = new ArrayList<>();
        for (IngressControllers.Controller c : controllers.all()) {
            for (boolean https : new boolean[] {false, true}) {
                Optional<Routed> r = routedTo(c, st, views).stream().filter(x -> x.https() == https).findFirst();
                if (r.isEmpty()) {
                    continue;
                }
                IngressRoute route = c.router().route(r.get().request());
                String decision = "request " + url(https, r.get().request()) + " at " + c.name() + ": "
                        + route.text();
                CheckResult two = twoLegs(src, c, https, kinds, route, backend(route).view().orElseThrow(), decision);
                if (two.status() != Status.HOLDS) {
                    return Optional.of(two);
                }
                why.add(two.summary());
                approx.addAll(two.approximations());
            }
        }
        if (why.isEmpty()) {
            return Optional.empty();
        }
        approx.add(ASSUMED);
        return Optional.of(new CheckResult(Status.HOLDS, "no request through an ingress controller: "
                + String.join("; ", why), List.of(), List.of(), List.copyOf(new LinkedHashSet<>(approx))));
    }

    /** Some request from outside the cluster reaches the service through an ingress controller, both legs shown. */
    CheckResult exposed(Target.ServiceTarget st, List<ServicePortView> views, Legs.Sources outside) {
        if (controllers.isEmpty()) {
            return StatementChecker.unknown(NO_CONTROLLER);
        }
        List<String> tried = new ArrayList<>();
        for (IngressControllers.Controller c : controllers.all()) {
            for (Routed r : routedTo(c, st, views)) {
                IngressRoute route = c.router().route(r.request());
                ServicePortView v = backend(route).view().orElseThrow();
                String decision = "request " + url(r.https(), r.request()) + " at " + c.name() + ": " + route.text();
                Legs.Leg leg1 = toController(outside, c, r.https(), NETWORK_OUTSIDE, OptionalInt.empty());
                CheckResult r1 = legs.some(leg1);
                if (r1.status() != Status.HOLDS) {
                    tried.add(decision + "; but leg 1: " + r1.summary());
                    if (r1.status() == Status.UNKNOWN) {
                        return Legs.named("leg 1", r1);
                    }
                    continue;
                }
                CheckResult r2 = legs.some(toBackend(c, route, v));
                if (r2.status() != Status.HOLDS) {
                    tried.add(decision + "; leg 1 works, but leg 2: " + r2.summary());
                    if (r2.status() == Status.UNKNOWN) {
                        return Legs.named("leg 2", r2);
                    }
                    continue;
                }
                List<Witness> ws = new ArrayList<>(Legs.named("leg 1", r1).witnesses());
                ws.addAll(Legs.named("leg 2", r2).witnesses());
                return new CheckResult(Status.HOLDS, "exposed through " + c.name() + ": " + decision, ws, List.of(),
                        StatementChecker.merge(StatementChecker.merge(r1.approximations(), r2.approximations()),
                                List.of(ASSUMED)));
            }
        }
        String summary = tried.isEmpty() ? "no Ingress served by a declared controller sends requests to "
                + st.qualifiedName() + unservedNote(st) : String.join("; ", tried);
        return result(Status.VIOLATED, summary, List.of());
    }

    private static final List<Exposure> NETWORK_OUTSIDE = List.of(Exposure.NODEPORT, Exposure.LOADBALANCER,
            Exposure.EXTERNALIP, Exposure.HOSTPORT, Exposure.HOSTNETWORK, Exposure.CLUSTERIP);
}
