package io.netprove.model.k8s;

import io.netprove.model.netfilter.Diagnostic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Everything read from a set of manifests: the modelled objects by kind (each list in reading order), the objects
 * of other kinds that were left aside, the warnings raised while reading, and the files read. Lookups scan the
 * lists; callers that query in loops over large clusters should build their own index.
 */
public record ClusterObjects(List<Namespace> namespaces, List<Pod> pods, List<Service> services,
                             List<Endpoints> endpoints, List<EndpointSlice> endpointSlices, List<Node> nodes,
                             List<NetworkPolicy> networkPolicies, List<Ingress> ingresses,
                             List<IgnoredObject> ignored, List<Diagnostic> diagnostics, List<String> sources) {

    public static final ClusterObjects EMPTY = of(List.of(), List.of(), List.of(), List.of());

    public ClusterObjects {
        namespaces = List.copyOf(namespaces);
        pods = List.copyOf(pods);
        services = List.copyOf(services);
        endpoints = List.copyOf(endpoints);
        endpointSlices = List.copyOf(endpointSlices);
        nodes = List.copyOf(nodes);
        networkPolicies = List.copyOf(networkPolicies);
        ingresses = List.copyOf(ingresses);
        ignored = List.copyOf(ignored);
        diagnostics = List.copyOf(diagnostics);
        sources = List.copyOf(sources);
    }

    /** Sorts {@code objects} (in reading order) into the per-kind lists. */
    public static ClusterObjects of(List<? extends KubeObject> objects, List<IgnoredObject> ignored,
                                    List<Diagnostic> diagnostics, List<String> sources) {
        List<Namespace> namespaces = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        List<Endpoints> endpoints = new ArrayList<>();
        List<EndpointSlice> slices = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        List<NetworkPolicy> policies = new ArrayList<>();
        List<Ingress> ingresses = new ArrayList<>();
        for (KubeObject o : objects) {
            switch (o.kind()) {
                case NAMESPACE -> namespaces.add((Namespace) o);
                case POD -> pods.add((Pod) o);
                case SERVICE -> services.add((Service) o);
                case ENDPOINTS -> endpoints.add((Endpoints) o);
                case ENDPOINT_SLICE -> slices.add((EndpointSlice) o);
                case NODE -> nodes.add((Node) o);
                case NETWORK_POLICY -> policies.add((NetworkPolicy) o);
                case INGRESS -> ingresses.add((Ingress) o);
                default -> throw new IllegalStateException("unhandled kind " + o.kind());
            }
        }
        return new ClusterObjects(namespaces, pods, services, endpoints, slices, nodes, policies, ingresses,
                ignored, diagnostics, sources);
    }

    /** Every modelled object, kind by kind in {@link KubeKind} order. */
    public List<KubeObject> all() {
        List<KubeObject> out = new ArrayList<>();
        out.addAll(namespaces);
        out.addAll(pods);
        out.addAll(services);
        out.addAll(endpoints);
        out.addAll(endpointSlices);
        out.addAll(nodes);
        out.addAll(networkPolicies);
        out.addAll(ingresses);
        return out;
    }

    public Optional<Namespace> namespace(String name) {
        return find(namespaces, "", name);
    }

    /**
     * The labels of namespace {@code name}: those of its Namespace object, or, when no manifest describes it but
     * some object lives in it, the one label every namespace has ({@value Namespace#NAME_LABEL}). Empty when the
     * namespace is unknown altogether.
     */
    public Optional<Map<String, String>> namespaceLabels(String name) {
        Optional<Namespace> ns = namespace(name);
        if (ns.isPresent()) {
            return Optional.of(ns.get().labels());
        }
        return namespaceNames().contains(name) ? Optional.of(Namespace.implicitLabels(name)) : Optional.empty();
    }

    /** The names of all namespaces: those described and those some object lives in, sorted. */
    public List<String> namespaceNames() {
        TreeSet<String> names = new TreeSet<>();
        for (Namespace n : namespaces) {
            names.add(n.name());
        }
        for (KubeObject o : all()) {
            if (o.kind().namespaced()) {
                names.add(o.namespace());
            }
        }
        return List.copyOf(names);
    }

    public Optional<Service> service(String namespace, String name) {
        return find(services, namespace, name);
    }

    public Optional<Pod> pod(String namespace, String name) {
        return find(pods, namespace, name);
    }

    public Optional<Node> node(String name) {
        return find(nodes, "", name);
    }

    public List<Pod> podsInNamespace(String namespace) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : pods) {
            if (p.namespace().equals(namespace)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The pods {@code service}'s selector picks (none for a service without a selector). */
    public List<Pod> podsSelectedBy(Service service) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : pods) {
            if (service.selects(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The pods scheduled on node {@code nodeName}. */
    public List<Pod> podsOnNode(String nodeName) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : pods) {
            if (p.nodeName().isPresent() && p.nodeName().get().equals(nodeName)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The EndpointSlices labelled as belonging to service {@code namespace/name}. */
    public List<EndpointSlice> endpointSlicesOf(String namespace, String name) {
        List<EndpointSlice> out = new ArrayList<>();
        for (EndpointSlice s : endpointSlices) {
            if (s.namespace().equals(namespace) && s.serviceName().filter(name::equals).isPresent()) {
                out.add(s);
            }
        }
        return out;
    }

    public List<EndpointSlice> endpointSlicesOf(Service service) {
        return endpointSlicesOf(service.namespace(), service.name());
    }

    /** The Endpoints object of service {@code namespace/name} (same namespace and name). */
    public Optional<Endpoints> endpointsOf(String namespace, String name) {
        return find(endpoints, namespace, name);
    }

    public List<NetworkPolicy> networkPoliciesIn(String namespace) {
        List<NetworkPolicy> out = new ArrayList<>();
        for (NetworkPolicy p : networkPolicies) {
            if (p.namespace().equals(namespace)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The policies that apply to {@code pod}. */
    public List<NetworkPolicy> networkPoliciesFor(Pod pod) {
        List<NetworkPolicy> out = new ArrayList<>();
        for (NetworkPolicy p : networkPolicies) {
            if (p.appliesTo(pod.namespace(), pod.labels())) {
                out.add(p);
            }
        }
        return out;
    }

    private static <T extends KubeObject> Optional<T> find(List<T> list, String namespace, String name) {
        for (T o : list) {
            if (o.name().equals(name) && o.namespace().equals(namespace)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
