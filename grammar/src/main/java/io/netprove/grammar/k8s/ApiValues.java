package io.netprove.grammar.k8s;

import io.netprove.grammar.InputError;
import io.netprove.model.k8s.ConditionStatus;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Readers for the value types the API shares across kinds: protocols, IPs, CIDRs, int-or-string ports. */
final class ApiValues {

    private ApiValues() {
    }

    /** {@code protocol}: TCP (the default when absent), UDP or SCTP, spelled as the API spells them. */
    static Protocol protocol(Fields f, String key) {
        Optional<String> p = f.nonEmptyString(key);
        if (p.isEmpty()) {
            return Protocol.TCP;
        }
        switch (p.get()) {
            case "TCP":
                return Protocol.TCP;
            case "UDP":
                return Protocol.UDP;
            case "SCTP":
                return Protocol.SCTP;
            default:
                throw f.error(key, "expected TCP, UDP or SCTP, got '" + Messages.clip(p.get()) + "'");
        }
    }

    /** An IP address; {@code path} and {@code at} say where it was written. */
    static IpAddress ip(String text, SourceLocation at, String path) {
        IpAddress a = IpAddress.tryParse(text);
        if (a == null) {
            throw new InputError(at, path + ": expected an IP address, got '" + Messages.clip(text) + "'");
        }
        return a;
    }

    static Optional<IpAddress> optionalIp(Fields f, String key) {
        return f.nonEmptyString(key).map(s -> ip(s, f.at(key), f.path(key)));
    }

    /** A list of IP strings. */
    static List<IpAddress> ips(Fields f, String key) {
        List<IpAddress> out = new ArrayList<>();
        List<ManifestNode> items = f.list(key);
        for (int i = 0; i < items.size(); i++) {
            String path = f.path(key) + "[" + i + "]";
            out.add(ip(Fields.asString(items.get(i), path), items.get(i).location(), path));
        }
        return out;
    }

    /** A CIDR block {@code address/length}, as Go's ParseCIDR reads it (host bits may be set; they are cleared). */
    static IpPrefix cidr(String text, SourceLocation at, String path) {
        int slash = text.indexOf('/');
        boolean digits = slash > 0 && slash < text.length() - 1
                && text.substring(slash + 1).chars().allMatch(c -> c >= '0' && c <= '9');
        IpPrefix p = digits ? IpPrefix.tryParse(text) : null;
        if (p == null) {
            throw new InputError(at, path + ": expected a CIDR block such as 10.0.0.0/16, got '"
                    + Messages.clip(text) + "'");
        }
        return p;
    }

    static Optional<IpPrefix> optionalCidr(Fields f, String key) {
        return f.nonEmptyString(key).map(s -> cidr(s, f.at(key), f.path(key)));
    }

    /** A list of CIDR strings. */
    static List<IpPrefix> cidrs(Fields f, String key) {
        List<IpPrefix> out = new ArrayList<>();
        List<ManifestNode> items = f.list(key);
        for (int i = 0; i < items.size(); i++) {
            String path = f.path(key) + "[" + i + "]";
            out.add(cidr(Fields.asString(items.get(i), path), items.get(i).location(), path));
        }
        return out;
    }

    /**
     * An int-or-string port: an unquoted integer is a port number (1-65535), a string is a port name (an IANA
     * service name; a quoted number is rejected, as the API rejects it).
     */
    static Optional<PortReference> portReference(Fields f, String key) {
        ManifestNode v = f.value(key);
        if (v == null) {
            return Optional.empty();
        }
        if (ManifestNode.isScalar(v, ManifestNode.ScalarType.INTEGER)) {
            return Optional.of(PortReference.of(Fields.asInteger(v, f.path(key), 1, 65535)));
        }
        if (ManifestNode.isScalar(v, ManifestNode.ScalarType.STRING)) {
            String name = ((ManifestNode.Scalar) v).text();
            String problem = ApiNames.portName(name);
            if (problem != null) {
                throw f.error(key, "expected " + problem + ", got '" + Messages.clip(name) + "'");
            }
            return Optional.of(PortReference.of(name));
        }
        throw f.wrongType(key, "a port number or a port name", v);
    }

    /** The status of the condition of type {@code type} in {@code status.conditions}, when present. */
    static Optional<ConditionStatus> condition(Fields status, String type) {
        for (Fields c : status.mappings("conditions")) {
            if (c.string("type").filter(type::equals).isPresent()) {
                String s = c.requiredString("status", "True, False or Unknown");
                return Optional.of(ConditionStatus.fromApiName(s).orElseThrow(
                        () -> c.error("status", "expected True, False or Unknown, got '" + Messages.clip(s) + "'")));
            }
        }
        return Optional.empty();
    }

    /** Checks a name against a syntax from {@link ApiNames}; {@code check} returns null when valid. */
    static String checked(String value, Function<String, String> check, Fields f, String key) {
        String problem = check.apply(value);
        if (problem != null) {
            throw f.error(key, "expected " + problem + ", got '" + Messages.clip(value) + "'");
        }
        return value;
    }
}
