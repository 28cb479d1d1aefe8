package io.netprove.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one shard of a sharded check covered: the plan it belongs to (an id that changes when the nodes or their
 * dumps change), the nodes whose state it walked, the nodes of the whole plan that were left to an identical node
 * ({@code sameAs}: node to the node whose dumps are byte-identical), and for each verdict its {@link Scope}.
 */
public record ShardRun(Shard shard, String plan, List<String> nodes, Map<String, String> sameAs,
                       List<Scope> scopes) {

    /** How far a shard's verdict reaches. */
    public enum Scope {
        /**
         * The statement speaks about every packet, so it splits by the node where traffic enters: this verdict
         * covers the shard's nodes only, and the shards' verdicts are combined (one violation anywhere violates).
         */
        NODES,
        /**
         * The statement asks for some packet or some source (an existential claim), which does not split by node:
         * shard 0 checks it on every node, and its verdict is taken as it is.
         */
        WHOLE
    }

    /** Copies the collections. */
    public ShardRun {
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(plan, "plan");
        nodes = List.copyOf(nodes);
        sameAs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sameAs));
        scopes = List.copyOf(scopes);
    }
}
