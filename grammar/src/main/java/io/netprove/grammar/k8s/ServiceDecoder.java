package io.netprove.grammar.k8s;

import io.netprove.model.k8s.IpFamilyPolicy;
import io.netprove.model.k8s.LoadBalancerIngress;
import io.netprove.model.k8s.LoadBalancerIpMode;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.k8s.ServiceType;
import io.netprove.model.k8s.SessionAffinity;
import io.netprove.model.k8s.TrafficPolicy;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a core/v1 Service, applying {@code SetDefaults_Service} and rejecting what {@code ValidateService} does. */
final class ServiceDecoder {

    private static final Set<String> SPEC_FIELDS = Set.of("type", "clusterIP", "clusterIPs", "ipFamilies",
            "ipFamilyPolicy", "ports", "selector", "externalIPs", "loadBalancerIP", "loadBalancerSourceRanges",
            "loadBalancerClass", "externalTrafficPolicy", "internalTrafficPolicy", "healthCheckNodePort",
            "sessionAffinity", "sessionAffinityConfig", "externalName", "publishNotReadyAddresses",
            "allocateLoadBalancerNodePorts", "trafficDistribution", "topologyKeys");
    private static final Set<String> PORT_FIELDS =
            Set.of("name", "protocol", "port", "targetPort", "nodePort", "appProtocol");
    private static final String NONE = "None";

    private ServiceDecoder() {
    }

    static Service read(Fields root, ObjectMeta meta, SourceLocation at) {
        Fields spec = root.mapping("spec").orElseThrow(() -> root.missing("spec", "a service spec with ports"));
        spec.warnUnknown(SPEC_FIELDS);
        ServiceType type = spec.nonEmptyString("type").map(t -> ServiceType.fromApiName(t).orElseThrow(
                () -> spec.error("type", "expected ClusterIP, NodePort, LoadBalancer or ExternalName, got '"
                        + Messages.clip(t) + "'"))).orElse(ServiceType.CLUSTER_IP);

        // Cluster IPs: clusterIP and clusterIPs must agree; "None" makes the service headless.
        List<String> ipTexts = new ArrayList<>(spec.strings("clusterIPs"));
        Optional<String> clusterIP = spec.nonEmptyString("clusterIP");
        if (clusterIP.isPresent()) {
            if (ipTexts.isEmpty()) {
                ipTexts.add(clusterIP.get());
            } else if (!ipTexts.get(0).equals(clusterIP.get())) {
                throw spec.error("clusterIPs", "expected the first entry to equal clusterIP ('"
                        + Messages.clip(clusterIP.get()) + "'), got '" + Messages.clip(ipTexts.get(0)) + "'");
            }
        }
        boolean headless = ipTexts.contains(NONE);
        List<IpAddress> clusterIPs = new ArrayList<>();
        if (headless) {
            if (ipTexts.size() != 1) {
                throw spec.error("clusterIPs", "expected only 'None' for a headless service");
            }
            if (type != ServiceType.CLUSTER_IP) {
                throw spec.error("clusterIP", "expected an address: 'None' (headless) is only allowed for type "
                        + "ClusterIP, not " + type.apiName());
            }
        } else {
            String key = spec.has("clusterIPs") ? "clusterIPs" : "clusterIP";
            for (String t : ipTexts) {
                if (!t.isEmpty()) {
                    clusterIPs.add(ApiValues.ip(t, spec.at(key), spec.path(key)));
                }
            }
            checkDualStack(spec, key, clusterIPs);
        }
        if (type == ServiceType.EXTERNAL_NAME && (headless || !clusterIPs.isEmpty())) {
            throw spec.error("clusterIP", "expected no clusterIP for type ExternalName");
        }

        List<AddressFamily> ipFamilies = ipFamilies(spec);
        if (ipFamilies.isEmpty()) {
            for (IpAddress a : clusterIPs) {
                ipFamilies.add(a.family());
            }
        }
        Optional<IpFamilyPolicy> ipFamilyPolicy = spec.nonEmptyString("ipFamilyPolicy").map(p ->
                IpFamilyPolicy.fromApiName(p).orElseThrow(() -> spec.error("ipFamilyPolicy",
                        "expected SingleStack, PreferDualStack or RequireDualStack, got '" + Messages.clip(p) + "'")));

        List<ServicePort> ports = ports(spec, type);
        if (ports.isEmpty() && type != ServiceType.EXTERNAL_NAME && !headless) {
            throw spec.missing("ports", "at least one port (only headless and ExternalName services may have none)");
        }

        Map<String, String> selector = spec.stringMap("selector");
        MetadataDecoder.checkLabels(spec, "selector", selector);
        List<IpAddress> externalIPs = ApiValues.ips(spec, "externalIPs");
        Optional<IpAddress> loadBalancerIP = ApiValues.optionalIp(spec, "loadBalancerIP");
        List<IpPrefix> sourceRanges = ApiValues.cidrs(spec, "loadBalancerSourceRanges");
        if (!sourceRanges.isEmpty() && type != ServiceType.LOAD_BALANCER) {
            throw spec.error("loadBalancerSourceRanges", "expected only for type LoadBalancer, not " + type.apiName());
        }

        boolean externallyAccessible = type == ServiceType.NODE_PORT || type == ServiceType.LOAD_BALANCER
                || (type == ServiceType.CLUSTER_IP && !externalIPs.isEmpty());
        TrafficPolicy externalPolicy = TrafficPolicy.CLUSTER;
        Optional<String> etp = spec.nonEmptyString("externalTrafficPolicy");
        if (etp.isPresent()) {
            if (!externallyAccessible) {
                throw spec.error("externalTrafficPolicy", "expected only for NodePort and LoadBalancer services "
                        + "and services with externalIPs");
            }
            if (etp.get().equals("Global")) {
                spec.warn("externalTrafficPolicy", "'Global' is the legacy spelling of 'Cluster'; read as Cluster");
            } else {
                externalPolicy = trafficPolicy(spec, "externalTrafficPolicy", etp.get());
            }
        }
        TrafficPolicy internalPolicy = spec.nonEmptyString("internalTrafficPolicy")
                .map(p -> trafficPolicy(spec, "internalTrafficPolicy", p)).orElse(TrafficPolicy.CLUSTER);
        int healthCheckNodePort = spec.integer("healthCheckNodePort", 0, 65535).orElse(0);
        if (healthCheckNodePort != 0
                && (type != ServiceType.LOAD_BALANCER || externalPolicy != TrafficPolicy.LOCAL)) {
            throw spec.error("healthCheckNodePort", "expected only for type LoadBalancer with "
                    + "externalTrafficPolicy Local");
        }

        SessionAffinity affinity = spec.nonEmptyString("sessionAffinity").map(a -> SessionAffinity.fromApiName(a)
                .orElseThrow(() -> spec.error("sessionAffinity", "expected None or ClientIP, got '"
                        + Messages.clip(a) + "'"))).orElse(SessionAffinity.NONE);
        int timeout = 0;
        if (affinity == SessionAffinity.CLIENT_IP) {
            timeout = spec.mapping("sessionAffinityConfig").flatMap(c -> c.mapping("clientIP"))
                    .map(c -> c.integer("timeoutSeconds", 1, 86400).orElse(Service.DEFAULT_AFFINITY_TIMEOUT_SECONDS))
                    .orElse(Service.DEFAULT_AFFINITY_TIMEOUT_SECONDS);
        }

        Optional<String> externalName = spec.nonEmptyString("externalName");
        if (type == ServiceType.EXTERNAL_NAME) {
            String name = externalName.orElseThrow(() -> spec.missing("externalName",
                    "the DNS name an ExternalName service points to"));
            String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            ApiValues.checked(bare, ApiNames::dnsSubdomain, spec, "externalName");
        }
        boolean publishNotReady = spec.bool("publishNotReadyAddresses").orElse(false);
        Optional<Boolean> allocate = spec.bool("allocateLoadBalancerNodePorts");
        if (allocate.isPresent() && type != ServiceType.LOAD_BALANCER) {
            throw spec.error("allocateLoadBalancerNodePorts", "expected only for type LoadBalancer");
        }
        boolean allocateNodePorts = type == ServiceType.LOAD_BALANCER && allocate.orElse(true);

        List<LoadBalancerIngress> lbIngress = new ArrayList<>();
        Optional<Fields> lb = root.mapping("status").flatMap(s -> s.mapping("loadBalancer"));
        if (lb.isPresent()) {
            for (Fields i : lb.get().mappings("ingress")) {
                Optional<IpAddress> ip = ApiValues.optionalIp(i, "ip");
                Optional<String> hostname = i.nonEmptyString("hostname");
                Optional<LoadBalancerIpMode> mode = i.nonEmptyString("ipMode").map(m -> LoadBalancerIpMode
                        .fromApiName(m).orElseThrow(() -> i.error("ipMode", "expected VIP or Proxy, got '"
                                + Messages.clip(m) + "'")));
                if (mode.isEmpty() && ip.isPresent()) {
                    mode = Optional.of(LoadBalancerIpMode.VIP);
                }
                lbIngress.add(new LoadBalancerIngress(ip, hostname, mode));
            }
        }
        return new Service(meta, at, type, clusterIPs, headless, ipFamilies, ipFamilyPolicy, ports, selector,
                externalIPs, loadBalancerIP, lbIngress, sourceRanges, externalPolicy, internalPolicy,
                healthCheckNodePort, affinity, timeout, externalName, publishNotReady, allocateNodePorts);
    }

    private static void checkDualStack(Fields spec, String key, List<IpAddress> ips) {
        if (ips.size() > 2 || (ips.size() == 2 && ips.get(0).family() == ips.get(1).family())) {
            throw spec.error(key, "expected at most one cluster IP per IP family");
        }
    }

    private static List<AddressFamily> ipFamilies(Fields spec) {
        List<AddressFamily> out = new ArrayList<>();
        for (String f : spec.strings("ipFamilies")) {
            AddressFamily family;
            if (f.equals("IPv4")) {
                family = AddressFamily.IPV4;
            } else if (f.equals("IPv6")) {
                family = AddressFamily.IPV6;
            } else {
                throw spec.error("ipFamilies", "expected IPv4 or IPv6, got '" + Messages.clip(f) + "'");
            }
            if (out.contains(family)) {
                throw spec.error("ipFamilies", "expected each family once, got " + f + " twice");
            }
            out.add(family);
        }
        return out;
    }

    private static TrafficPolicy trafficPolicy(Fields spec, String key, String text) {
        return TrafficPolicy.fromApiName(text).orElseThrow(() -> spec.error(key, "expected Cluster or Local, got '"
                + Messages.clip(text) + "'"));
    }

    private static List<ServicePort> ports(Fields spec, ServiceType type) {
        List<Fields> items = spec.mappings("ports");
        List<ServicePort> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> numbers = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Fields p = items.get(i);
            p.warnUnknown(PORT_FIELDS);
            String name = p.string("name").orElse("");
            if (name.isEmpty() && items.size() > 1) {
                throw p.missing("name", "a port name (required when a service has more than one port)");
            }
            if (!name.isEmpty()) {
                ApiValues.checked(name, ApiNames::dnsLabel, p, "name");
                Integer earlier = names.put(name, i);
                if (earlier != null) {
                    throw p.error("name", "expected a unique port name, '" + name + "' is also used by ports["
                            + earlier + "]");
                }
            }
            int port = p.integer("port", 1, 65535).orElseThrow(() -> p.missing("port", "the service port number"));
            Protocol protocol = ApiValues.protocol(p, "protocol");
            Integer earlier = numbers.put(port + "/" + protocol, i);
            if (earlier != null) {
                throw p.error("port", "expected a unique port and protocol, " + port + "/" + protocol.name()
                        + " is also used by ports[" + earlier + "]");
            }
            // An absent targetPort, 0 or "" all default to the port itself.
            ManifestNode rawTarget = p.value("targetPort");
            boolean zero = rawTarget instanceof ManifestNode.Scalar
                    && (((ManifestNode.Scalar) rawTarget).type() == ManifestNode.ScalarType.INTEGER
                    ? ((ManifestNode.Scalar) rawTarget).integer().signum() == 0
                    : ((ManifestNode.Scalar) rawTarget).text().isEmpty());
            PortReference target = zero ? PortReference.of(port)
                    : ApiValues.portReference(p, "targetPort").orElse(PortReference.of(port));
            int nodePort = p.integer("nodePort", 0, 65535).orElse(0);
            if (nodePort != 0 && type != ServiceType.NODE_PORT && type != ServiceType.LOAD_BALANCER) {
                throw p.error("nodePort", "expected no nodePort for type " + type.apiName());
            }
            out.add(new ServicePort(name, protocol, port, target, nodePort, p.nonEmptyString("appProtocol")));
        }
        return out;
    }
}
