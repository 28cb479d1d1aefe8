package io.netprove.rules.derive;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Container;
import io.netprove.model.k8s.ContainerPort;
import io.netprove.model.k8s.Ingress;
import io.netprove.model.k8s.IngressBackend;
import io.netprove.model.k8s.IngressPath;
import io.netprove.model.k8s.IngressRule;
import io.netprove.model.k8s.Node;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.Service;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.rules.LintInput;
import io.netprove.rules.NodeDump;
import io.netprove.rules.facts.AddressBlock;
import io.netprove.rules.facts.AddressBlockKind;
import io.netprove.rules.facts.ClusterIpDependency;
import io.netprove.rules.facts.EndpointOrigin;
import io.netprove.rules.facts.HostPortUse;
import io.netprove.rules.facts.IngressBackendRef;
import io.netprove.rules.facts.RuleContext;
import io.netprove.rules.facts.ServicePortState;
import io.netprove.rules.facts.Zone;
import io.netprove.verifier.cluster.ServiceCatalog;
import io.netprove.verifier.cluster.ServicePortView;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the facts of one run from a {@link LintInput}: the context, the {@link ClusterObjects} and each of its
 * objects, then every derived fact (service ports with endpoints, ingress backends, host ports, policy selections
 * and DNS egress, address blocks, zones, MAC-VLAN attachments, cluster-IP dependencies, and per node its state,
 * kube-proxy services, endpoints and rules), then the extra facts.
 */
public final class FactBuilder {

    private FactBuilder() {
    }

    public static List<Object> facts(LintInput input) {
        ClusterObjects cluster = input.cluster();
        RuleContext context = input.context();
        ServiceCatalog catalog = ServiceCatalog.of(cluster);
        List<Object> out = new ArrayList<>();
        out.add(context);
        out.add(cluster);
        out.addAll(cluster.all());
        out.addAll(servicePorts(cluster, catalog));
        out.addAll(ingressBackends(cluster.ingresses()));
        out.addAll(hostPorts(cluster.pods()));
        out.addAll(DnsEgress.facts(cluster, catalog, context));
        List<Zone> zones = new ArrayList<>(context.zones());
        for (Object o : input.extraFacts()) {
            if (o instanceof Zone z && !zones.contains(z)) {
                zones.add(z);
            }
        }
        out.addAll(context.zones());
        out.addAll(addressBlocks(cluster, context, zones));
        out.addAll(MacvlanPods.attachments(cluster.pods(), context));
        out.addAll(dnsDependencies(cluster, context));
        for (NodeDump n : input.nodes()) {
            KubeProxyChains.NodeFacts f = KubeProxyChains.read(n.node(), n.rulesets());
            out.add(f.state());
            out.addAll(f.services());
            out.addAll(f.endpoints());
            out.addAll(f.rules());
        }
        out.addAll(input.extraFacts());
        return out;
    }

    static List<ServicePortState> servicePorts(ClusterObjects cluster, ServiceCatalog catalog) {
        List<ServicePortState> out = new ArrayList<>();
        for (ServicePortView v : catalog.ports()) {
            Service s = v.service();
            EndpointOrigin origin;
            boolean known;
            if (!cluster.endpointSlicesOf(s).isEmpty()) {
                origin = EndpointOrigin.ENDPOINT_SLICES;
                known = true;
            } else if (cluster.endpointsOf(s.namespace(), s.name()).isPresent()) {
                origin = EndpointOrigin.ENDPOINTS;
                known = true;
            } else if (s.hasSelector()) {
                origin = EndpointOrigin.SELECTED_PODS;
                List<Pod> selected = cluster.podsSelectedBy(s);
                known = !selected.isEmpty() && selected.stream().allMatch(p -> p.ready().isPresent());
            } else {
                origin = EndpointOrigin.NONE;
                known = false;
            }
            out.add(new ServicePortState(s, v.port(), origin, known, v.endpoints(), v.usableEndpoints()));
        }
        return out;
    }

    static List<IngressBackendRef> ingressBackends(List<Ingress> ingresses) {
        List<IngressBackendRef> out = new ArrayList<>();
        for (Ingress in : ingresses) {
            if (in.defaultBackend().isPresent()
                    && in.defaultBackend().get() instanceof IngressBackend.ServiceBackend b) {
                out.add(new IngressBackendRef(in, "", "", b.serviceName(), b.port(), true));
            }
            for (IngressRule r : in.rules()) {
                for (IngressPath p : r.paths()) {
                    if (p.backend() instanceof IngressBackend.ServiceBackend b) {
                        out.add(new IngressBackendRef(in, r.host().orElse(""), p.path(), b.serviceName(), b.port(),
                                false));
                    }
                }
            }
        }
        return out;
    }

    static List<HostPortUse> hostPorts(List<Pod> pods) {
        List<HostPortUse> out = new ArrayList<>();
        for (Pod p : pods) {
            if (p.nodeName().isEmpty() || (p.phase().isPresent() && p.phase().get().terminal())) {
                continue;
            }
            Set<String> seen = new LinkedHashSet<>();
            for (Container c : p.containers()) {
                for (ContainerPort cp : c.ports()) {
                    int port = cp.hostPort() > 0 ? cp.hostPort() : (p.hostNetwork() ? cp.containerPort() : 0);
                    if (port == 0 || !seen.add(port + "/" + cp.protocol() + "/" + cp.hostIP())) {
                        continue;
                    }
                    out.add(new HostPortUse(p, p.nodeName().get(), cp.protocol(), port, cp.hostIP(),
                            p.hostNetwork()));
                }
            }
        }
        return out;
    }

    static List<AddressBlock> addressBlocks(ClusterObjects cluster, RuleContext context, List<Zone> zones) {
        List<AddressBlock> out = new ArrayList<>();
        for (IpPrefix p : context.podNetworks()) {
            out.add(new AddressBlock(AddressBlockKind.POD_NETWORK, "--pod-cidr", p, SourceLocation.NONE));
        }
        for (IpPrefix p : context.serviceNetworks()) {
            out.add(new AddressBlock(AddressBlockKind.SERVICE_NETWORK, "--service-cidr", p, SourceLocation.NONE));
        }
        for (IpPrefix p : context.nodeNetworks()) {
            out.add(new AddressBlock(AddressBlockKind.NODE_NETWORK, "--node-cidr", p, SourceLocation.NONE));
        }
        for (Node n : cluster.nodes()) {
            for (IpPrefix p : n.podCIDRs()) {
                out.add(new AddressBlock(AddressBlockKind.NODE_POD_RANGE, n.name(), p, n.location()));
            }
            Set<IpAddress> addresses = new LinkedHashSet<>(n.internalIPs());
            addresses.addAll(n.externalIPs());
            for (IpAddress a : addresses) {
                out.add(new AddressBlock(AddressBlockKind.NODE_ADDRESS, n.name(), IpPrefix.host(a), n.location()));
            }
        }
        for (Service s : cluster.services()) {
            for (IpAddress a : s.clusterIPs()) {
                out.add(new AddressBlock(AddressBlockKind.SERVICE_ADDRESS, s.namespace() + "/" + s.name(),
                        IpPrefix.host(a), s.location()));
            }
        }
        for (Zone z : zones) {
            for (IpPrefix p : z.cidrs()) {
                out.add(new AddressBlock(AddressBlockKind.ZONE, z.name(), p, z.location()));
            }
        }
        return out;
    }

    static List<ClusterIpDependency> dnsDependencies(ClusterObjects cluster, RuleContext context) {
        Optional<Service> dns = cluster.service(context.dnsNamespace(), context.dnsName());
        Optional<IpAddress> ip = dns.flatMap(Service::clusterIP);
        List<ClusterIpDependency> out = new ArrayList<>();
        for (Pod p : cluster.pods()) {
            if (!p.hostNetwork()) {
                out.add(new ClusterIpDependency(p, context.dnsNamespace(), context.dnsName(), ip,
                        "cluster DNS (dnsPolicy ClusterFirst, the default)"));
            }
        }
        return out;
    }
}
