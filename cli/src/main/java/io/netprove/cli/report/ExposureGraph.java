package io.netprove.cli.report;

import io.netprove.model.k8s.Ingress;
import io.netprove.model.k8s.IngressBackend;
import io.netprove.model.k8s.IngressPath;
import io.netprove.model.k8s.IngressRule;
import io.netprove.model.k8s.Pod;
import io.netprove.model.net.IpAddress;
import io.netprove.model.verdict.Witness;
import io.netprove.verifier.check.ClusterContext;
import io.netprove.verifier.check.ExposureMatrix;
import io.netprove.verifier.cluster.ServiceEndpoint;
import io.netprove.verifier.cluster.ServicePortView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Who can get in, and through what: zones, then the frontends that take outside traffic (node ports, load-balancer
 * IPs, external IPs, Ingress hosts and paths), then services, then their pods. Frontend, service and pod edges come from the manifests. An
 * edge from a zone is evidence from the matrix: it goes to the frontend the witness packet of a REACHABLE cell used
 * (other frontends of that service may or may not work for the zone), or straight to the service, dashed, for an
 * UNKNOWN cell. A ClusterIP frontend appears only when a witness used it.
 */
public record ExposureGraph(List<Node> nodes, List<Edge> edges) {

    /** The four columns, left to right. */
    public enum Kind { ZONE, FRONTEND, SERVICE, POD }

    /** A box: a stable id (for DOT and the page), its column, its label and a longer text for tooltips. */
    public record Node(String id, Kind kind, String label, String detail) {
        public Node {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** An arrow; {@code evidence} is "witness", "unknown" or "manifest". */
    public record Edge(String from, String to, String evidence, String detail) {
        public Edge {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(evidence, "evidence");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public ExposureGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** The nodes of one column, in drawing order. */
    public List<Node> column(Kind kind) {
        return nodes.stream().filter(n -> n.kind() == kind).toList();
    }

    /** Builds the graph of a checked cluster from its matrix. */
    public static ExposureGraph of(ClusterContext ctx, ExposureMatrix.Matrix matrix) {
        Builder b = new Builder();
        for (String z : matrix.zones()) {
            String detail = ctx.intent().zone(z).map(d -> "zone " + z + " = " + d.expr()).orElse("zone " + z);
            b.node("zone:" + z, Kind.ZONE, z, detail);
        }
        Map<String, IpAddress> nodeAddr = new LinkedHashMap<>();
        for (ClusterContext.NodeInfo n : ctx.nodes()) {
            n.addresses().forEach(a -> nodeAddr.putIfAbsent(a.toString(), a));
        }
        Map<String, Pod> podsByIp = new HashMap<>();
        for (Pod p : ctx.objects().pods()) {
            if (!p.hostNetwork()) {
                p.podIPs().forEach(a -> podsByIp.putIfAbsent(a.toString(), p));
            }
        }
        List<ServicePortView> views = ctx.services().ports();
        for (String service : matrix.services()) {
            String sid = "svc:" + service;
            b.node(sid, Kind.SERVICE, service, "service " + service);
            for (ServicePortView v : views) {
                if (!(v.namespace() + "/" + v.name()).equals(service)) {
                    continue;
                }
                String proto = v.port().protocol().toString().toLowerCase(Locale.ROOT);
                if (v.hasNodePort()) {
                    String id = "nodeport:" + proto + ":" + v.port().nodePort();
                    b.node(id, Kind.FRONTEND, "NodePort " + v.port().nodePort() + "/" + proto,
                            "node port " + v.port().nodePort() + "/" + proto + " on every node's addresses ("
                                    + nodeAddr.size() + ")");
                    b.edge(id, sid, "manifest", v.key());
                }
                for (IpAddress a : v.loadBalancerIPs()) {
                    String id = "lb:" + proto + ":" + a.withPort(v.port().port());
                    b.node(id, Kind.FRONTEND, "LB " + a.withPort(v.port().port()), "load-balancer IP of " + v.key());
                    b.edge(id, sid, "manifest", v.key());
                }
                for (IpAddress a : v.externalIPs()) {
                    String id = "ext:" + proto + ":" + a.withPort(v.port().port());
                    b.node(id, Kind.FRONTEND, "external " + a.withPort(v.port().port()), "external IP of " + v.key());
                    b.edge(id, sid, "manifest", v.key());
                }
                for (ServiceEndpoint e : v.endpoints()) {
                    Pod p = podsByIp.get(e.address().toString());
                    String pid = p != null ? "pod:" + p.metadata().namespace().orElse("default") + "/"
                            + p.metadata().name() : "ip:" + e.address();
                    String label = p != null ? p.metadata().namespace().orElse("default") + "/" + p.metadata().name()
                            : e.address().toString();
                    b.node(pid, Kind.POD, label, (p != null ? "pod " + label + " at " : "endpoint ") + e.address()
                            + (e.node() == null || e.node().isEmpty() ? "" : " on " + e.node())
                            + (e.ready() ? "" : " (not ready)"));
                    b.edge(sid, pid, "manifest", v.key() + " -> " + e.text());
                }
            }
        }
        for (Ingress ing : ctx.objects().ingresses()) {
            String ns = ing.metadata().namespace().orElse("default");
            String name = ns + "/" + ing.metadata().name();
            for (IngressRule r : ing.rules()) {
                for (IngressPath path : r.paths()) {
                    ingressFrontend(b, matrix, name, ns, r.host().orElse("*"), path.path(), path.backend());
                }
            }
            ing.defaultBackend().ifPresent(d -> ingressFrontend(b, matrix, name, ns, "*", "(default)", d));
        }
        for (ExposureMatrix.Cell c : matrix.cells()) {
            String zid = "zone:" + c.zone();
            String sid = "svc:" + c.service();
            switch (c.verdict().status()) {
                case VIOLATED -> {
                    Witness w = c.verdict().witnesses().isEmpty() ? null : c.verdict().witnesses().get(0);
                    String fid = w == null ? null : frontend(b, views, c.service(), w, nodeAddr);
                    String detail = w == null ? c.zone() + " reaches " + c.service()
                            : c.zone() + " reaches " + c.service() + ": " + w.packet() + " on " + w.node();
                    b.edge(zid, fid == null ? sid : fid, "witness", detail);
                }
                case UNKNOWN -> b.edge(zid, sid, "unknown", c.zone() + " to " + c.service() + ": "
                        + c.verdict().summary());
                default -> {
                }
            }
        }
        return b.build();
    }

    /** An Ingress host and path as a frontend of the service it routes to, when that service is in the matrix. */
    private static void ingressFrontend(Builder b, ExposureMatrix.Matrix matrix, String ingress, String ns,
                                        String host, String path, IngressBackend backend) {
        if (!(backend instanceof IngressBackend.ServiceBackend sb)) {
            return;
        }
        String service = ns + "/" + sb.serviceName();
        if (!matrix.services().contains(service)) {
            return;
        }
        String label = host + (path.startsWith("/") ? path : " " + path);
        String id = "ingress:" + label;
        b.node(id, Kind.FRONTEND, "Ingress " + label, "Ingress " + ingress + ": " + label + " -> service "
                + sb.serviceName() + ":" + sb.port());
        b.edge(id, "svc:" + service, "manifest", "Ingress " + ingress);
    }

    /** The frontend node a witness packet was sent to (made on demand for a ClusterIP), or null for none. */
    private static String frontend(Builder b, List<ServicePortView> views, String service, Witness w,
                                   Map<String, IpAddress> nodeAddr) {
        IpAddress dst = w.packet().destination();
        int port = w.packet().destinationPort();
        for (ServicePortView v : views) {
            if (!(v.namespace() + "/" + v.name()).equals(service)) {
                continue;
            }
            String proto = v.port().protocol().toString().toLowerCase(Locale.ROOT);
            if (v.hasNodePort() && port == v.port().nodePort() && nodeAddr.containsKey(dst.toString())) {
                return "nodeport:" + proto + ":" + v.port().nodePort();
            }
            if (port == v.port().port() && v.loadBalancerIPs().contains(dst)) {
                return "lb:" + proto + ":" + dst.withPort(port);
            }
            if (port == v.port().port() && v.externalIPs().contains(dst)) {
                return "ext:" + proto + ":" + dst.withPort(port);
            }
            if (port == v.port().port() && v.clusterIPs().contains(dst)) {
                String id = "clusterip:" + proto + ":" + dst.withPort(port);
                b.node(id, Kind.FRONTEND, "ClusterIP " + dst.withPort(port), "cluster IP of " + v.key());
                b.edge(id, "svc:" + service, "manifest", v.key());
                return id;
            }
        }
        return null;
    }

    /** Collects nodes and edges once each, in first-seen order, and sorts the middle columns by their service. */
    private static final class Builder {
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final Map<String, Edge> edges = new LinkedHashMap<>();

        void node(String id, Kind kind, String label, String detail) {
            nodes.putIfAbsent(id, new Node(id, kind, label, detail));
        }

        void edge(String from, String to, String evidence, String detail) {
            edges.putIfAbsent(from + "\u0000" + to + "\u0000" + evidence, new Edge(from, to, evidence, detail));
        }

        ExposureGraph build() {
            List<String> services = new ArrayList<>();
            for (Node n : nodes.values()) {
                if (n.kind() == Kind.SERVICE) {
                    services.add(n.id());
                }
            }
            Map<String, Integer> rank = new HashMap<>();
            for (Edge e : edges.values()) {
                int s = services.indexOf(e.to());
                if (s >= 0 && nodes.get(e.from()) != null && nodes.get(e.from()).kind() == Kind.FRONTEND) {
                    rank.merge(e.from(), s, Math::min);
                }
                s = services.indexOf(e.from());
                if (s >= 0) {
                    rank.merge(e.to(), s, Math::min);
                }
            }
            List<Node> out = new ArrayList<>();
            for (Kind k : Kind.values()) {
                List<Node> col = new ArrayList<>();
                for (Node n : nodes.values()) {
                    if (n.kind() == k) {
                        col.add(n);
                    }
                }
                if (k == Kind.FRONTEND || k == Kind.POD) {
                    col.sort((x, y) -> Integer.compare(rank.getOrDefault(x.id(), Integer.MAX_VALUE),
                            rank.getOrDefault(y.id(), Integer.MAX_VALUE)));
                }
                out.addAll(col);
            }
            return new ExposureGraph(out, new ArrayList<>(edges.values()));
        }
    }
}
