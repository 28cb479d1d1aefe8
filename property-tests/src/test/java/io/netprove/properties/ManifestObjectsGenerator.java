package io.netprove.properties;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.ConditionStatus;
import io.netprove.model.k8s.Container;
import io.netprove.model.k8s.ContainerPort;
import io.netprove.model.k8s.EndpointAddress;
import io.netprove.model.k8s.EndpointAddressType;
import io.netprove.model.k8s.EndpointConditions;
import io.netprove.model.k8s.EndpointPort;
import io.netprove.model.k8s.EndpointSlice;
import io.netprove.model.k8s.EndpointSubset;
import io.netprove.model.k8s.Endpoints;
import io.netprove.model.k8s.IgnoredObject;
import io.netprove.model.k8s.Ingress;
import io.netprove.model.k8s.IngressBackend;
import io.netprove.model.k8s.IngressPath;
import io.netprove.model.k8s.IngressRule;
import io.netprove.model.k8s.IngressTls;
import io.netprove.model.k8s.IpFamilyPolicy;
import io.netprove.model.k8s.KubeObject;
import io.netprove.model.k8s.LabelSelector;
import io.netprove.model.k8s.LoadBalancerIngress;
import io.netprove.model.k8s.LoadBalancerIpMode;
import io.netprove.model.k8s.Namespace;
import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.NetworkPolicyPeer;
import io.netprove.model.k8s.NetworkPolicyPort;
import io.netprove.model.k8s.NetworkPolicyRule;
import io.netprove.model.k8s.Node;
import io.netprove.model.k8s.NodeAddress;
import io.netprove.model.k8s.NodeAddressType;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.k8s.ObjectReference;
import io.netprove.model.k8s.PathType;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PodPhase;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.k8s.ServiceType;
import io.netprove.model.k8s.SessionAffinity;
import io.netprove.model.k8s.SliceEndpoint;
import io.netprove.model.k8s.Taint;
import io.netprove.model.k8s.TaintEffect;
import io.netprove.model.k8s.TrafficPolicy;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Kubernetes objects of every kind the model has, as {@code ManifestReader} produces them (the API server's defaults
 * applied, the validation rules kept): Namespaces, Pods (sidecars, host network, host ports, status), Services of
 * the four types (headless, dual-stack, load-balancer status, affinity, traffic policies), Endpoints, EndpointSlices
 * of the three address types, Nodes (addresses, pod CIDRs, taints), NetworkPolicies (selector and ipBlock peers,
 * named ports and port ranges, egress) and Ingresses (class, rules, default and resource backends, TLS), plus
 * objects of other kinds. Labels and annotations mix plain words with values YAML would read as numbers or
 * booleans. Drawn from a seeded {@link Random}: the objects depend on one another's constraints; jqwik shrinks the
 * seed.
 */
final class ManifestObjectsGenerator {

    private static final SourceLocation AT = SourceLocation.NONE;
    private static final List<String> NAMESPACES = List.of("default", "shop", "kube-system", "a1");
    private static final List<String> NAMES = List.of("web", "db", "api", "x", "a-b", "n1", "web.v2", "0");
    private static final List<String> LABEL_KEYS = List.of("app", "tier", "app.kubernetes.io/name",
            "example.com/yes", "k8s.io/1_000", "on");
    private static final List<String> LABEL_VALUES = List.of("", "web", "yes", "1_000", "0x1F", "1e3", "true",
            "null", "1.5", "v1.2-rc_1");
    private static final List<String> ANNOTATION_VALUES = List.of("", "plain", "a: b", "# no comment", "multi\nline",
            " padded ", "{json: 1}", "caf\u00e9", "'single'", "\"double\"", "~", "- item", "yes", "0o17");
    private static final List<String> PORT_NAMES = List.of("http", "https", "dns-tcp", "m1", "a-1-b");
    private static final List<String> HOSTS = List.of("shop.example.com", "*.example.com", "a", "x-1.y.z");

    private ManifestObjectsGenerator() {
    }

    /** Generated object sets; jqwik varies (and shrinks) the seed. */
    static Arbitrary<Generated> objects() {
        return Arbitraries.longs().map(seed -> new Generated(seed, new Draw(new Random(seed)).objects()));
    }

    /** Objects with their seed; they show themselves as the written manifests when jqwik reports them. */
    record Generated(long seed, ClusterObjects objects) {
        @Override
        public String toString() {
            try {
                return "seed " + seed + ":\n" + io.netprove.grammar.k8s.ManifestWriter.write(objects);
            } catch (IllegalArgumentException e) {
                return "seed " + seed + " (unwritable: " + e.getMessage() + "): " + objects;
            }
        }
    }

    private static final class Draw {
        private final Random random;
        private final Set<String> identities = new HashSet<>();

        Draw(Random random) {
            this.random = random;
        }

        ClusterObjects objects() {
            List<KubeObject> out = new ArrayList<>();
            for (int i = random.nextInt(12); i > 0; i--) {
                KubeObject o = switch (random.nextInt(8)) {
                    case 0 -> namespace();
                    case 1 -> pod();
                    case 2 -> service();
                    case 3 -> endpoints();
                    case 4 -> slice();
                    case 5 -> node();
                    case 6 -> networkPolicy();
                    default -> ingress();
                };
                if (identities.add(o.describe())) {
                    out.add(o);
                }
            }
            List<IgnoredObject> ignored = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                ignored.add(new IgnoredObject(pick(List.of("apps/v1", "v1", "example.com/v1alpha1")),
                        pick(List.of("Deployment", "ConfigMap", "Widget")), maybe(pick(NAMESPACES)),
                        random.nextInt(4) == 0 ? Optional.empty() : Optional.of(pick(NAMES)), AT));
            }
            return ClusterObjects.of(out, ignored, List.of(), List.of("generated"));
        }

        // -------------------------------------------------------------------------------------------- metadata

        private ObjectMeta meta(boolean namespaced, boolean label) {
            String name = label ? pick(List.of("web", "db", "api", "x", "a-b", "n1", "0")) : pick(NAMES);
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                labels.put(pick(LABEL_KEYS), pick(LABEL_VALUES));
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                annotations.put(pick(LABEL_KEYS), pick(ANNOTATION_VALUES));
            }
            return new ObjectMeta(name, namespaced ? Optional.of(pick(NAMESPACES)) : Optional.empty(), labels,
                    annotations);
        }

        private Namespace namespace() {
            return new Namespace(meta(false, true), AT);
        }

        // ------------------------------------------------------------------------------------------------ pods

        private Pod pod() {
            boolean hostNetwork = random.nextInt(4) == 0;
            List<Container> containers = new ArrayList<>();
            for (int i = 1 + random.nextInt(2); i > 0; i--) {
                containers.add(container(hostNetwork, false));
            }
            for (int i = random.nextInt(2); i > 0; i--) {
                containers.add(container(hostNetwork, true));
            }
            List<IpAddress> podIPs = dualStack();
            List<IpAddress> hostIPs = dualStack();
            if (hostNetwork && !podIPs.isEmpty()) {
                hostIPs = podIPs;
            }
            Optional<PodPhase> phase = maybe(pick(List.of(PodPhase.values())));
            return new Pod(meta(true, false), AT, maybe("node-" + random.nextInt(3)), hostNetwork, podIPs, hostIPs,
                    phase, containers, maybe(pick(List.of(ConditionStatus.values()))));
        }

        private Container container(boolean hostNetwork, boolean sidecar) {
            List<ContainerPort> ports = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                int port = port();
                int hostPort = hostNetwork ? port : random.nextInt(3) == 0 ? port() : 0;
                ports.add(new ContainerPort(maybe(pick(PORT_NAMES)), port, protocol(), hostPort,
                        hostPort != 0 && random.nextBoolean() ? Optional.of(v4()) : Optional.empty()));
            }
            return new Container(pick(List.of("app", "sidecar", "istio-proxy", "c")), ports, sidecar);
        }

        // -------------------------------------------------------------------------------------------- services

        private Service service() {
            ServiceType type = pick(List.of(ServiceType.values()));
            boolean headless = type == ServiceType.CLUSTER_IP && random.nextInt(4) == 0;
            List<IpAddress> clusterIPs = headless || type == ServiceType.EXTERNAL_NAME ? List.of() : dualStack();
            List<AddressFamily> families = new ArrayList<>();
            clusterIPs.forEach(ip -> families.add(ip.family()));
            if (clusterIPs.isEmpty() && random.nextBoolean()) {
                families.add(pick(List.of(AddressFamily.values())));
            }
            List<ServicePort> ports = new ArrayList<>();
            int n = headless || type == ServiceType.EXTERNAL_NAME ? random.nextInt(3) : 1 + random.nextInt(3);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                int port = port();
                Protocol protocol = protocol();
                if (!seen.add(port + "/" + protocol)) {
                    continue;
                }
                String name = n == 1 && random.nextBoolean() ? "" : "p" + i;
                PortReference target = random.nextBoolean() ? PortReference.of(port())
                        : PortReference.of(pick(PORT_NAMES));
                boolean nodePorts = type == ServiceType.NODE_PORT || type == ServiceType.LOAD_BALANCER;
                ports.add(new ServicePort(name, protocol, port, target, nodePorts && random.nextBoolean()
                        ? 30000 + random.nextInt(2768) : 0, maybe(pick(List.of("http", "kubernetes.io/h2c")))));
            }
            List<IpAddress> externalIPs = random.nextInt(3) == 0 ? List.of(v4()) : List.of();
            boolean lb = type == ServiceType.LOAD_BALANCER;
            boolean outside = type == ServiceType.NODE_PORT || lb
                    || (type == ServiceType.CLUSTER_IP && !externalIPs.isEmpty());
            TrafficPolicy external = outside && random.nextBoolean() ? TrafficPolicy.LOCAL : TrafficPolicy.CLUSTER;
            SessionAffinity affinity = random.nextBoolean() ? SessionAffinity.CLIENT_IP : SessionAffinity.NONE;
            List<LoadBalancerIngress> lbIngress = new ArrayList<>();
            if (lb) {
                for (int i = random.nextInt(3); i > 0; i--) {
                    boolean ip = random.nextBoolean();
                    lbIngress.add(new LoadBalancerIngress(ip ? Optional.of(v4()) : Optional.empty(),
                            ip && random.nextBoolean() ? Optional.empty() : Optional.of("lb.example.com"),
                            ip ? Optional.of(pick(List.of(LoadBalancerIpMode.values())))
                                    : maybe(LoadBalancerIpMode.PROXY)));
                }
            }
            Map<String, String> selector = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                selector.put("app", pick(List.of("web", "db", "1_000")));
            }
            return new Service(meta(true, true), AT, type, clusterIPs, headless, families,
                    maybe(pick(List.of(IpFamilyPolicy.values()))), ports, selector, externalIPs,
                    lb ? maybe(v4()) : Optional.empty(), lbIngress,
                    lb && random.nextBoolean() ? List.of(prefix(AddressFamily.IPV4)) : List.of(), external,
                    random.nextBoolean() ? TrafficPolicy.LOCAL : TrafficPolicy.CLUSTER,
                    lb && external == TrafficPolicy.LOCAL && random.nextBoolean() ? 30000 + random.nextInt(2768) : 0,
                    affinity, affinity == SessionAffinity.CLIENT_IP ? 1 + random.nextInt(86400) : 0,
                    type == ServiceType.EXTERNAL_NAME ? Optional.of(pick(List.of("db.example.com", "x.y.")))
                            : Optional.empty(), random.nextBoolean(), lb && random.nextBoolean());
        }

        // ------------------------------------------------------------------------------------------- endpoints

        private Endpoints endpoints() {
            List<EndpointSubset> subsets = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                List<EndpointPort> ports = new ArrayList<>();
                for (int j = random.nextInt(3); j > 0; j--) {
                    ports.add(new EndpointPort(j == 1 ? "" : pick(PORT_NAMES), OptionalInt.of(port()), protocol(),
                            maybe("http")));
                }
                subsets.add(new EndpointSubset(endpointAddresses(), endpointAddresses(), ports));
            }
            return new Endpoints(meta(true, false), AT, subsets);
        }

        private List<EndpointAddress> endpointAddresses() {
            List<EndpointAddress> out = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                out.add(new EndpointAddress(address(), maybe("h" + i), maybe("node-1"), maybe(reference())));
            }
            return out;
        }

        private ObjectReference reference() {
            return new ObjectReference(pick(List.of("Pod", "", "Node")), maybe(pick(NAMESPACES)), pick(NAMES));
        }

        private EndpointSlice slice() {
            EndpointAddressType type = pick(List.of(EndpointAddressType.values()));
            List<SliceEndpoint> endpoints = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                List<String> addresses = new ArrayList<>();
                for (int j = 1 + random.nextInt(2); j > 0; j--) {
                    addresses.add(switch (type) {
                        case IPV4 -> v4().toString();
                        case IPV6 -> v6().toString();
                        case FQDN -> pick(List.of("db.example.com", "a", "x-1.y"));
                    });
                }
                List<String> hints = random.nextBoolean() ? List.of() : List.of("zone-a", "zone b");
                endpoints.add(new SliceEndpoint(addresses, new EndpointConditions(random.nextBoolean(),
                        random.nextBoolean(), random.nextBoolean()), maybe("host-" + i), maybe("node-2"),
                        maybe("zone-a"), maybe(reference()), hints));
            }
            List<EndpointPort> ports = new ArrayList<>();
            for (int j = random.nextInt(3); j > 0; j--) {
                ports.add(new EndpointPort(j == 1 ? "" : pick(PORT_NAMES), random.nextBoolean() ? OptionalInt.empty()
                        : OptionalInt.of(port()), protocol(), maybe("https")));
            }
            ObjectMeta m = meta(true, false);
            Map<String, String> labels = new LinkedHashMap<>(m.labels());
            labels.put(EndpointSlice.SERVICE_NAME_LABEL, pick(List.of("web", "db")));
            return new EndpointSlice(new ObjectMeta(m.name(), m.namespace(), labels, m.annotations()), AT, type,
                    endpoints, ports);
        }

        // ----------------------------------------------------------------------------------------------- nodes

        private Node node() {
            List<NodeAddress> addresses = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                NodeAddressType t = pick(List.of(NodeAddressType.values()));
                boolean ip = t == NodeAddressType.INTERNAL_IP || t == NodeAddressType.EXTERNAL_IP;
                addresses.add(new NodeAddress(t, ip ? address().toString() : "node-1.example.internal"));
            }
            List<IpPrefix> cidrs = new ArrayList<>();
            for (IpAddress a : dualStack()) {
                cidrs.add(new IpPrefix(a, a.isV4() ? 24 : 64));
            }
            List<Taint> taints = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                taints.add(new Taint(pick(LABEL_KEYS), pick(List.of("", "true", "gpu")),
                        pick(List.of(TaintEffect.values()))));
            }
            return new Node(meta(false, false), AT, addresses, cidrs, random.nextBoolean(), taints,
                    maybe(pick(List.of(ConditionStatus.values()))));
        }

        // ------------------------------------------------------------------------------------ network policies

        private NetworkPolicy networkPolicy() {
            List<NetworkPolicyRule> ingress = rules();
            List<NetworkPolicyRule> egress = rules();
            List<PolicyType> types = switch (random.nextInt(3)) {
                case 0 -> List.of(PolicyType.INGRESS);
                case 1 -> List.of(PolicyType.EGRESS);
                default -> List.of(PolicyType.INGRESS, PolicyType.EGRESS);
            };
            return new NetworkPolicy(meta(true, false), AT, selector(), types, ingress, egress);
        }

        private List<NetworkPolicyRule> rules() {
            List<NetworkPolicyRule> out = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                List<NetworkPolicyPeer> peers = new ArrayList<>();
                for (int j = random.nextInt(3); j > 0; j--) {
                    peers.add(peer());
                }
                List<NetworkPolicyPort> ports = new ArrayList<>();
                for (int j = random.nextInt(3); j > 0; j--) {
                    ports.add(policyPort());
                }
                out.add(new NetworkPolicyRule(peers, ports, AT));
            }
            return out;
        }

        private NetworkPolicyPeer peer() {
            if (random.nextInt(3) == 0) {
                AddressFamily f = pick(List.of(AddressFamily.values()));
                IpAddress a = f == AddressFamily.IPV4 ? v4() : v6();
                int length = f == AddressFamily.IPV4 ? 8 + random.nextInt(17) : 32 + random.nextInt(65);
                IpPrefix cidr = new IpPrefix(a, length);
                List<IpPrefix> except = new ArrayList<>();
                if (random.nextBoolean()) {
                    except.add(new IpPrefix(a, length + 1 + random.nextInt(4)));
                }
                return new NetworkPolicyPeer.IpBlockPeer(cidr, except);
            }
            Optional<LabelSelector> pods = random.nextBoolean() ? Optional.of(selector()) : Optional.empty();
            Optional<LabelSelector> namespaces = pods.isEmpty() || random.nextBoolean() ? Optional.of(selector())
                    : Optional.empty();
            return new NetworkPolicyPeer.SelectorPeer(pods, namespaces);
        }

        private NetworkPolicyPort policyPort() {
            return switch (random.nextInt(4)) {
                case 0 -> NetworkPolicyPort.allPorts(protocol());
                case 1 -> new NetworkPolicyPort(protocol(), Optional.of(PortReference.of(pick(PORT_NAMES))),
                        OptionalInt.empty());
                default -> {
                    int first = port();
                    OptionalInt end = random.nextBoolean() ? OptionalInt.of(first + random.nextInt(65536 - first))
                            : OptionalInt.empty();
                    yield new NetworkPolicyPort(protocol(), Optional.of(PortReference.of(first)), end);
                }
            };
        }

        private LabelSelector selector() {
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                labels.put(pick(LABEL_KEYS), pick(LABEL_VALUES));
            }
            List<LabelSelector.Requirement> requirements = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                LabelSelector.Operator op = pick(List.of(LabelSelector.Operator.values()));
                List<String> values = op.takesValues() ? List.of(pick(LABEL_VALUES), "b") : List.of();
                requirements.add(new LabelSelector.Requirement(pick(LABEL_KEYS), op, values));
            }
            return new LabelSelector(labels, requirements);
        }

        // ------------------------------------------------------------------------------------------- ingresses

        private Ingress ingress() {
            ObjectMeta m = meta(true, false);
            Optional<String> className = maybe(pick(List.of("nginx", "internal.example")));
            Map<String, String> annotations = new LinkedHashMap<>(m.annotations());
            if (random.nextInt(4) == 0) {
                annotations.put(Ingress.CLASS_ANNOTATION, className.orElse("traefik"));
            }
            List<IngressRule> rules = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                List<IngressPath> paths = new ArrayList<>();
                for (int j = random.nextInt(3); j > 0; j--) {
                    PathType type = pick(List.of(PathType.values()));
                    String path = type == PathType.IMPLEMENTATION_SPECIFIC && random.nextBoolean() ? ""
                            : pick(List.of("/", "/cart", "/a/b", "/api/v1/", "/x.y"));
                    paths.add(new IngressPath(path, type, backend()));
                }
                rules.add(new IngressRule(maybe(pick(HOSTS)), paths));
            }
            Optional<IngressBackend> fallback = rules.isEmpty() || random.nextBoolean() ? Optional.of(backend())
                    : Optional.empty();
            List<IngressTls> tls = new ArrayList<>();
            for (int i = random.nextInt(2); i > 0; i--) {
                tls.add(new IngressTls(random.nextBoolean() ? List.of() : List.of(pick(HOSTS)),
                        maybe("tls-secret")));
            }
            return new Ingress(new ObjectMeta(m.name(), m.namespace(), m.labels(), annotations), AT, className,
                    fallback, rules, tls);
        }

        private IngressBackend backend() {
            if (random.nextInt(4) == 0) {
                return new IngressBackend.ResourceBackend(maybe("storage.example.com"), "Bucket", "assets");
            }
            return new IngressBackend.ServiceBackend(pick(List.of("web", "db", "a-1")), random.nextBoolean()
                    ? PortReference.of(port()) : PortReference.of(pick(PORT_NAMES)));
        }

        // ----------------------------------------------------------------------------------------- small parts

        private Protocol protocol() {
            return pick(List.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP));
        }

        private int port() {
            return random.nextInt(4) == 0 ? 1 + random.nextInt(65535) : pick(List.of(53, 80, 443, 8080, 65535, 1));
        }

        private IpAddress v4() {
            return IpAddress.v4(pick(List.of(0x0a000000L, 0xc0a80000L, 0xcb007100L)) + random.nextInt(1 << 16));
        }

        private IpAddress v6() {
            return IpAddress.v6(pick(List.of(0xfd00000000000000L, 0x20010db800000000L)), random.nextInt(1 << 16));
        }

        private IpAddress address() {
            return random.nextBoolean() ? v4() : v6();
        }

        /** No address, one of either family, or one of each family in either order. */
        private List<IpAddress> dualStack() {
            return switch (random.nextInt(4)) {
                case 0 -> List.of();
                case 1 -> List.of(address());
                case 2 -> List.of(v4(), v6());
                default -> List.of(v6(), v4());
            };
        }

        private IpPrefix prefix(AddressFamily f) {
            return f == AddressFamily.IPV4 ? new IpPrefix(v4(), 8 + random.nextInt(25))
                    : new IpPrefix(v6(), 16 + random.nextInt(113));
        }

        private <T> Optional<T> maybe(T value) {
            return random.nextBoolean() ? Optional.of(value) : Optional.empty();
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }
    }
}
