package io.netprove.grammar.route;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netprove.grammar.InputError;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.route.InterfaceAddress;
import io.netprove.model.route.NetworkInterface;
import io.netprove.model.route.RouteScope;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads {@code ip -j addr} (and {@code ip -j -d addr}) output: a JSON array with one object per device
 * ({@code ifindex}, {@code ifname}, {@code link}/{@code link_index}, {@code flags}, {@code mtu}, {@code master},
 * {@code operstate}, {@code link_type}, {@code address}, {@code link_netnsid}, {@code altnames},
 * {@code linkinfo.info_kind}/{@code info_slave_kind} and {@code addr_info}). The other members (qdisc, group,
 * txqlen, broadcast MAC, lifetimes, statistics, {@code info_data}) do not decide forwarding and are not read.
 * Errors point at the device object.
 */
final class IpAddrJsonParser {

    /** addr_info members that are not flags. */
    private static final Set<String> ADDRESS_FIELDS = Set.of("family", "local", "address", "prefixlen",
            "broadcast", "scope", "label", "valid_life_time", "preferred_life_time", "metric", "protocol");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String file;

    IpAddrJsonParser(String file) {
        this.file = file;
    }

    List<NetworkInterface> read(String text) {
        List<NetworkInterface> out = new ArrayList<>();
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_ARRAY) {
                throw new InputError(location(p.currentTokenLocation()),
                        "expected a JSON array of interfaces (the output of ip -j addr)");
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new InputError(location(p.currentLocation()),
                            "JSON ends inside the interface array: expected ']' (truncated input?)");
                }
                SourceLocation at = location(p.currentTokenLocation());
                if (t != JsonToken.START_OBJECT) {
                    throw new InputError(at, "unexpected " + t + " in the interface array: expected an object");
                }
                JsonNode node = MAPPER.readTree(p);
                out.add(device(node, at));
            }
            if (p.nextToken() != null) {
                throw new InputError(location(p.currentTokenLocation()),
                        "text after the interface array: expected the end of the input");
            }
        } catch (JsonProcessingException e) {
            throw new InputError(location(e.getLocation()), "bad JSON (" + e.getOriginalMessage()
                    + "): expected the output of ip -j addr");
        } catch (IOException e) {
            throw new InputError(SourceLocation.of(file, 0), "cannot read JSON: " + e.getMessage());
        }
        return out;
    }

    private SourceLocation location(JsonLocation l) {
        if (l == null) {
            return SourceLocation.of(file, 0);
        }
        return new SourceLocation(file, Math.max(l.getLineNr(), 0), Math.max(l.getColumnNr(), 0));
    }

    private NetworkInterface device(JsonNode n, SourceLocation at) {
        JsonNode index = n.get("ifindex");
        JsonNode name = n.get("ifname");
        if (index == null || !index.canConvertToInt() || name == null || !name.isTextual()) {
            throw new InputError(at, "interface object without ifindex or ifname: expected both (ip -j addr output)");
        }
        String ifname = name.asText();
        List<String> flags = new ArrayList<>();
        JsonNode fl = n.get("flags");
        if (fl != null) {
            if (!fl.isArray()) {
                throw new InputError(at, "flags of " + ifname + " is not an array: expected [\"UP\", ...]");
            }
            for (JsonNode f : fl) {
                flags.add(f.asText());
            }
        }
        Optional<String> peer = Optional.empty();
        if (n.hasNonNull("link")) {
            peer = Optional.of(n.get("link").asText());
        } else if (n.hasNonNull("link_index")) {
            peer = Optional.of("if" + n.get("link_index").asInt());
        }
        Optional<String> kind = Optional.empty();
        Optional<String> slaveKind = Optional.empty();
        JsonNode info = n.get("linkinfo");
        if (info != null && info.isObject()) {
            if (info.hasNonNull("info_kind")) {
                kind = Optional.of(info.get("info_kind").asText());
            }
            if (info.hasNonNull("info_slave_kind")) {
                slaveKind = Optional.of(info.get("info_slave_kind").asText());
            }
        }
        List<String> altNames = new ArrayList<>();
        if (n.has("altnames") && n.get("altnames").isArray()) {
            for (JsonNode a : n.get("altnames")) {
                altNames.add(a.asText());
            }
        }
        List<InterfaceAddress> addresses = new ArrayList<>();
        JsonNode infos = n.get("addr_info");
        if (infos != null) {
            if (!infos.isArray()) {
                throw new InputError(at, "addr_info of " + ifname + " is not an array: expected [{...}, ...]");
            }
            for (JsonNode a : infos) {
                if (a.size() == 0) {
                    continue;
                }
                addresses.add(address(a, ifname, at));
            }
        }
        return new NetworkInterface(index.asInt(), ifname, peer, flags, n.path("mtu").asInt(0),
                Optional.ofNullable(n.hasNonNull("master") ? n.get("master").asText() : null),
                n.path("operstate").asText("UNKNOWN"), n.path("link_type").asText("none"),
                Optional.ofNullable(n.hasNonNull("address") ? n.get("address").asText() : null), kind, slaveKind,
                n.hasNonNull("link_netnsid") ? OptionalInt.of(n.get("link_netnsid").asInt()) : OptionalInt.empty(),
                altNames, addresses, at);
    }

    private InterfaceAddress address(JsonNode a, String ifname, SourceLocation at) {
        String family = a.path("family").asText("");
        IpAddress local = IpAddress.tryParse(a.path("local").asText(""));
        if (local == null || !(family.equals("inet") || family.equals("inet6"))
                || local.isV4() != family.equals("inet")) {
            throw new InputError(at, "address of " + ifname + " with family '" + family + "' and local '"
                    + a.path("local").asText("") + "': expected family inet or inet6 and an address of that family");
        }
        JsonNode len = a.get("prefixlen");
        if (len == null || !len.canConvertToInt() || len.asInt() < 0 || len.asInt() > local.family().bits()) {
            throw new InputError(at, "address " + local + " of " + ifname + " has no valid prefixlen: expected 0 to "
                    + local.family().bits());
        }
        Optional<IpPrefix> peer = Optional.empty();
        if (a.hasNonNull("address")) {
            IpAddress p = IpAddress.tryParse(a.get("address").asText());
            if (p == null || p.family() != local.family()) {
                throw new InputError(at, "peer '" + a.get("address").asText() + "' of " + ifname
                        + ": expected an address of the same family");
            }
            peer = Optional.of(new IpPrefix(p, len.asInt()));
        }
        Optional<IpAddress> broadcast = Optional.empty();
        if (a.hasNonNull("broadcast")) {
            broadcast = Optional.ofNullable(IpAddress.tryParse(a.get("broadcast").asText()));
        }
        RouteScope scope = RouteScope.lookup(a.path("scope").asText("global"));
        if (scope == null) {
            throw new InputError(at, "unknown scope '" + a.path("scope").asText() + "' on " + ifname
                    + ": expected global, site, link, host or a number");
        }
        List<String> flags = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!ADDRESS_FIELDS.contains(f.getKey()) && f.getValue().isBoolean() && f.getValue().asBoolean()) {
                flags.add(f.getKey());
            }
        }
        Optional<String> label = a.hasNonNull("label") ? Optional.of(a.get("label").asText()) : Optional.empty();
        return new InterfaceAddress(local, len.asInt(), peer, broadcast, scope, flags, label);
    }
}
