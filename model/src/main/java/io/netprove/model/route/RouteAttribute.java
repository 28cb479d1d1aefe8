package io.netprove.model.route;

/**
 * A word of iproute2 output that was recognised but is not modelled ({@code pref medium}, {@code expires 300sec},
 * {@code mtu lock 1400}, {@code rto_min 5ms}, {@code nhid 12}, ...), kept verbatim. {@code affectsForwarding} is
 * true for those that can change which way a packet goes; the front end warns about them.
 */
public record RouteAttribute(String keyword, String value, boolean affectsForwarding) {

    @Override
    public String toString() {
        return value.isEmpty() ? keyword : keyword + " " + value;
    }
}
