package io.netprove.model.netfilter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A table and its chains, in the order they were declared. */
public record Table(TableName name, Map<String, Chain> chains) {

    public Table {
        chains = Collections.unmodifiableMap(new LinkedHashMap<>(chains));
    }

    public Chain chain(String chainName) {
        return chains.get(chainName);
    }
}
