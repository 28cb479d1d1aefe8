package io.netprove.model.intent;

/** The zones every intent has, defined by the cluster block. */
public enum BuiltinZone {
    /** The pod network(s). */
    PODS("pods"),
    /** The service network(s). */
    SERVICES("services"),
    /** The addresses of the declared nodes. */
    NODES("nodes"),
    /** Pods, services and nodes together. */
    CLUSTER("cluster");

    private final String keyword;

    BuiltinZone(String keyword) {
        this.keyword = keyword;
    }

    /** The word the intent language uses. */
    public String keyword() {
        return keyword;
    }

    @Override
    public String toString() {
        return keyword;
    }
}
