package io.netprove.model.route;

import java.util.Map;

/**
 * Who installed a route ({@code proto}): kernel, boot (the default, which iproute2 does not print), static, dhcp,
 * ra, bird, zebra, ... Numbers with a name in iproute2's rt_protos are named; others stay numeric.
 */
public record RouteProtocol(String name) {

    private static final Map<String, String> BY_NUMBER = Map.ofEntries(
            Map.entry("0", "unspec"), Map.entry("1", "redirect"), Map.entry("2", "kernel"), Map.entry("3", "boot"),
            Map.entry("4", "static"), Map.entry("8", "gated"), Map.entry("9", "ra"), Map.entry("10", "mrt"),
            Map.entry("11", "zebra"), Map.entry("12", "bird"), Map.entry("13", "dnrouted"), Map.entry("14", "xorp"),
            Map.entry("15", "ntk"), Map.entry("16", "dhcp"), Map.entry("17", "mrouted"),
            Map.entry("18", "keepalived"), Map.entry("42", "babel"), Map.entry("186", "bgp"),
            Map.entry("187", "isis"), Map.entry("188", "ospf"), Map.entry("189", "rip"), Map.entry("192", "eigrp"));

    public static final RouteProtocol BOOT = new RouteProtocol("boot");
    public static final RouteProtocol KERNEL = new RouteProtocol("kernel");
    public static final RouteProtocol STATIC = new RouteProtocol("static");

    public RouteProtocol {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty protocol name");
        }
        name = BY_NUMBER.getOrDefault(name, name);
    }

    @Override
    public String toString() {
        return name;
    }
}
