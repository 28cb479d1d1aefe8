package io.netprove.model.netfilter;

import java.util.List;

/**
 * A chain: built-in chains carry a policy, user chains do not ({@code policy == null}).
 * {@code declared} says where the chain was declared (or first created).
 */
public record Chain(String name, Policy policy, Counters counters, List<Rule> rules, SourceLocation declared) {

    public Chain {
        rules = List.copyOf(rules);
    }

    public boolean isBuiltin() {
        return policy != null;
    }
}
