package io.netprove.grammar.k8s;

import io.netprove.grammar.InputError;
import io.netprove.model.k8s.EndpointAddress;
import io.netprove.model.k8s.EndpointAddressType;
import io.netprove.model.k8s.EndpointConditions;
import io.netprove.model.k8s.EndpointPort;
import io.netprove.model.k8s.EndpointSlice;
import io.netprove.model.k8s.EndpointSubset;
import io.netprove.model.k8s.Endpoints;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.k8s.ObjectReference;
import io.netprove.model.k8s.SliceEndpoint;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Reads core/v1 Endpoints and discovery.k8s.io/v1 EndpointSlices. */
final class EndpointsDecoder {

    private static final Set<String> SUBSET_FIELDS = Set.of("addresses", "notReadyAddresses", "ports");
    private static final Set<String> ADDRESS_FIELDS = Set.of("ip", "hostname", "nodeName", "targetRef");
    private static final Set<String> PORT_FIELDS = Set.of("name", "port", "protocol", "appProtocol");
    private static final Set<String> ENDPOINT_FIELDS = Set.of("addresses", "conditions", "hostname", "nodeName",
            "zone", "targetRef", "hints", "deprecatedTopology");
    private static final Set<String> CONDITION_FIELDS = Set.of("ready", "serving", "terminating");
    private static final int MAX_SLICE_ADDRESSES = 100;

    private EndpointsDecoder() {
    }

    static Endpoints endpoints(Fields root, ObjectMeta meta, SourceLocation at) {
        List<EndpointSubset> subsets = new ArrayList<>();
        for (Fields s : root.mappings("subsets")) {
            s.warnUnknown(SUBSET_FIELDS);
            List<EndpointPort> ports = new ArrayList<>();
            for (Fields p : s.mappings("ports")) {
                ports.add(port(p, true));
            }
            subsets.add(new EndpointSubset(addresses(s, "addresses"), addresses(s, "notReadyAddresses"), ports));
        }
        return new Endpoints(meta, at, subsets);
    }

    private static List<EndpointAddress> addresses(Fields subset, String key) {
        List<EndpointAddress> out = new ArrayList<>();
        for (Fields a : subset.mappings(key)) {
            a.warnUnknown(ADDRESS_FIELDS);
            IpAddress ip = ApiValues.ip(a.requiredString("ip", "the endpoint's IP address"), a.at("ip"), a.path("ip"));
            out.add(new EndpointAddress(ip, a.nonEmptyString("hostname"), a.nonEmptyString("nodeName"),
                    targetRef(a)));
        }
        return out;
    }

    private static EndpointPort port(Fields p, boolean portRequired) {
        p.warnUnknown(PORT_FIELDS);
        String name = p.string("name").orElse("");
        if (!name.isEmpty()) {
            ApiValues.checked(name, ApiNames::dnsLabel, p, "name");
        }
        OptionalInt port = p.integer("port", 1, 65535);
        if (portRequired && port.isEmpty()) {
            throw p.missing("port", "the endpoint port number");
        }
        return new EndpointPort(name, port, ApiValues.protocol(p, "protocol"), p.nonEmptyString("appProtocol"));
    }

    private static Optional<ObjectReference> targetRef(Fields parent) {
        Optional<Fields> ref = parent.mapping("targetRef");
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        Fields r = ref.get();
        return Optional.of(new ObjectReference(r.string("kind").orElse(""), r.nonEmptyString("namespace"),
                r.requiredString("name", "the name of the referenced object")));
    }

    static EndpointSlice slice(Fields root, ObjectMeta meta, SourceLocation at) {
        String typeText = root.requiredString("addressType", "IPv4, IPv6 or FQDN");
        EndpointAddressType type = EndpointAddressType.fromApiName(typeText).orElseThrow(() -> root.error(
                "addressType", "expected IPv4, IPv6 or FQDN, got '" + Messages.clip(typeText) + "'"));
        List<SliceEndpoint> endpoints = new ArrayList<>();
        for (Fields e : root.mappings("endpoints")) {
            e.warnUnknown(ENDPOINT_FIELDS);
            List<String> addresses = e.strings("addresses");
            if (addresses.isEmpty()) {
                throw e.missing("addresses", "at least one address");
            }
            if (addresses.size() > MAX_SLICE_ADDRESSES) {
                throw e.error("addresses", "expected at most " + MAX_SLICE_ADDRESSES + " addresses, got "
                        + addresses.size());
            }
            List<ManifestNode> nodes = e.list("addresses");
            for (int i = 0; i < addresses.size(); i++) {
                checkAddress(type, addresses.get(i), nodes.get(i).location(), e.path("addresses") + "[" + i + "]");
            }
            EndpointConditions conditions = EndpointConditions.DEFAULT;
            Optional<Fields> c = e.mapping("conditions");
            if (c.isPresent()) {
                c.get().warnUnknown(CONDITION_FIELDS);
                boolean ready = c.get().bool("ready").orElse(true);
                conditions = new EndpointConditions(ready, c.get().bool("serving").orElse(true),
                        c.get().bool("terminating").orElse(false));
            }
            List<String> zoneHints = new ArrayList<>();
            Optional<Fields> hints = e.mapping("hints");
            if (hints.isPresent()) {
                for (Fields z : hints.get().mappings("forZones")) {
                    zoneHints.add(z.requiredString("name", "a zone name"));
                }
            }
            endpoints.add(new SliceEndpoint(addresses, conditions, e.nonEmptyString("hostname"),
                    e.nonEmptyString("nodeName"), e.nonEmptyString("zone"), targetRef(e), zoneHints));
        }
        List<EndpointPort> ports = new ArrayList<>();
        for (Fields p : root.mappings("ports")) {
            ports.add(port(p, false));
        }
        if (!meta.labels().containsKey(EndpointSlice.SERVICE_NAME_LABEL)) {
            root.warnings().add(Diagnostic.note(at, "EndpointSlice "
                    + meta.qualifiedName() + " has no " + EndpointSlice.SERVICE_NAME_LABEL
                    + " label: it belongs to no Service"));
        }
        return new EndpointSlice(meta, at, type, endpoints, ports);
    }

    private static void checkAddress(EndpointAddressType type, String address, SourceLocation at, String path) {
        if (type == EndpointAddressType.FQDN) {
            if (ApiNames.dnsSubdomain(address) != null) {
                throw new InputError(at, path + ": expected a DNS name for addressType FQDN, got '"
                        + Messages.clip(address) + "'");
            }
            return;
        }
        IpAddress ip = ApiValues.ip(address, at, path);
        AddressFamily expected = type == EndpointAddressType.IPV4 ? AddressFamily.IPV4 : AddressFamily.IPV6;
        if (ip.family() != expected) {
            throw new InputError(at, path + ": expected an " + type.apiName() + " address for addressType "
                    + type.apiName() + ", got '" + Messages.clip(address) + "'");
        }
    }
}
