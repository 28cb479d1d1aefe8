package io.netprove.grammar.intent;

import io.netprove.grammar.InputError;
import io.netprove.model.intent.BuiltinZone;
import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.ExposureStatement;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.LabelRequirement;
import io.netprove.model.intent.NodeSpec;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Source;
import io.netprove.model.intent.Statement;
import io.netprove.model.intent.Target;
import io.netprove.model.intent.ZoneDef;
import io.netprove.model.intent.ZoneExpr;
import io.netprove.model.intent.ZoneRoutes;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks the names an intent uses, with "did you mean ...?" suggestions for near misses.
 * <ul>
 * <li>Within the intent ({@link #checkIntent}, {@link #checkStatement}): referenced zones exist and do not refer to
 * themselves, nodes are declared in the cluster block, built-in zones have the cluster settings they stand for, and
 * no selector swallows a zone name as a label key.</li>
 * <li>Against the cluster ({@link #problems(Intent, ClusterNames)}): services, service ports, namespaces, label keys
 * and label values exist in the manifests.</li>
 * </ul>
 */
public final class IntentResolver {

    /** Names listed in an error when no single one is close. */
    private static final int LISTED_NAMES = 8;

    private static final Set<String> BUILTIN_WORDS = Set.of("pods", "services", "nodes", "cluster", "everything");

    private IntentResolver() {
    }

    // ============================================================================================= within the intent

    /** Throws an {@link InputError} for the first name problem within the intent (zones, nodes, built-in zones). */
    public static void checkIntent(Intent intent) {
        Map<String, ZoneDef> zones = zoneMap(intent);
        for (ZoneDef def : intent.zones()) {
            for (ZoneExpr part : parts(def.expr())) {
                checkZonePart(part, zones, intent.cluster());
            }
            checkSelectorsInLists(def.expr(), zones);
        }
        checkZoneCycles(intent, zones);
        for (ZoneRoutes r : intent.routes()) {
            requireZone(r.zone(), r.location(), zones);
            for (ZoneExpr d : r.destinations()) {
                checkZonePart(d, zones, intent.cluster());
            }
            if (r.via().isPresent() && r.via().get() instanceof io.netprove.model.intent.RouteGateway.ViaNode n) {
                requireNode(n.node(), n.location(), intent.cluster());
            }
        }
        for (io.netprove.model.intent.ApiAccess a : intent.apiAccess()) {
            requireZone(a.zone(), a.location(), zones);
        }
        for (Statement s : intent.statements()) {
            checkStatement(s, intent);
        }
    }

    /** Throws an {@link InputError} if a statement names a zone or node the intent does not define. */
    public static void checkStatement(Statement statement, Intent intent) {
        Map<String, ZoneDef> zones = zoneMap(intent);
        if (!(statement instanceof ReachStatement)) {
            return;
        }
        ReachStatement r = (ReachStatement) statement;
        Source source = r.source();
        if (source instanceof Source.ZoneSource) {
            checkZonePart(((Source.ZoneSource) source).zone(), zones, intent.cluster());
        } else if (source instanceof Source.NodeSource) {
            requireNode(((Source.NodeSource) source).node(), source.location(), intent.cluster());
        }
        Target target = r.target();
        if (target instanceof Target.ZoneTarget) {
            checkZonePart(((Target.ZoneTarget) target).zone(), zones, intent.cluster());
        } else if (target instanceof Target.NodeTarget) {
            requireNode(((Target.NodeTarget) target).node(), target.location(), intent.cluster());
        }
    }

    private static Map<String, ZoneDef> zoneMap(Intent intent) {
        Map<String, ZoneDef> zones = new HashMap<>();
        for (ZoneDef z : intent.zones()) {
            zones.put(z.name(), z);
        }
        return zones;
    }

    private static void checkZonePart(ZoneExpr part, Map<String, ZoneDef> zones, Optional<ClusterSpec> cluster) {
        if (part instanceof ZoneExpr.ZoneRef) {
            ZoneExpr.ZoneRef ref = (ZoneExpr.ZoneRef) part;
            requireZone(ref.name(), ref.location(), zones);
        } else if (part instanceof ZoneExpr.Builtin) {
            checkBuiltin((ZoneExpr.Builtin) part, cluster);
        }
    }

    private static void requireZone(String name, SourceLocation at, Map<String, ZoneDef> zones) {
        if (zones.containsKey(name)) {
            return;
        }
        Optional<String> near = Suggestions.nearest(name, zones.keySet());
        if (near.isPresent()) {
            throw new InputError(at, "unknown zone '" + name + "': did you mean '" + near.get() + "'?");
        }
        throw new InputError(at, "unknown zone '" + name + "': expected a zone defined with 'zone NAME = ...'"
                + (zones.isEmpty() ? "" : " (" + listing(zones.keySet()) + ")")
                + " or a built-in zone (pods, services, nodes, cluster, everything)");
    }

    private static void requireNode(String name, SourceLocation at, Optional<ClusterSpec> cluster) {
        List<String> nodes = cluster.map(c -> c.nodes().stream().map(NodeSpec::name).toList()).orElse(List.of());
        if (nodes.contains(name)) {
            return;
        }
        Optional<String> near = Suggestions.nearest(name, nodes);
        if (near.isPresent()) {
            throw new InputError(at, "unknown node '" + name + "': did you mean '" + near.get() + "'?");
        }
        throw new InputError(at, "unknown node '" + name + "': expected a node declared in the cluster block"
                + (nodes.isEmpty() ? " (none is)" : " (" + listing(nodes) + ")"));
    }

    /** A built-in zone stands for cluster settings; without them it would silently be empty. */
    private static void checkBuiltin(ZoneExpr.Builtin b, Optional<ClusterSpec> cluster) {
        BuiltinZone zone = b.zone();
        if (cluster.isEmpty()) {
            throw new InputError(b.location(), "zone '" + zone + "' needs the cluster: expected a 'cluster { ... }'"
                    + " block declaring " + needs(zone));
        }
        ClusterSpec c = cluster.get();
        boolean pods = zone != BuiltinZone.PODS && zone != BuiltinZone.CLUSTER || !c.podNetworks().isEmpty();
        boolean services = zone != BuiltinZone.SERVICES && zone != BuiltinZone.CLUSTER
                || !c.serviceNetworks().isEmpty();
        boolean nodes = zone != BuiltinZone.NODES && zone != BuiltinZone.CLUSTER || !c.nodes().isEmpty();
        if (!pods || !services || !nodes) {
            throw new InputError(b.location(), "zone '" + zone + "' needs " + needs(zone) + ": expected "
                    + (!pods ? "'pod network CIDR'" : !services ? "'service network CIDR'" : "'node NAME address IP'")
                    + " in the cluster block at " + c.location());
        }
    }

    private static String needs(BuiltinZone zone) {
        return switch (zone) {
            case PODS -> "the pod network";
            case SERVICES -> "the service network";
            case NODES -> "the nodes";
            case CLUSTER -> "the pod network, the service network and the nodes";
        };
    }

    /**
     * A selector takes every comma-separated requirement after it, so in {@code pods with app=web, office} the word
     * {@code office} is a label key. When such a bare key is also a zone name, the writer almost surely meant the
     * zone: that is an error rather than a silently different zone.
     */
    private static void checkSelectorsInLists(ZoneExpr expr, Map<String, ZoneDef> zones) {
        for (ZoneExpr part : parts(expr)) {
            if (!(part instanceof ZoneExpr.PodSet)) {
                continue;
            }
            List<LabelRequirement> requirements = ((ZoneExpr.PodSet) part).selector().requirements();
            for (int i = 1; i < requirements.size(); i++) {
                LabelRequirement r = requirements.get(i);
                if (r.operator() == LabelRequirement.Operator.EXISTS
                        && (zones.containsKey(r.key()) || BUILTIN_WORDS.contains(r.key()))) {
                    throw new InputError(r.location(), "'" + r.key() + "' is read as a label key of the selector"
                            + " before it (a selector takes every comma-separated requirement that follows), but it"
                            + " is also a zone: expected the pod set last in the list");
                }
            }
        }
    }

    /** Zones that refer to themselves, directly or through others: reported at the reference that closes the loop. */
    private static void checkZoneCycles(Intent intent, Map<String, ZoneDef> zones) {
        Set<String> done = new HashSet<>();
        for (ZoneDef def : intent.zones()) {
            visitZone(def, zones, new ArrayList<>(), done);
        }
    }

    private static void visitZone(ZoneDef def, Map<String, ZoneDef> zones, List<String> path, Set<String> done) {
        if (done.contains(def.name())) {
            return;
        }
        path.add(def.name());
        for (ZoneExpr part : parts(def.expr())) {
            if (!(part instanceof ZoneExpr.ZoneRef)) {
                continue;
            }
            ZoneExpr.ZoneRef ref = (ZoneExpr.ZoneRef) part;
            int start = path.indexOf(ref.name());
            if (start >= 0) {
                List<String> loop = new ArrayList<>(path.subList(start, path.size()));
                loop.add(ref.name());
                throw new InputError(ref.location(), "zone cycle: " + String.join(" -> ", loop)
                        + ": expected a zone that does not refer to itself, directly or through others");
            }
            visitZone(zones.get(ref.name()), zones, path, done);
        }
        path.remove(path.size() - 1);
        done.add(def.name());
    }

    /** Every sub-expression of {@code expr}, itself first. */
    static List<ZoneExpr> parts(ZoneExpr expr) {
        List<ZoneExpr> out = new ArrayList<>();
        collect(expr, out);
        return out;
    }

    private static void collect(ZoneExpr expr, List<ZoneExpr> out) {
        out.add(expr);
        if (expr instanceof ZoneExpr.Union) {
            for (ZoneExpr m : ((ZoneExpr.Union) expr).members()) {
                collect(m, out);
            }
        } else if (expr instanceof ZoneExpr.Except) {
            collect(((ZoneExpr.Except) expr).base(), out);
            collect(((ZoneExpr.Except) expr).excluded(), out);
        }
    }

    // =========================================================================================== against the cluster

    /** Throws the first problem that {@link #problems(Intent, ClusterNames)} finds. */
    public static void check(Intent intent, ClusterNames names) {
        List<InputError> found = problems(intent, names);
        if (!found.isEmpty()) {
            throw found.get(0);
        }
    }

    /**
     * Every name in the intent that the cluster does not have, in intent order: services and their ports, the
     * namespaces and label keys of pod sets, and label values when the key exists but no pod has the value.
     */
    public static List<InputError> problems(Intent intent, ClusterNames names) {
        List<InputError> out = new ArrayList<>();
        for (ZoneDef def : intent.zones()) {
            for (ZoneExpr part : parts(def.expr())) {
                if (part instanceof ZoneExpr.PodSet) {
                    podSetProblems((ZoneExpr.PodSet) part, names, out);
                }
            }
        }
        for (ZoneRoutes r : intent.routes()) {
            if (r.via().isPresent() && r.via().get() instanceof io.netprove.model.intent.RouteGateway.ViaPods p) {
                podSetProblems(p.pods(), names, out);
            }
        }
        intent.cluster().ifPresent(c -> c.ingressControllers().forEach(ic -> podSetProblems(ic.pods(), names, out)));
        for (Statement s : intent.statements()) {
            out.addAll(problems(s, names));
        }
        return out;
    }

    /** The cluster-name problems of one statement (see {@link #problems(Intent, ClusterNames)}). */
    public static List<InputError> problems(Statement statement, ClusterNames names) {
        List<InputError> out = new ArrayList<>();
        if (statement instanceof ExposureStatement) {
            serviceProblems(((ExposureStatement) statement).service(), names, out);
            return out;
        }
        ReachStatement r = (ReachStatement) statement;
        if (r.source() instanceof Source.PodSetSource) {
            podSetProblems(((Source.PodSetSource) r.source()).podSet(), names, out);
        }
        if (r.target() instanceof Target.PodSetTarget) {
            podSetProblems(((Target.PodSetTarget) r.target()).podSet(), names, out);
        } else if (r.target() instanceof Target.ServiceTarget) {
            serviceProblems((Target.ServiceTarget) r.target(), names, out);
        }
        return out;
    }

    private static void serviceProblems(Target.ServiceTarget s, ClusterNames names, List<InputError> out) {
        String qualified = s.qualifiedName();
        if (!names.services().contains(qualified)) {
            out.add(unknown("service", qualified, s.location(), names.services(),
                    "a service of the manifests, written NAMESPACE/NAME"));
            return;
        }
        if (s.port().isPresent()) {
            Set<String> ports = names.servicePorts(s.namespace(), s.name());
            String port = s.port().get();
            if (!ports.contains(port)) {
                String what = "unknown port '" + port + "' of service '" + qualified + "'";
                Optional<String> near = Suggestions.nearest(port, ports);
                out.add(new InputError(s.location(), what + near.map(n -> ": did you mean '" + n + "'?")
                        .orElse(": expected one of its ports (" + (ports.isEmpty() ? "it has none"
                                : listing(ports)) + ")")));
            }
        }
    }

    private static void podSetProblems(ZoneExpr.PodSet set, ClusterNames names, List<InputError> out) {
        if (set.namespace().isPresent() && !names.namespaces().contains(set.namespace().get())) {
            out.add(unknown("namespace", set.namespace().get(), set.location(), names.namespaces(),
                    "a namespace of the cluster"));
        }
        for (LabelRequirement r : set.selector().requirements()) {
            if (!names.labelKeys().contains(r.key())) {
                out.add(unknown("label key", r.key(), r.location(), names.labelKeys(),
                        "a label key that some pod has"));
                continue;
            }
            Set<String> values = names.labelValues(r.key());
            for (String v : r.values()) {
                if (values.contains(v)) {
                    continue;
                }
                Optional<String> near = Suggestions.nearest(v, values);
                String reason = "no pod has label " + r.key() + "=" + (v.isEmpty() ? "\"\"" : v)
                        + near.map(n -> ": did you mean '" + n + "'?")
                        .orElse(": expected a value that some pod has (" + listing(values) + ")");
                out.add(new InputError(r.location(), reason));
            }
        }
    }

    private static InputError unknown(String what, String name, SourceLocation at, Collection<String> known,
                                      String expected) {
        Optional<String> near = Suggestions.nearest(name, known);
        if (near.isPresent()) {
            return new InputError(at, "unknown " + what + " '" + name + "': did you mean '" + near.get() + "'?");
        }
        return new InputError(at, "unknown " + what + " '" + name + "': expected " + expected);
    }

    /** Up to a few names, sorted: "a, b, c" or "a, b, ... (12 in all)". */
    private static String listing(Collection<String> names) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(names));
        if (sorted.size() <= LISTED_NAMES) {
            return String.join(", ", sorted);
        }
        return sorted.subList(0, LISTED_NAMES).stream().collect(Collectors.joining(", ")) + ", ... ("
                + sorted.size() + " in all)";
    }
}
