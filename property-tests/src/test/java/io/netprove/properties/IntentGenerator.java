package io.netprove.properties;

import io.netprove.model.intent.ApiAccess;
import io.netprove.model.intent.ApiEndpoint;
import io.netprove.model.intent.BuiltinZone;
import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.Cni;
import io.netprove.model.intent.Exposure;
import io.netprove.model.intent.ExposureStatement;
import io.netprove.model.intent.FileRef;
import io.netprove.model.intent.IngressController;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.KubeProxyMode;
import io.netprove.model.intent.LabelRequirement;
import io.netprove.model.intent.LabelSelector;
import io.netprove.model.intent.NodeSpec;
import io.netprove.model.intent.PortSpec;
import io.netprove.model.intent.Quantifier;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Reachability;
import io.netprove.model.intent.RouteGateway;
import io.netprove.model.intent.Source;
import io.netprove.model.intent.Statement;
import io.netprove.model.intent.Target;
import io.netprove.model.intent.ZoneDef;
import io.netprove.model.intent.ZoneExpr;
import io.netprove.model.intent.ZoneRoutes;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Intent models that the intent language can write and {@code IntentReader} accepts: a cluster block with every
 * setting (or none), zones built from every item kind (addresses of both families, zone names, built-in zones, pod
 * sets with every selector operator, {@code except}), {@code routes to} lines with and without {@code via}, API
 * access, and reachability and exposure statements of every form (quantifiers, each source and target kind, ports,
 * {@code directly}, {@code via} and {@code only via}, URL targets, names that need quoting).
 *
 * <p>The names come from small pools that mix plain words with keywords, numbers and address-like words, so that
 * the printer's choices (quoting, the long pod-set form) are exercised. An intent depends on itself throughout (a
 * zone refers to earlier zones, a built-in zone needs its cluster settings, clauses must fit), so it is drawn from a
 * seeded {@link Random}: jqwik shrinks the seed, not the intent.
 */
final class IntentGenerator {

    /** The folder the printed intent is read from; generated paths lie in and around it. */
    static final Path FOLDER = Path.of("/np/generated");

    private static final SourceLocation AT = SourceLocation.NONE;
    private static final List<String> ZONE_NAMES = List.of("office", "vpn", "z1", "a_b", "Zone-9", "abroad", "x");
    private static final List<String> NODE_NAMES = List.of("node-1", "node-2", "10.0.0.5", "42",
            "ip-10-0-0-4.ec2.internal", "1-2");
    private static final List<String> NAMESPACES = List.of("shop", "kube-system", "ingress", "123", "a-b", "service");
    private static final List<String> SERVICES = List.of("web", "db", "via", "tcp", "a1");
    private static final List<String> SERVICE_PORTS = List.of("http", "80", "dns", "in", "65535");
    private static final List<String> LABEL_KEYS = List.of("app", "tier", "app.kubernetes.io/name", "k8s.io/x",
            "Rel_1.x", "release", "tcp", "in");
    private static final List<String> LABEL_VALUES = List.of("", "web", "1.2.3.4", "in", "v1.2", "A_b-c", "10",
            "1-2", "nodes");
    private static final List<String> STATEMENT_NAMES = List.of("web from office", "db-private",
            "a \"quoted\" name", "back\\slash", "x: y; # z // w", "inner   blanks", "caf\u00e9 \u2713", "can",
            "1");
    private static final List<String> PATHS = List.of("nodes/node-1", "cluster", "my nodes/node \"one\"",
            "../elsewhere/x.yaml", "back\\slash dir", "/abs/olute path.yaml", ".");
    private static final List<String> HOSTS = List.of("shop.example.com", "a.b", "10.0.0.1", "x", "xn--caf-dma.example");
    private static final List<String> URL_PATHS = List.of("/", "/cart", "/a/b.html", "/%20x", "/~user/", "/A:B");
    private static final List<String> CLASSES = List.of("nginx", "7", "internal.x", "ingress");
    private static final List<Long> V4_BASES = List.of(0x0a000000L, 0xc0a80000L, 0xac100000L, 0xcb007100L, 0L);
    private static final List<Long> V6_BASES = List.of(0xfd00000000000000L, 0x20010db800000000L, 0L);

    private IntentGenerator() {
    }

    /** Generated intents; jqwik varies (and shrinks) the seed. */
    static Arbitrary<GeneratedIntent> intents() {
        return Arbitraries.longs().map(seed -> new GeneratedIntent(seed, new Draw(new Random(seed)).intent()));
    }

    /** An intent with its seed; it shows itself as the printed text when jqwik reports it. */
    record GeneratedIntent(long seed, Intent intent) {
        @Override
        public String toString() {
            try {
                return "seed " + seed + ":\n" + io.netprove.grammar.intent.IntentPrinter.print(intent, FOLDER);
            } catch (IllegalArgumentException e) {
                return "seed " + seed + " (unprintable: " + e.getMessage() + "): " + intent;
            }
        }
    }

    /** One drawing: the random source and what has been decided so far. */
    private static final class Draw {
        private final Random random;
        private ClusterSpec cluster;
        private final List<String> zones = new ArrayList<>();

        Draw(Random random) {
            this.random = random;
        }

        Intent intent() {
            cluster = random.nextInt(8) == 0 ? null : cluster();
            List<ZoneDef> defs = new ArrayList<>();
            for (String name : some(ZONE_NAMES, 0, 4)) {
                defs.add(new ZoneDef(name, zoneExpr(), AT));
                zones.add(name);
            }
            List<ZoneRoutes> routes = new ArrayList<>();
            List<ApiAccess> access = new ArrayList<>();
            if (!zones.isEmpty()) {
                for (int i = random.nextInt(3); i > 0; i--) {
                    routes.add(routes());
                }
                for (int i = random.nextInt(3); i > 0; i--) {
                    access.add(new ApiAccess(pick(zones), AT));
                }
            }
            List<Statement> statements = new ArrayList<>();
            for (int i = random.nextInt(7); i > 0; i--) {
                statements.add(random.nextInt(4) == 0 ? exposure() : reach());
            }
            return new Intent(Optional.ofNullable(cluster), defs, routes, statements, List.of(), access);
        }

        // ---------------------------------------------------------------------------------------------- cluster

        private ClusterSpec cluster() {
            Optional<String> name = random.nextBoolean() ? Optional.of(pick(List.of("lab", "shop", "c1", "prod-eu")))
                    : Optional.empty();
            List<NodeSpec> nodes = new ArrayList<>();
            for (String n : some(NODE_NAMES, 0, 3)) {
                Optional<FileRef> state = random.nextBoolean() ? Optional.of(file()) : Optional.empty();
                nodes.add(new NodeSpec(n, addresses(1, 2), state, AT));
            }
            List<FileRef> manifests = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                manifests.add(file());
            }
            PortRange range = ClusterSpec.DEFAULT_NODE_PORT_RANGE;
            if (random.nextBoolean()) {
                int first = 1 + random.nextInt(65535);
                range = new PortRange(first, first + random.nextInt(65536 - first));
            }
            KubeProxyMode mode = pick(List.of(KubeProxyMode.values()));
            Optional<Cni> cni = random.nextBoolean() ? Optional.of(pick(List.of(Cni.values()))) : Optional.empty();
            List<IngressController> controllers = new ArrayList<>();
            Set<Optional<String>> classes = new LinkedHashSet<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                Optional<String> c = random.nextInt(3) == 0 ? Optional.empty() : Optional.of(pick(CLASSES));
                if (classes.add(c)) {
                    controllers.add(new IngressController(podSet(), c, AT));
                }
            }
            List<ApiEndpoint> api = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                api.add(new ApiEndpoint(address(), 1 + random.nextInt(65535), AT));
            }
            return new ClusterSpec(name, prefixes(0, 2), prefixes(0, 2), nodes, manifests, range, mode, cni,
                    prefixes(0, 2), AT, controllers, api);
        }

        private FileRef file() {
            return new FileRef(FOLDER.resolve(pick(PATHS)).normalize(), AT);
        }

        // ------------------------------------------------------------------------------------------------ zones

        /** Items joined, perhaps minus other items. */
        private ZoneExpr zoneExpr() {
            ZoneExpr base = union();
            return random.nextInt(3) == 0 ? new ZoneExpr.Except(base, union(), AT) : base;
        }

        /** One to four items, at most one address list, a pod set with a selector only last. */
        private ZoneExpr union() {
            List<ZoneExpr> members = new ArrayList<>();
            boolean addresses = false;
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                ZoneExpr item = item(i == n - 1, !addresses);
                addresses |= item instanceof ZoneExpr.Cidrs;
                members.add(item);
            }
            return members.size() == 1 ? members.get(0) : new ZoneExpr.Union(members, AT);
        }

        private ZoneExpr item(boolean last, boolean addressesAllowed) {
            while (true) {
                switch (random.nextInt(6)) {
                    case 0:
                        if (addressesAllowed) {
                            return new ZoneExpr.Cidrs(prefixes(1, 3), AT);
                        }
                        break;
                    case 1:
                        if (!zones.isEmpty()) {
                            return new ZoneExpr.ZoneRef(pick(zones), AT);
                        }
                        break;
                    case 2:
                        Optional<BuiltinZone> b = builtin(List.of(BuiltinZone.values()));
                        if (b.isPresent()) {
                            return new ZoneExpr.Builtin(b.get(), AT);
                        }
                        break;
                    case 3:
                        return new ZoneExpr.Everything(AT);
                    case 4:
                        if (last) {
                            return podSet();
                        }
                        return namespaceOnly();
                    default:
                        return namespaceOnly();
                }
            }
        }

        /** A built-in zone whose cluster settings are declared, if any is. */
        private Optional<BuiltinZone> builtin(List<BuiltinZone> allowed) {
            if (cluster == null) {
                return Optional.empty();
            }
            List<BuiltinZone> usable = new ArrayList<>();
            boolean pods = !cluster.podNetworks().isEmpty();
            boolean services = !cluster.serviceNetworks().isEmpty();
            boolean nodes = !cluster.nodes().isEmpty();
            for (BuiltinZone z : allowed) {
                boolean ok = switch (z) {
                    case PODS -> pods;
                    case SERVICES -> services;
                    case NODES -> nodes;
                    case CLUSTER -> pods && services && nodes;
                };
                if (ok) {
                    usable.add(z);
                }
            }
            return usable.isEmpty() ? Optional.empty() : Optional.of(pick(usable));
        }

        private ZoneRoutes routes() {
            List<ZoneExpr> destinations = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                int kind = random.nextInt(3);
                Optional<BuiltinZone> b = builtin(List.of(BuiltinZone.PODS, BuiltinZone.SERVICES, BuiltinZone.NODES));
                if (kind == 0 && b.isPresent()) {
                    destinations.add(new ZoneExpr.Builtin(b.get(), AT));
                } else if (kind == 1) {
                    destinations.add(new ZoneExpr.ZoneRef(pick(zones), AT));
                } else {
                    destinations.add(new ZoneExpr.Cidrs(List.of(prefix()), AT));
                }
            }
            Optional<RouteGateway> via = Optional.empty();
            int gateway = random.nextInt(3);
            if (gateway == 1 && cluster != null && !cluster.nodes().isEmpty()) {
                via = Optional.of(new RouteGateway.ViaNode(pick(cluster.nodes()).name(), AT));
            } else if (gateway == 2) {
                via = Optional.of(new RouteGateway.ViaPods(podSet(), AT));
            }
            return new ZoneRoutes(pick(zones), destinations, via, AT);
        }

        // --------------------------------------------------------------------------------------------- pod sets

        /** A pod set of any of the three forms. */
        private ZoneExpr.PodSet podSet() {
            return switch (random.nextInt(3)) {
                case 0 -> namespaceOnly();
                case 1 -> new ZoneExpr.PodSet(Optional.of(pick(NAMESPACES)), selector(), AT);
                default -> new ZoneExpr.PodSet(Optional.empty(), selector(), AT);
            };
        }

        private ZoneExpr.PodSet namespaceOnly() {
            return new ZoneExpr.PodSet(Optional.of(pick(NAMESPACES)), LabelSelector.EVERYTHING, AT);
        }

        /** One to three requirements; a bare key after the first is never a zone name (the reader refuses it). */
        private LabelSelector selector() {
            List<LabelRequirement> requirements = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                LabelRequirement.Operator op = pick(List.of(LabelRequirement.Operator.values()));
                String key = pick(LABEL_KEYS);
                List<String> values = switch (op) {
                    case EQUALS, NOT_EQUALS -> List.of(pick(LABEL_VALUES));
                    case IN, NOT_IN -> some(LABEL_VALUES, 1, 3);
                    case EXISTS, DOES_NOT_EXIST -> List.of();
                };
                requirements.add(new LabelRequirement(key, op, values, AT));
            }
            return new LabelSelector(requirements);
        }

        // ------------------------------------------------------------------------------------------- statements

        private ReachStatement reach() {
            Reachability reachability = random.nextBoolean() ? Reachability.CAN_REACH : Reachability.CANNOT_REACH;
            boolean can = reachability == Reachability.CAN_REACH;
            Quantifier quantifier = can && random.nextInt(3) == 0 ? Quantifier.SOME : Quantifier.EVERY;
            Target target = target();
            boolean service = target instanceof Target.ServiceTarget;
            boolean url = target instanceof Target.UrlTarget;
            boolean portInTarget = service && ((Target.ServiceTarget) target).port().isPresent()
                    || target instanceof Target.AddressTarget a && a.port().isPresent();
            List<PortSpec> ports = url || portInTarget || random.nextBoolean() ? List.of() : ports();
            boolean directly = !service && !url && random.nextInt(3) == 0;
            List<Exposure> via = List.of();
            boolean onlyVia = false;
            if ((service || url) && random.nextBoolean()) {
                via = some(List.of(Exposure.values()), 1, 3);
                onlyVia = service && can && random.nextBoolean();
            }
            return new ReachStatement(name(), quantifier, source(), reachability, target, ports, directly, via,
                    onlyVia, "", AT);
        }

        private ExposureStatement exposure() {
            ExposureStatement.Claim claim = pick(List.of(ExposureStatement.Claim.values()));
            List<Exposure> kinds = claim == ExposureStatement.Claim.NOT_EXPOSED ? List.of()
                    : some(List.of(Exposure.values()), 1, 4);
            return new ExposureStatement(name(), service(), claim, kinds, "", AT);
        }

        private Optional<String> name() {
            return random.nextInt(3) == 0 ? Optional.empty() : Optional.of(pick(STATEMENT_NAMES));
        }

        private Source source() {
            while (true) {
                switch (random.nextInt(6)) {
                    case 0:
                        if (!zones.isEmpty()) {
                            return new Source.ZoneSource(new ZoneExpr.ZoneRef(pick(zones), AT));
                        }
                        break;
                    case 1:
                        Optional<BuiltinZone> b = builtin(List.of(BuiltinZone.values()));
                        if (b.isPresent()) {
                            return new Source.ZoneSource(new ZoneExpr.Builtin(b.get(), AT));
                        }
                        break;
                    case 2:
                        return new Source.ZoneSource(new ZoneExpr.Everything(AT));
                    case 3:
                        return new Source.PodSetSource(podSet());
                    case 4:
                        if (cluster != null && !cluster.nodes().isEmpty()) {
                            return new Source.NodeSource(pick(cluster.nodes()).name(), AT);
                        }
                        break;
                    default:
                        return new Source.AddressSource(prefix(), AT);
                }
            }
        }

        private Target target() {
            while (true) {
                switch (random.nextInt(9)) {
                    case 0:
                        if (!zones.isEmpty()) {
                            return new Target.ZoneTarget(new ZoneExpr.ZoneRef(pick(zones), AT));
                        }
                        break;
                    case 1:
                        Optional<BuiltinZone> b = builtin(List.of(BuiltinZone.values()));
                        return new Target.ZoneTarget(b.isPresent() ? new ZoneExpr.Builtin(b.get(), AT)
                                : new ZoneExpr.Everything(AT));
                    case 2:
                        return new Target.PodSetTarget(podSet());
                    case 3:
                    case 4:
                        return service();
                    case 5:
                        IpPrefix p = prefix();
                        return new Target.AddressTarget(p, OptionalInt.empty(), AT);
                    case 6:
                        return new Target.AddressTarget(IpPrefix.host(address()),
                                OptionalInt.of(1 + random.nextInt(65535)), AT);
                    case 7:
                        if (cluster != null && !cluster.nodes().isEmpty()) {
                            return new Target.NodeTarget(pick(cluster.nodes()).name(), AT);
                        }
                        break;
                    default:
                        OptionalInt port = random.nextBoolean() ? OptionalInt.empty()
                                : OptionalInt.of(1 + random.nextInt(65535));
                        return new Target.UrlTarget(random.nextBoolean(), pick(HOSTS), port, pick(URL_PATHS), AT);
                }
            }
        }

        private Target.ServiceTarget service() {
            Optional<String> port = random.nextBoolean() ? Optional.of(pick(SERVICE_PORTS)) : Optional.empty();
            return new Target.ServiceTarget(pick(NAMESPACES), pick(SERVICES), port, AT);
        }

        private List<PortSpec> ports() {
            List<PortSpec> out = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                switch (random.nextInt(6)) {
                    case 0 -> out.add(PortSpec.any(AT));
                    case 1 -> out.add(PortSpec.of(random.nextBoolean() ? Protocol.ICMP : Protocol.ICMPV6, AT));
                    case 2 -> out.add(PortSpec.of(pick(List.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP)), AT));
                    default -> {
                        int first = 1 + random.nextInt(65535);
                        int last = random.nextBoolean() ? first : first + random.nextInt(65536 - first);
                        out.add(PortSpec.of(pick(List.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP)),
                                new PortRange(first, last), AT));
                    }
                }
            }
            return out;
        }

        // ----------------------------------------------------------------------------------------- small parts

        private IpAddress address() {
            if (random.nextInt(3) == 0) {
                long hi = pick(V6_BASES);
                return IpAddress.v6(hi | (random.nextBoolean() ? random.nextInt(0x10000) : 0), random.nextInt(300));
            }
            return IpAddress.v4(pick(V4_BASES) + random.nextInt(1 << 16));
        }

        private List<IpAddress> addresses(int min, int max) {
            List<IpAddress> out = new ArrayList<>();
            for (int i = min + random.nextInt(max - min + 1); i > 0; i--) {
                out.add(address());
            }
            return out;
        }

        private IpPrefix prefix() {
            IpAddress a = address();
            int bits = a.family().bits();
            int length = random.nextInt(3) == 0 ? bits : random.nextInt(bits + 1);
            return new IpPrefix(a, length);
        }

        private List<IpPrefix> prefixes(int min, int max) {
            List<IpPrefix> out = new ArrayList<>();
            for (int i = min + random.nextInt(max - min + 1); i > 0; i--) {
                out.add(prefix());
            }
            return out;
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }

        /** Between min and max distinct elements, in the pool's order. */
        private <T> List<T> some(List<T> pool, int min, int max) {
            List<T> shuffled = new ArrayList<>(pool);
            java.util.Collections.shuffle(shuffled, random);
            int n = Math.min(pool.size(), min + random.nextInt(max - min + 1));
            List<T> chosen = shuffled.subList(0, n);
            return pool.stream().filter(chosen::contains).toList();
        }
    }
}
