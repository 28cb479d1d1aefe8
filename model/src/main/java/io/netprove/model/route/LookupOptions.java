package io.netprove.model.route;

/**
 * Kernel settings that change route lookups. {@code ignoreLinkdown} is the sysctl
 * {@code net.ipv4.conf.*.ignore_routes_with_linkdown} (off by default: link-down routes are still used).
 */
public record LookupOptions(boolean ignoreLinkdown) {

    public static final LookupOptions DEFAULT = new LookupOptions(false);
}
