package io.netprove.grammar.k8s;

import io.netprove.model.k8s.ConditionStatus;
import io.netprove.model.k8s.Container;
import io.netprove.model.k8s.ContainerPort;
import io.netprove.model.k8s.Namespace;
import io.netprove.model.k8s.Node;
import io.netprove.model.k8s.NodeAddress;
import io.netprove.model.k8s.NodeAddressType;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PodPhase;
import io.netprove.model.k8s.Taint;
import io.netprove.model.k8s.TaintEffect;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Namespaces, Pods and Nodes. Pod and Node specs have many fields netprove does not use; only the fields read
 * here are checked, the rest are ignored without warnings.
 */
final class WorkloadDecoder {

    private WorkloadDecoder() {
    }

    static Namespace namespace(ObjectMeta meta, SourceLocation at) {
        return new Namespace(meta, at);
    }

    static Pod pod(Fields root, ObjectMeta meta, SourceLocation at) {
        Fields spec = root.requiredMapping("spec", "a pod spec with containers");
        boolean hostNetwork = spec.bool("hostNetwork").orElse(false);
        List<Container> containers = new ArrayList<>();
        List<Fields> main = spec.mappings("containers");
        if (main.isEmpty()) {
            throw spec.missing("containers", "at least one container");
        }
        for (Fields c : main) {
            containers.add(container(c, hostNetwork, false));
        }
        for (Fields c : spec.mappings("initContainers")) {
            // Only init containers that keep running (sidecars) serve ports.
            if (c.string("restartPolicy").filter("Always"::equals).isPresent()) {
                containers.add(container(c, hostNetwork, true));
            }
        }
        Optional<String> nodeName = spec.nonEmptyString("nodeName");
        List<IpAddress> podIPs = List.of();
        List<IpAddress> hostIPs = List.of();
        Optional<PodPhase> phase = Optional.empty();
        Optional<ConditionStatus> ready = Optional.empty();
        Optional<Fields> status = root.mapping("status");
        if (status.isPresent()) {
            Fields s = status.get();
            podIPs = mergedIps(s, "podIP", "podIPs");
            hostIPs = mergedIps(s, "hostIP", "hostIPs");
            Optional<String> p = s.nonEmptyString("phase");
            if (p.isPresent()) {
                phase = Optional.of(PodPhase.fromApiName(p.get()).orElseThrow(() -> s.error("phase",
                        "expected Pending, Running, Succeeded, Failed or Unknown, got '" + Messages.clip(p.get())
                                + "'")));
            }
            ready = ApiValues.condition(s, "Ready");
        }
        if (hostNetwork && !podIPs.isEmpty() && !hostIPs.isEmpty() && !podIPs.get(0).equals(hostIPs.get(0))) {
            root.warnings().add(Diagnostic.warning(at, "pod " + meta.qualifiedName()
                    + " uses the host network but its podIP differs from its hostIP"));
        }
        return new Pod(meta, at, nodeName, hostNetwork, podIPs, hostIPs, phase, containers, ready);
    }

    private static Container container(Fields c, boolean hostNetwork, boolean sidecar) {
        String name = c.requiredString("name", "the container's name");
        List<ContainerPort> ports = new ArrayList<>();
        for (Fields p : c.mappings("ports")) {
            int containerPort = p.integer("containerPort", 1, 65535).orElseThrow(
                    () -> p.missing("containerPort", "the port number the container listens on"));
            Optional<String> portName = p.nonEmptyString("name");
            portName.ifPresent(n -> ApiValues.checked(n, ApiNames::portName, p, "name"));
            Protocol protocol = ApiValues.protocol(p, "protocol");
            int hostPort = p.integer("hostPort", 0, 65535).orElse(0);
            if (hostNetwork && hostPort == 0) {
                hostPort = containerPort;
            } else if (hostNetwork && hostPort != containerPort) {
                throw p.error("hostPort", "expected " + containerPort + " (equal to containerPort) for a pod "
                        + "on the host network, got " + hostPort);
            }
            ports.add(new ContainerPort(portName, containerPort, protocol, hostPort,
                    ApiValues.optionalIp(p, "hostIP")));
        }
        return new Container(name, ports, sidecar);
    }

    /**
     * The singular field and its plural form merged: the plural list of {@code {ip: ...}} entries when present (its
     * first entry must equal the singular field), else the singular field alone.
     */
    private static List<IpAddress> mergedIps(Fields status, String singular, String plural) {
        Optional<IpAddress> first = ApiValues.optionalIp(status, singular);
        List<IpAddress> all = new ArrayList<>();
        for (Fields entry : status.mappings(plural)) {
            String text = entry.requiredString("ip", "an IP address");
            all.add(ApiValues.ip(text, entry.at("ip"), entry.path("ip")));
        }
        if (all.isEmpty()) {
            return first.map(List::of).orElse(List.of());
        }
        if (first.isPresent() && !first.get().equals(all.get(0))) {
            throw status.error(plural, "expected the first entry to equal " + singular + " (" + first.get()
                    + "), got " + all.get(0));
        }
        return all;
    }

    static Node node(Fields root, ObjectMeta meta, SourceLocation at) {
        List<IpPrefix> podCIDRs = List.of();
        boolean unschedulable = false;
        List<Taint> taints = new ArrayList<>();
        Optional<Fields> spec = root.mapping("spec");
        if (spec.isPresent()) {
            Fields s = spec.get();
            Optional<IpPrefix> podCIDR = ApiValues.optionalCidr(s, "podCIDR");
            podCIDRs = ApiValues.cidrs(s, "podCIDRs");
            if (podCIDRs.isEmpty()) {
                podCIDRs = podCIDR.map(List::of).orElse(List.of());
            } else if (podCIDR.isPresent() && !podCIDR.get().equals(podCIDRs.get(0))) {
                throw s.error("podCIDRs", "expected the first entry to equal podCIDR (" + podCIDR.get() + "), got "
                        + podCIDRs.get(0));
            }
            if (podCIDRs.size() > 2 || (podCIDRs.size() == 2
                    && podCIDRs.get(0).family() == podCIDRs.get(1).family())) {
                throw s.error("podCIDRs", "expected at most one CIDR per IP family");
            }
            unschedulable = s.bool("unschedulable").orElse(false);
            for (Fields t : s.mappings("taints")) {
                String key = t.requiredString("key", "the taint key");
                ApiValues.checked(key, ApiNames::qualifiedName, t, "key");
                String effect = t.requiredString("effect", "NoSchedule, PreferNoSchedule or NoExecute");
                TaintEffect e = TaintEffect.fromApiName(effect).orElseThrow(() -> t.error("effect",
                        "expected NoSchedule, PreferNoSchedule or NoExecute, got '" + Messages.clip(effect) + "'"));
                taints.add(new Taint(key, t.string("value").orElse(""), e));
            }
        }
        List<NodeAddress> addresses = new ArrayList<>();
        Optional<ConditionStatus> ready = Optional.empty();
        Optional<Fields> status = root.mapping("status");
        if (status.isPresent()) {
            for (Fields a : status.get().mappings("addresses")) {
                String type = a.requiredString("type", "InternalIP, ExternalIP, Hostname, InternalDNS or ExternalDNS");
                NodeAddressType t = NodeAddressType.fromApiName(type).orElseThrow(() -> a.error("type",
                        "expected InternalIP, ExternalIP, Hostname, InternalDNS or ExternalDNS, got '"
                                + Messages.clip(type) + "'"));
                String address = a.requiredString("address", "the address");
                if (t == NodeAddressType.INTERNAL_IP || t == NodeAddressType.EXTERNAL_IP) {
                    ApiValues.ip(address, a.at("address"), a.path("address"));
                }
                addresses.add(new NodeAddress(t, address));
            }
            ready = ApiValues.condition(status.get(), "Ready");
        }
        return new Node(meta, at, addresses, podCIDRs, unschedulable, taints, ready);
    }
}
