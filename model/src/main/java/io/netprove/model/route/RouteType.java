package io.netprove.model.route;

/** The kernel's route types (RTN_*), by the keyword iproute2 prints before the destination. */
public enum RouteType {
    UNICAST("unicast"),
    LOCAL("local"),
    BROADCAST("broadcast"),
    ANYCAST("anycast"),
    MULTICAST("multicast"),
    BLACKHOLE("blackhole"),
    UNREACHABLE("unreachable"),
    PROHIBIT("prohibit"),
    THROW("throw"),
    NAT("nat"),
    XRESOLVE("xresolve"),
    UNSPEC("unspec");

    private final String keyword;

    RouteType(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** The type for a keyword, or null. */
    public static RouteType lookup(String word) {
        for (RouteType t : values()) {
            if (t.keyword.equals(word)) {
                return t;
            }
        }
        return null;
    }
}
