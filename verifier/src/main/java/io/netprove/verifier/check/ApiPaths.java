package io.netprove.verifier.check;

import io.netprove.model.intent.ApiAccess;
import io.netprove.model.intent.ApiEndpoint;
import io.netprove.model.intent.Exposure;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Target;
import io.netprove.model.intent.ZoneExpr;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.space.IntervalSet;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Witness;
import io.netprove.verifier.cluster.ServiceEndpoint;
import io.netprove.verifier.cluster.ServicePortView;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Paths through the Kubernetes API server, open only to clients with API credentials ({@code zone NAME has api
 * access}) that reach the API server ({@code api server ADDRESS:PORT}), leg 1:
 * <ul>
 * <li>{@code port-forward}: {@code kubectl port-forward} asks the API server, which connects to the kubelet of the
 * pod's node (TCP 10250, leg 2); the kubelet's container runtime then connects to the port inside the pod's network
 * namespace, where no node netfilter rule or NetworkPolicy applies. A service is port-forwarded to one of the pods its
 * selector picks, any of which may be chosen.</li>
 * <li>{@code api-proxy}: {@code /api/v1/namespaces/NS/services/NAME:PORT/proxy} makes the API server connect from
 * its node to an endpoint of the service (leg 2), through that node's rules and the endpoint's NetworkPolicy.</li>
 * </ul>
 * The API server runs on the declared node whose address it listens on (a static pod on the host network).
 */
final class ApiPaths {

    /** The kubelet's API port, which the API server connects to for port-forward, exec and logs. */
    static final int KUBELET_PORT = 10250;

    static final String ASSUMED = "API access is all or nothing per zone (RBAC is not modelled); port-forward goes"
            + " API server -> kubelet (TCP " + KUBELET_PORT + ") -> the pod's port inside its network namespace (no"
            + " netfilter or NetworkPolicy on that last hop); the service proxy connects from the API server's node to"
            + " an endpoint";

    static final String NOT_DECLARED = "paths through the API server need its address: declare 'api server"
            + " ADDRESS:PORT' in the cluster block";

    private final StatementChecker sc;
    private final Legs legs;
    private final List<ApiEndpoint> endpoints;

    ApiPaths(StatementChecker sc, Legs legs) {
        this.sc = sc;
        this.legs = legs;
        this.endpoints = sc.context().intent().cluster().map(c -> c.apiServers()).orElse(List.of());
    }

    boolean declared() {
        return !endpoints.isEmpty();
    }

    /** The addresses of the zones that have API access. */
    Map<AddressFamily, IntervalSet> access() {
        return Legs.perFamily(f -> {
            IntervalSet s = IntervalSet.empty(f.bits());
            for (ApiAccess a : sc.context().intent().apiAccess()) {
                s = s.union(sc.context().zone(new ZoneExpr.ZoneRef(a.zone(), a.location()), f));
            }
            return s;
        });
    }

    /** The declared nodes the API server runs on: those that own one of its addresses. */
    private List<ClusterContext.NodeInfo> apiNodes() {
        Map<String, ClusterContext.NodeInfo> out = new LinkedHashMap<>();
        for (ApiEndpoint e : endpoints) {
            for (ClusterContext.NodeInfo n : sc.context().nodes()) {
                if (n.addresses().contains(e.address())) {
                    out.put(n.name(), n);
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** Leg 1: the clients' packets to the API server's addresses and ports. */
    private Legs.Leg toApi(Legs.Sources src) {
        Map<AddressFamily, Arrival> arrivals = new EnumMap<>(AddressFamily.class);
        for (AddressFamily f : AddressFamily.values()) {
            List<Arrival.Box> boxes = new ArrayList<>();
            for (ApiEndpoint e : endpoints) {
                if (e.address().family() == f) {
                    boxes.add(new Arrival.Box(IntervalSet.of(e.address()), IntervalSet.range(16, e.port(), e.port())));
                }
            }
            arrivals.put(f, new Arrival("the API server at " + endpointsText(), f, boxes, boxes));
        }
        List<Legs.Dest> dests = new ArrayList<>();
        for (ApiEndpoint e : endpoints) {
            dests.add(new Legs.Dest(e.address(), e.port(), Protocol.TCP, "the API server at " + e));
        }
        return legs.toDestinations("packets to the API server", src, e -> dests, arrivals);
    }

    /** The API server's own connections, from the addresses of its nodes. */
    private Legs.Sources fromApiServer() {
        List<ClusterContext.NodeInfo> nodes = apiNodes();
        return new Legs.Sources(Legs.perFamily(f -> {
            IntervalSet s = IntervalSet.empty(f.bits());
            for (ClusterContext.NodeInfo n : nodes) {
                s = s.union(n.addressSet(f));
            }
            return s;
        }), Optional.empty(), "the API server on " + nodes.stream().map(ClusterContext.NodeInfo::name).toList());
    }

    /** Leg 2 of port-forward: the API server to the kubelet of every node that runs a pod of the service. */
    private Optional<Legs.Leg> toKubelets(List<ServicePortView> views) {
        Map<String, ClusterContext.NodeInfo> nodes = new LinkedHashMap<>();
        for (ServicePortView v : views) {
            for (PodFrontends.PodPort pp : PodFrontends.backing(sc.context(), v)) {
                sc.context().node(pp.pod().nodeName().orElse("")).ifPresent(n -> nodes.put(n.name(), n));
            }
        }
        if (nodes.isEmpty()) {
            return Optional.empty();
        }
        List<Legs.Dest> dests = new ArrayList<>();
        Map<AddressFamily, Arrival> arrivals = new EnumMap<>(AddressFamily.class);
        for (AddressFamily f : AddressFamily.values()) {
            List<IpAddress> as = new ArrayList<>();
            for (ClusterContext.NodeInfo n : nodes.values()) {
                for (IpAddress a : n.addresses()) {
                    if (a.family() == f) {
                        as.add(a);
                        dests.add(new Legs.Dest(a, KUBELET_PORT, Protocol.TCP, "the kubelet of " + n.name()));
                    }
                }
            }
            Arrival.Box box = new Arrival.Box(IntervalSet.points(f.bits(), as),
                    IntervalSet.range(16, KUBELET_PORT, KUBELET_PORT));
            arrivals.put(f, new Arrival("the kubelets of " + nodes.keySet(), f, List.of(), List.of(box)));
        }
        return Optional.of(legs.toDestinations("the API server's connection to the kubelets", fromApiServer(),
                e -> dests, arrivals));
    }

    /** Leg 2 of the service proxy: the API server to the service's endpoints. */
    private Optional<Legs.Leg> toEndpoints(List<ServicePortView> views) {
        List<Legs.Dest> dests = new ArrayList<>();
        for (ServicePortView v : views) {
            for (ServiceEndpoint e : v.endpoints()) {
                dests.add(new Legs.Dest(e.address(), e.port(), v.port().protocol(), "endpoint " + e.text() + " of "
                        + v.key()));
            }
        }
        if (dests.isEmpty()) {
            return Optional.empty();
        }
        Map<AddressFamily, Arrival> arrivals = new EnumMap<>(AddressFamily.class);
        for (AddressFamily f : AddressFamily.values()) {
            arrivals.put(f, sc.serviceArrival(views, f, sc.context().nodeAddresses(f)));
        }
        return Optional.of(legs.toDestinations("the API server's connection to the endpoints", fromApiServer(),
                e -> dests, arrivals));
    }

    private Optional<Legs.Leg> second(Exposure kind, List<ServicePortView> views) {
        return kind == Exposure.PORT_FORWARD ? toKubelets(views) : toEndpoints(views);
    }

    private static String nothing(Exposure kind, Target.ServiceTarget st) {
        return kind == Exposure.PORT_FORWARD ? "no pod of " + st.qualifiedName() + " runs on a declared node:"
                + " port-forward has no pod to connect to" : st.qualifiedName() + " has no endpoints: the service"
                + " proxy has nothing to connect to";
    }

    private String endpointsText() {
        return String.join(", ", endpoints.stream().map(ApiEndpoint::toString).toList());
    }

    private String apiNodeProblem() {
        return "the API server's addresses " + endpointsText() + " belong to no declared node: netprove does not know"
                + " where its own connections start (declare the control-plane node, or an API address on it)";
    }

    private static CheckResult result(Status status, String summary) {
        return new CheckResult(status, summary, List.of(), status == Status.UNKNOWN ? List.of(summary) : List.of(),
                List.of(ASSUMED));
    }

    // ------------------------------------------------------------------ statements

    /** {@code A can reach service S via port-forward|api-proxy}. */
    CheckResult canReach(ReachStatement s, Target.ServiceTarget st, List<ServicePortView> views, Exposure kind) {
        if (!declared()) {
            return StatementChecker.unknown(NOT_DECLARED);
        }
        Legs.Sources src = new Legs.Sources(Legs.perFamily(f -> sc.sourceSet(s.source(), f)),
                StatementChecker.zoneName(s.source()), s.source().toString());
        Map<AddressFamily, IntervalSet> access = access();
        Legs.Sources allowed = src.within(access, s.source() + " (its addresses with API access)");
        if (allowed.isEmpty()) {
            return result(Status.VIOLATED, "no address of " + s.source() + " has API access, which " + kind
                    + " needs: declare 'zone NAME has api access' for the zones whose clients hold credentials");
        }
        if (s.quantifier() == io.netprove.model.intent.Quantifier.EVERY) {
            for (AddressFamily f : AddressFamily.values()) {
                IntervalSet without = src.of(f).minus(access.get(f));
                if (!without.isEmpty()) {
                    long[] w = without.first();
                    IpAddress a = f == AddressFamily.IPV4 ? IpAddress.v4(w[1]) : IpAddress.v6(w[0], w[1]);
                    return result(Status.VIOLATED, "address " + a + " of " + s.source() + " has no API access, which "
                            + kind + " needs (only the zones declared with 'has api access' do)");
                }
            }
        }
        if (apiNodes().isEmpty()) {
            return StatementChecker.unknown(apiNodeProblem());
        }
        Optional<Legs.Leg> leg2 = second(kind, views);
        if (leg2.isEmpty()) {
            return result(Status.VIOLATED, nothing(kind, st));
        }
        Legs.Leg leg1 = toApi(allowed);
        if (leg1.isEmpty()) {
            return result(Status.VIOLATED, s.source() + " cannot address the API server at " + endpointsText()
                    + " from where its traffic enters the cluster (declare 'zone ... routes to' for it)");
        }
        CheckResult r1 = legs.every(leg1);
        if (r1.status() != Status.HOLDS) {
            return withAssumption(Legs.named("leg 1 (" + s.source() + " to the API server)", r1));
        }
        CheckResult r2 = legs.every(leg2.get());
        if (r2.status() != Status.HOLDS) {
            CheckResult n = Legs.named("leg 2 (" + leg2.get().what() + ")", r2);
            return withAssumption(new CheckResult(n.status(), "leg 1 holds, but " + n.summary(), n.witnesses(),
                    n.reasons(), StatementChecker.merge(r1.approximations(), n.approximations())));
        }
        List<Witness> ws = new ArrayList<>();
        legs.sample(leg1, "leg 1: a packet from " + s.source() + " to the API server (every such packet arrives)")
                .ifPresent(ws::add);
        legs.sample(leg2.get(), "leg 2: " + leg2.get().what() + " (every such packet arrives)").ifPresent(ws::add);
        String last = kind == Exposure.PORT_FORWARD ? "the kubelet (TCP " + KUBELET_PORT + ") of each node that"
                + " runs a pod of " + st.qualifiedName() + " arrives, and the kubelet connects to the pod's port inside"
                + " its network namespace" : "the endpoints of " + st.qualifiedName() + " arrives";
        return new CheckResult(Status.HOLDS, "proven: " + kind + ": leg 1: every packet from " + allowed.text()
                + " to the API server at " + endpointsText() + " arrives; leg 2: every connection from the API server"
                + " to " + last, ws, List.of(), StatementChecker.merge(
                StatementChecker.merge(r1.approximations(), r2.approximations()), List.of(ASSUMED)));
    }

    private static CheckResult withAssumption(CheckResult r) {
        return new CheckResult(r.status(), r.summary(), r.witnesses(), r.reasons(),
                StatementChecker.merge(r.approximations(), List.of(ASSUMED)));
    }

    /**
     * No source with API access both reaches the API server and has it connect on to the service (HOLDS), or one that
     * does (VIOLATED, a witness per leg). Empty when no API server is declared.
     */
    Optional<CheckResult> cannotReach(Legs.Sources src, Target.ServiceTarget st, List<ServicePortView> views,
                                      Exposure kind) {
        if (!declared()) {
            return Optional.empty();
        }
        Legs.Sources allowed = src.within(access(), src.text() + " (its addresses with API access)");
        if (allowed.isEmpty()) {
            return Optional.of(new CheckResult(Status.HOLDS, "no address of " + src.text() + " has API access",
                    List.of(), List.of(), List.of(ASSUMED)));
        }
        return Optional.of(found(allowed, st, views, kind, false));
    }

    /** Some client outside the cluster with API access reaches the service through the API server. */
    CheckResult exposed(Target.ServiceTarget st, List<ServicePortView> views, Exposure kind, Legs.Sources outside) {
        if (!declared()) {
            return StatementChecker.unknown(NOT_DECLARED);
        }
        Legs.Sources allowed = outside.within(access(), "clients outside the cluster with API access");
        if (allowed.isEmpty()) {
            return result(Status.VIOLATED, "no zone outside the cluster has API access, which " + kind + " needs");
        }
        return found(allowed, st, views, kind, true);
    }

    /**
     * Looks for a path through the API server: with {@code wanted} it is HOLDS when one exists (witnesses for both
     * legs), otherwise it is VIOLATED when one exists.
     */
    private CheckResult found(Legs.Sources allowed, Target.ServiceTarget st, List<ServicePortView> views,
                              Exposure kind, boolean wanted) {
        Status yes = wanted ? Status.HOLDS : Status.VIOLATED;
        Status no = wanted ? Status.VIOLATED : Status.HOLDS;
        if (apiNodes().isEmpty()) {
            return StatementChecker.unknown(apiNodeProblem());
        }
        Optional<Legs.Leg> leg2 = second(kind, views);
        if (leg2.isEmpty()) {
            return result(no, kind + ": " + nothing(kind, st));
        }
        Legs.Leg leg1 = toApi(allowed);
        CheckResult r1 = leg1.isEmpty() ? result(Status.VIOLATED, "") : legs.some(leg1);
        if (r1.status() == Status.UNKNOWN) {
            return withAssumption(Legs.named("leg 1", r1));
        }
        if (r1.status() == Status.VIOLATED) {
            return result(no, kind + ": no packet from " + allowed.text() + " reaches the API server at "
                    + endpointsText() + " (leg 1)");
        }
        CheckResult r2 = legs.some(leg2.get());
        if (r2.status() == Status.UNKNOWN) {
            return withAssumption(Legs.named("leg 2", r2));
        }
        if (r2.status() == Status.VIOLATED) {
            return result(no, kind + ": " + allowed.text() + " reaches the API server, but " + r2.summary()
                    + " (leg 2)");
        }
        List<Witness> ws = new ArrayList<>(Legs.named("leg 1", r1).witnesses());
        ws.addAll(Legs.named("leg 2", r2).witnesses());
        return new CheckResult(yes, kind + " through the API server at " + endpointsText() + ": leg 1: "
                + allowed.text() + " reach it; leg 2: it reaches " + (kind == Exposure.PORT_FORWARD ? "the kubelet of"
                + " a node that runs a pod of " : "an endpoint of ") + st.qualifiedName(), ws,
                wanted ? List.of() : List.of("API credentials open a path through the API server"),
                StatementChecker.merge(StatementChecker.merge(r1.approximations(), r2.approximations()),
                        List.of(ASSUMED)));
    }
}
