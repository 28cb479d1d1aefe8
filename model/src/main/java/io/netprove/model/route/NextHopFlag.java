package io.netprove.model.route;

/** The flags iproute2 prints after a route or a multipath nexthop (RTNH_F_* and RTM_F_*). */
public enum NextHopFlag {
    DEAD("dead"),
    ONLINK("onlink"),
    PERVASIVE("pervasive"),
    OFFLOAD("offload"),
    TRAP("trap"),
    NOTIFY("notify"),
    LINKDOWN("linkdown"),
    UNRESOLVED("unresolved"),
    RT_OFFLOAD("rt_offload"),
    RT_TRAP("rt_trap"),
    RT_OFFLOAD_FAILED("rt_offload_failed");

    private final String keyword;

    NextHopFlag(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    public static NextHopFlag lookup(String word) {
        for (NextHopFlag f : values()) {
            if (f.keyword.equals(word)) {
                return f;
            }
        }
        return null;
    }
}
