package io.netprove.grammar.route;

import io.netprove.grammar.InputError;
import io.netprove.grammar.TextInput;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.route.NetworkInterface;
import io.netprove.model.route.PolicyRule;
import io.netprove.model.route.Route;
import io.netprove.model.route.RouteTableId;
import io.netprove.model.route.RoutingState;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the routing dumps of one node into a {@link RoutingState}: any number of {@code ip route} outputs,
 * {@code ip rule} outputs and {@code ip addr} outputs (text or JSON, told apart by a leading '[' or '{'). Each read
 * throws {@link InputError} on bad input; warnings accumulate in the state's diagnostics.
 */
public final class RoutingStateReader {

    private final List<Route> routes = new ArrayList<>();
    private final List<PolicyRule> rules = new ArrayList<>();
    private final List<NetworkInterface> interfaces = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    /**
     * Reads {@code ip [-6] route show [table all]}: {@code family} is the {@code -6} of the command (null for
     * IPv4, used only for routes that do not show their family); routes that print no table are in main.
     */
    public RoutingStateReader routes(String name, String text, AddressFamily family) {
        return routes(name, text, family, RouteTableId.MAIN);
    }

    /** Reads {@code ip [-6] route show table T}, whose routes print no table: {@code table} is T. */
    public RoutingStateReader routes(String name, String text, AddressFamily family, RouteTableId table) {
        routes.addAll(new IpRouteParser(name, family, table, diagnostics).read(text));
        sources.add(name);
        return this;
    }

    /** Reads {@code ip rule} ({@code family} IPv4) or {@code ip -6 rule} (IPv6); null detects from prefixes. */
    public RoutingStateReader rules(String name, String text, AddressFamily family) {
        rules.addAll(new IpRuleParser(name, family, diagnostics).read(text));
        sources.add(name);
        return this;
    }

    /** Reads {@code ip addr} text or {@code ip -j addr} JSON (text starting with '[' or '{'). */
    public RoutingStateReader addresses(String name, String text) {
        String t = text.stripLeading();
        if (t.startsWith("[") || t.startsWith("{")) {
            interfaces.addAll(new IpAddrJsonParser(name).read(text));
        } else {
            interfaces.addAll(new IpAddrParser(name, diagnostics).read(text));
        }
        sources.add(name);
        return this;
    }

    public RoutingStateReader routesFile(Path path, AddressFamily family) {
        return routes(io.netprove.grammar.DisplayPath.of(path), TextInput.read(path), family);
    }

    public RoutingStateReader rulesFile(Path path, AddressFamily family) {
        return rules(io.netprove.grammar.DisplayPath.of(path), TextInput.read(path), family);
    }

    public RoutingStateReader addressesFile(Path path) {
        return addresses(io.netprove.grammar.DisplayPath.of(path), TextInput.read(path));
    }

    /** The state read so far. */
    public RoutingState state() {
        return new RoutingState(routes, rules, interfaces, sources, diagnostics);
    }
}
