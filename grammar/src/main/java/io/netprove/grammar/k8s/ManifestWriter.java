package io.netprove.grammar.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.ConditionStatus;
import io.netprove.model.k8s.Container;
import io.netprove.model.k8s.ContainerPort;
import io.netprove.model.k8s.EndpointAddress;
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
import io.netprove.model.k8s.KubeKind;
import io.netprove.model.k8s.KubeObject;
import io.netprove.model.k8s.LabelSelector;
import io.netprove.model.k8s.LoadBalancerIngress;
import io.netprove.model.k8s.Namespace;
import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.NetworkPolicyPeer;
import io.netprove.model.k8s.NetworkPolicyPort;
import io.netprove.model.k8s.NetworkPolicyRule;
import io.netprove.model.k8s.Node;
import io.netprove.model.k8s.NodeAddress;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.k8s.ObjectReference;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.k8s.ServiceType;
import io.netprove.model.k8s.SessionAffinity;
import io.netprove.model.k8s.SliceEndpoint;
import io.netprove.model.k8s.Taint;
import io.netprove.model.k8s.TrafficPolicy;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link ClusterObjects} as YAML manifests (one document per object, {@code ---} between them) that
 * {@link ManifestReader} reads back into the same objects, source locations aside: Namespaces, Pods, Services,
 * Endpoints, EndpointSlices, Nodes, NetworkPolicies and Ingresses with every field the model keeps, and the
 * objects the reader left aside as stubs of their apiVersion, kind, namespace and name (the model keeps nothing
 * else of them). Defaults the reader applies are written out explicitly. The warnings and the list of files read
 * are not written.
 *
 * <p>A model the reader could not have produced, such as a sidecar container before a main one, a node port
 * allocation flag on a Service that is not a LoadBalancer, or a load-balancer IP without its ipMode, has no
 * manifest: it is refused with an {@link IllegalArgumentException} that says what.
 */
public final class ManifestWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Reads a plain scalar the way the reader's YAML parser does, to tell which strings need quotes. */
    private static final YAMLFactory PLAIN = new YAMLFactory();
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .stringQuotingChecker(new QuoteUnlessPlainReadsBack())
            .build());

    private ManifestWriter() {
    }

    /**
     * Every object, kind by kind in the order of {@link ClusterObjects#all()}, then the ignored objects; no objects
     * at all is the empty text.
     */
    public static String write(ClusterObjects objects) {
        if (objects.all().isEmpty() && objects.ignored().isEmpty()) {
            return "";
        }
        StringWriter out = new StringWriter();
        try (SequenceWriter documents = YAML.writer().writeValues(out)) {
            for (KubeObject o : objects.all()) {
                documents.write(object(o));
            }
            for (IgnoredObject o : objects.ignored()) {
                documents.write(ignored(o));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** One object as a JSON tree (the YAML document's content). */
    public static ObjectNode object(KubeObject o) {
        ObjectNode root = header(o.kind(), o.metadata());
        if (o instanceof Namespace) {
            return root;
        }
        if (o instanceof Pod p) {
            pod(root, p);
        } else if (o instanceof Service s) {
            service(root, s);
        } else if (o instanceof Endpoints e) {
            endpoints(root, e);
        } else if (o instanceof EndpointSlice s) {
            slice(root, s);
        } else if (o instanceof Node n) {
            node(root, n);
        } else if (o instanceof NetworkPolicy p) {
            networkPolicy(root, p);
        } else {
            ingress(root, (Ingress) o);
        }
        return root;
    }

    private static ObjectNode header(KubeKind kind, ObjectMeta meta) {
        ObjectNode root = NODES.objectNode();
        root.put("apiVersion", kind.group().isEmpty() ? "v1" : kind.group() + "/v1");
        root.put("kind", kind.apiName());
        ObjectNode m = root.putObject("metadata");
        m.put("name", meta.name());
        meta.namespace().ifPresent(ns -> m.put("namespace", ns));
        if (!meta.labels().isEmpty()) {
            m.set("labels", strings(meta.labels()));
        }
        if (!meta.annotations().isEmpty()) {
            m.set("annotations", strings(meta.annotations()));
        }
        return root;
    }

    private static ObjectNode ignored(IgnoredObject o) {
        ObjectNode root = NODES.objectNode();
        root.put("apiVersion", o.apiVersion());
        root.put("kind", o.kind());
        if (o.name().isPresent() || o.namespace().isPresent()) {
            ObjectNode m = root.putObject("metadata");
            o.name().ifPresent(n -> m.put("name", n));
            o.namespace().ifPresent(ns -> m.put("namespace", ns));
        }
        return root;
    }

    // ---------------------------------------------------------------------------------------------------- pods

    private static void pod(ObjectNode root, Pod p) {
        ObjectNode spec = root.putObject("spec");
        p.nodeName().ifPresent(n -> spec.put("nodeName", n));
        if (p.hostNetwork()) {
            spec.put("hostNetwork", true);
        }
        ArrayNode main = spec.putArray("containers");
        ArrayNode sidecars = NODES.arrayNode();
        for (Container c : p.containers()) {
            if (!c.sidecar() && !sidecars.isEmpty()) {
                throw unwritable("a sidecar container before a main one (the reader lists main containers first)",
                        p);
            }
            (c.sidecar() ? sidecars : main).add(container(c, p));
        }
        if (main.isEmpty()) {
            throw unwritable("a Pod without a main container", p);
        }
        if (!sidecars.isEmpty()) {
            spec.set("initContainers", sidecars);
        }
        if (p.podIPs().isEmpty() && p.hostIPs().isEmpty() && p.phase().isEmpty() && p.ready().isEmpty()) {
            return;
        }
        ObjectNode status = root.putObject("status");
        p.phase().ifPresent(ph -> status.put("phase", ph.apiName()));
        ips(status, "hostIP", "hostIPs", p.hostIPs());
        ips(status, "podIP", "podIPs", p.podIPs());
        p.ready().ifPresent(r -> readyCondition(status, r));
    }

    private static ObjectNode container(Container c, Pod p) {
        ObjectNode out = NODES.objectNode();
        out.put("name", c.name());
        if (c.sidecar()) {
            out.put("restartPolicy", "Always");
        }
        if (c.ports().isEmpty()) {
            return out;
        }
        ArrayNode ports = out.putArray("ports");
        for (ContainerPort cp : c.ports()) {
            if (p.hostNetwork() && cp.hostPort() != cp.containerPort()) {
                throw unwritable("a host-network Pod's port whose hostPort is not its containerPort", p);
            }
            ObjectNode port = ports.addObject();
            cp.name().ifPresent(n -> port.put("name", n));
            port.put("containerPort", cp.containerPort());
            port.put("protocol", protocol(cp.protocol()));
            if (cp.hostPort() != 0) {
                port.put("hostPort", cp.hostPort());
            }
            cp.hostIP().ifPresent(ip -> port.put("hostIP", ip.toString()));
        }
        return out;
    }

    /** {@code singular: first} and {@code plural: [{ip: ...}, ...]}. */
    private static void ips(ObjectNode status, String singular, String plural, List<IpAddress> ips) {
        if (ips.isEmpty()) {
            return;
        }
        status.put(singular, ips.get(0).toString());
        ArrayNode all = status.putArray(plural);
        for (IpAddress ip : ips) {
            all.addObject().put("ip", ip.toString());
        }
    }

    private static void readyCondition(ObjectNode status, ConditionStatus ready) {
        ObjectNode c = status.putArray("conditions").addObject();
        c.put("type", "Ready");
        c.put("status", ready.apiName());
    }

    // ------------------------------------------------------------------------------------------------ services

    private static void service(ObjectNode root, Service s) {
        ObjectNode spec = root.putObject("spec");
        spec.put("type", s.type().apiName());
        if (s.headless()) {
            spec.put("clusterIP", "None");
        } else if (!s.clusterIPs().isEmpty()) {
            spec.put("clusterIP", s.clusterIPs().get(0).toString());
            spec.set("clusterIPs", addresses(s.clusterIPs()));
        }
        if (s.ipFamilies().isEmpty() && !s.clusterIPs().isEmpty()) {
            throw unwritable("cluster IPs without IP families (the reader takes the families of the IPs)", s);
        }
        if (!s.ipFamilies().isEmpty()) {
            ArrayNode families = spec.putArray("ipFamilies");
            for (AddressFamily f : s.ipFamilies()) {
                families.add(f == AddressFamily.IPV4 ? "IPv4" : "IPv6");
            }
        }
        s.ipFamilyPolicy().ifPresent(p -> spec.put("ipFamilyPolicy", p.apiName()));
        if (s.ports().size() > 1 && s.ports().stream().anyMatch(p -> p.name().isEmpty())) {
            throw unwritable("an unnamed port among several", s);
        }
        if (!s.ports().isEmpty()) {
            ArrayNode ports = spec.putArray("ports");
            for (ServicePort p : s.ports()) {
                ObjectNode port = ports.addObject();
                if (!p.name().isEmpty()) {
                    port.put("name", p.name());
                }
                port.put("protocol", protocol(p.protocol()));
                port.put("port", p.port());
                portReference(port, "targetPort", p.targetPort());
                if (p.nodePort() != 0) {
                    port.put("nodePort", p.nodePort());
                }
                p.appProtocol().ifPresent(a -> port.put("appProtocol", a));
            }
        }
        if (!s.selector().isEmpty()) {
            spec.set("selector", strings(s.selector()));
        }
        if (!s.externalIPs().isEmpty()) {
            spec.set("externalIPs", addresses(s.externalIPs()));
        }
        s.loadBalancerIP().ifPresent(ip -> spec.put("loadBalancerIP", ip.toString()));
        if (!s.loadBalancerSourceRanges().isEmpty()) {
            spec.set("loadBalancerSourceRanges", prefixes(s.loadBalancerSourceRanges()));
        }
        if (s.externallyAccessible()) {
            spec.put("externalTrafficPolicy", s.externalTrafficPolicy().apiName());
        } else if (s.externalTrafficPolicy() != TrafficPolicy.CLUSTER) {
            throw unwritable("externalTrafficPolicy Local on a Service not reachable from outside", s);
        }
        spec.put("internalTrafficPolicy", s.internalTrafficPolicy().apiName());
        if (s.healthCheckNodePort() != 0) {
            spec.put("healthCheckNodePort", s.healthCheckNodePort());
        }
        spec.put("sessionAffinity", s.sessionAffinity().apiName());
        if (s.sessionAffinity() == SessionAffinity.CLIENT_IP) {
            spec.putObject("sessionAffinityConfig").putObject("clientIP")
                    .put("timeoutSeconds", s.sessionAffinityTimeoutSeconds());
        } else if (s.sessionAffinityTimeoutSeconds() != 0) {
            throw unwritable("an affinity timeout without ClientIP affinity", s);
        }
        s.externalName().ifPresent(n -> spec.put("externalName", n));
        if (s.publishNotReadyAddresses()) {
            spec.put("publishNotReadyAddresses", true);
        }
        if (s.type() == ServiceType.LOAD_BALANCER) {
            spec.put("allocateLoadBalancerNodePorts", s.allocateLoadBalancerNodePorts());
        } else if (s.allocateLoadBalancerNodePorts()) {
            throw unwritable("allocateLoadBalancerNodePorts on a Service of type " + s.type().apiName(), s);
        }
        if (s.loadBalancerIngress().isEmpty()) {
            return;
        }
        ArrayNode ingress = root.putObject("status").putObject("loadBalancer").putArray("ingress");
        for (LoadBalancerIngress i : s.loadBalancerIngress()) {
            if (i.ip().isPresent() && i.ipMode().isEmpty()) {
                throw unwritable("a load-balancer IP without its ipMode (the reader defaults it to VIP)", s);
            }
            ObjectNode entry = ingress.addObject();
            i.ip().ifPresent(ip -> entry.put("ip", ip.toString()));
            i.hostname().ifPresent(h -> entry.put("hostname", h));
            i.ipMode().ifPresent(m -> entry.put("ipMode", m.apiName()));
        }
    }

    // ----------------------------------------------------------------------------------------------- endpoints

    private static void endpoints(ObjectNode root, Endpoints e) {
        if (e.subsets().isEmpty()) {
            return;
        }
        ArrayNode subsets = root.putArray("subsets");
        for (EndpointSubset s : e.subsets()) {
            ObjectNode subset = subsets.addObject();
            endpointAddresses(subset, "addresses", s.addresses());
            endpointAddresses(subset, "notReadyAddresses", s.notReadyAddresses());
            if (!s.ports().isEmpty()) {
                ArrayNode ports = subset.putArray("ports");
                for (EndpointPort p : s.ports()) {
                    ports.add(endpointPort(p));
                }
            }
        }
    }

    private static void endpointAddresses(ObjectNode subset, String key, List<EndpointAddress> addresses) {
        if (addresses.isEmpty()) {
            return;
        }
        ArrayNode out = subset.putArray(key);
        for (EndpointAddress a : addresses) {
            ObjectNode address = out.addObject();
            address.put("ip", a.ip().toString());
            a.hostname().ifPresent(h -> address.put("hostname", h));
            a.nodeName().ifPresent(n -> address.put("nodeName", n));
            a.targetRef().ifPresent(r -> address.set("targetRef", reference(r)));
        }
    }

    private static ObjectNode endpointPort(EndpointPort p) {
        ObjectNode port = NODES.objectNode();
        if (!p.name().isEmpty()) {
            port.put("name", p.name());
        }
        p.port().ifPresent(n -> port.put("port", n));
        port.put("protocol", protocol(p.protocol()));
        p.appProtocol().ifPresent(a -> port.put("appProtocol", a));
        return port;
    }

    private static ObjectNode reference(ObjectReference r) {
        ObjectNode ref = NODES.objectNode();
        ref.put("kind", r.kind());
        r.namespace().ifPresent(ns -> ref.put("namespace", ns));
        ref.put("name", r.name());
        return ref;
    }

    private static void slice(ObjectNode root, EndpointSlice s) {
        root.put("addressType", s.addressType().apiName());
        ArrayNode endpoints = root.putArray("endpoints");
        for (SliceEndpoint e : s.endpoints()) {
            ObjectNode endpoint = endpoints.addObject();
            ArrayNode addresses = endpoint.putArray("addresses");
            e.addresses().forEach(addresses::add);
            ObjectNode conditions = endpoint.putObject("conditions");
            conditions.put("ready", e.conditions().ready());
            conditions.put("serving", e.conditions().serving());
            conditions.put("terminating", e.conditions().terminating());
            e.hostname().ifPresent(h -> endpoint.put("hostname", h));
            e.nodeName().ifPresent(n -> endpoint.put("nodeName", n));
            e.zone().ifPresent(z -> endpoint.put("zone", z));
            e.targetRef().ifPresent(r -> endpoint.set("targetRef", reference(r)));
            if (!e.zoneHints().isEmpty()) {
                ArrayNode zones = endpoint.putObject("hints").putArray("forZones");
                e.zoneHints().forEach(z -> zones.addObject().put("name", z));
            }
        }
        ArrayNode ports = root.putArray("ports");
        for (EndpointPort p : s.ports()) {
            ports.add(endpointPort(p));
        }
    }

    // --------------------------------------------------------------------------------------------------- nodes

    private static void node(ObjectNode root, Node n) {
        ObjectNode spec = root.putObject("spec");
        if (!n.podCIDRs().isEmpty()) {
            spec.put("podCIDR", n.podCIDRs().get(0).toString());
            spec.set("podCIDRs", prefixes(n.podCIDRs()));
        }
        if (n.unschedulable()) {
            spec.put("unschedulable", true);
        }
        if (!n.taints().isEmpty()) {
            ArrayNode taints = spec.putArray("taints");
            for (Taint t : n.taints()) {
                ObjectNode taint = taints.addObject();
                taint.put("key", t.key());
                if (!t.value().isEmpty()) {
                    taint.put("value", t.value());
                }
                taint.put("effect", t.effect().apiName());
            }
        }
        if (n.addresses().isEmpty() && n.ready().isEmpty()) {
            return;
        }
        ObjectNode status = root.putObject("status");
        if (!n.addresses().isEmpty()) {
            ArrayNode addresses = status.putArray("addresses");
            for (NodeAddress a : n.addresses()) {
                ObjectNode address = addresses.addObject();
                address.put("type", a.type().apiName());
                address.put("address", a.address());
            }
        }
        n.ready().ifPresent(r -> readyCondition(status, r));
    }

    // ----------------------------------------------------------------------------------------- network policies

    private static void networkPolicy(ObjectNode root, NetworkPolicy p) {
        ObjectNode spec = root.putObject("spec");
        spec.set("podSelector", selector(p.podSelector()));
        ArrayNode types = spec.putArray("policyTypes");
        for (PolicyType t : p.policyTypes()) {
            types.add(t.apiName());
        }
        rules(spec, "ingress", "from", p.ingress());
        rules(spec, "egress", "to", p.egress());
    }

    private static void rules(ObjectNode spec, String key, String peersKey, List<NetworkPolicyRule> rules) {
        if (rules.isEmpty()) {
            return;
        }
        ArrayNode out = spec.putArray(key);
        for (NetworkPolicyRule r : rules) {
            ObjectNode rule = out.addObject();
            if (!r.peers().isEmpty()) {
                ArrayNode peers = rule.putArray(peersKey);
                for (NetworkPolicyPeer peer : r.peers()) {
                    peers.add(peer(peer));
                }
            }
            if (!r.ports().isEmpty()) {
                ArrayNode ports = rule.putArray("ports");
                for (NetworkPolicyPort port : r.ports()) {
                    ObjectNode p = ports.addObject();
                    p.put("protocol", protocol(port.protocol()));
                    port.port().ifPresent(ref -> portReference(p, "port", ref));
                    port.endPort().ifPresent(end -> p.put("endPort", end));
                }
            }
        }
    }

    private static ObjectNode peer(NetworkPolicyPeer peer) {
        ObjectNode out = NODES.objectNode();
        if (peer instanceof NetworkPolicyPeer.IpBlockPeer b) {
            ObjectNode block = out.putObject("ipBlock");
            block.put("cidr", b.cidr().toString());
            if (!b.except().isEmpty()) {
                block.set("except", prefixes(b.except()));
            }
            return out;
        }
        NetworkPolicyPeer.SelectorPeer s = (NetworkPolicyPeer.SelectorPeer) peer;
        s.podSelector().ifPresent(sel -> out.set("podSelector", selector(sel)));
        s.namespaceSelector().ifPresent(sel -> out.set("namespaceSelector", selector(sel)));
        return out;
    }

    private static ObjectNode selector(LabelSelector s) {
        ObjectNode out = NODES.objectNode();
        if (!s.matchLabels().isEmpty()) {
            out.set("matchLabels", strings(s.matchLabels()));
        }
        if (!s.matchExpressions().isEmpty()) {
            ArrayNode expressions = out.putArray("matchExpressions");
            for (LabelSelector.Requirement r : s.matchExpressions()) {
                ObjectNode e = expressions.addObject();
                e.put("key", r.key());
                e.put("operator", r.operator().apiName());
                if (!r.values().isEmpty()) {
                    ArrayNode values = e.putArray("values");
                    r.values().forEach(values::add);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ ingresses

    private static void ingress(ObjectNode root, Ingress i) {
        ObjectNode spec = root.putObject("spec");
        i.ingressClassName().ifPresent(c -> spec.put("ingressClassName", c));
        i.defaultBackend().ifPresent(b -> spec.set("defaultBackend", backend(b)));
        if (!i.rules().isEmpty()) {
            ArrayNode rules = spec.putArray("rules");
            for (IngressRule r : i.rules()) {
                ObjectNode rule = rules.addObject();
                r.host().ifPresent(h -> rule.put("host", h));
                if (r.paths().isEmpty()) {
                    continue;
                }
                ArrayNode paths = rule.putObject("http").putArray("paths");
                for (IngressPath p : r.paths()) {
                    ObjectNode path = paths.addObject();
                    if (!p.path().isEmpty()) {
                        path.put("path", p.path());
                    }
                    path.put("pathType", p.pathType().apiName());
                    path.set("backend", backend(p.backend()));
                }
            }
        }
        if (!i.tls().isEmpty()) {
            ArrayNode tls = spec.putArray("tls");
            for (IngressTls t : i.tls()) {
                ObjectNode entry = tls.addObject();
                if (!t.hosts().isEmpty()) {
                    ArrayNode hosts = entry.putArray("hosts");
                    t.hosts().forEach(hosts::add);
                }
                t.secretName().ifPresent(s -> entry.put("secretName", s));
            }
        }
    }

    private static ObjectNode backend(IngressBackend b) {
        ObjectNode out = NODES.objectNode();
        if (b instanceof IngressBackend.ResourceBackend r) {
            ObjectNode resource = out.putObject("resource");
            r.apiGroup().ifPresent(g -> resource.put("apiGroup", g));
            resource.put("kind", r.kind());
            resource.put("name", r.name());
            return out;
        }
        IngressBackend.ServiceBackend s = (IngressBackend.ServiceBackend) b;
        ObjectNode service = out.putObject("service");
        service.put("name", s.serviceName());
        ObjectNode port = service.putObject("port");
        if (s.port() instanceof PortReference.Numbered n) {
            port.put("number", n.number());
        } else {
            port.put("name", ((PortReference.Named) s.port()).name());
        }
        return out;
    }

    // --------------------------------------------------------------------------------------------- small parts

    private static String protocol(Protocol p) {
        if (p.equals(Protocol.TCP) || p.equals(Protocol.UDP) || p.equals(Protocol.SCTP)) {
            return p.name().toUpperCase(java.util.Locale.ROOT);
        }
        throw new IllegalArgumentException("Kubernetes has no protocol " + p + ": expected TCP, UDP or SCTP");
    }

    private static void portReference(ObjectNode parent, String key, PortReference ref) {
        if (ref instanceof PortReference.Numbered n) {
            parent.put(key, n.number());
        } else {
            parent.put(key, ((PortReference.Named) ref).name());
        }
    }

    private static ObjectNode strings(Map<String, String> map) {
        ObjectNode out = NODES.objectNode();
        map.forEach(out::put);
        return out;
    }

    private static ArrayNode addresses(List<IpAddress> ips) {
        ArrayNode out = NODES.arrayNode();
        ips.forEach(ip -> out.add(ip.toString()));
        return out;
    }

    private static ArrayNode prefixes(List<IpPrefix> prefixes) {
        ArrayNode out = NODES.arrayNode();
        prefixes.forEach(p -> out.add(p.toString()));
        return out;
    }

    /**
     * Jackson's quoting rules, plus: a string is quoted whenever the parser would not read it back, unquoted, as the
     * same string (Jackson leaves {@code 0x1F} or {@code 1_000} plain, which YAML 1.1 reads as numbers).
     */
    private static final class QuoteUnlessPlainReadsBack extends StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || !readsBackPlain(value);
        }

        private static boolean readsBackPlain(String value) {
            try (JsonParser p = PLAIN.createParser(value)) {
                return p.nextToken() == JsonToken.VALUE_STRING && p.getText().equals(value) && p.nextToken() == null;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
    }

    private static IllegalArgumentException unwritable(String what, KubeObject o) {
        return new IllegalArgumentException("no manifest reads back as " + what + ": " + o.describe());
    }
}
