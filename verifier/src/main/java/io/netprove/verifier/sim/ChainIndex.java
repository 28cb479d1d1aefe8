package io.netprove.verifier.sim;

import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.Rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Narrows a long chain to the rules that can match a packet, without changing the result: rules that require one
 * exact destination address (or one destination port) are filed under it, every other rule is a candidate for every
 * packet, and the candidates keep chain order. kube-proxy's KUBE-SERVICES and KUBE-NODEPORTS chains, with one rule
 * per service, are the chains this is for.
 */
final class ChainIndex {

    /** Chains shorter than this are scanned rule by rule. */
    static final int MIN_RULES = 24;

    private enum Key { NONE, DESTINATION_ADDRESS, DESTINATION_PORT }

    private final Key key;
    private final Map<Object, int[]> byKey;
    private final int[] rest;
    private final int[] all;

    private ChainIndex(Key key, Map<Object, int[]> byKey, int[] rest, int[] all) {
        this.key = key;
        this.byKey = byKey;
        this.rest = rest;
        this.all = all;
    }

    static ChainIndex build(Chain chain) {
        List<Rule> rules = chain.rules();
        int n = rules.size();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (n < MIN_RULES) {
            return new ChainIndex(Key.NONE, Map.of(), all, all);
        }
        int byAddress = 0;
        int byPort = 0;
        for (Rule r : rules) {
            if (hostDestination(r) != null) {
                byAddress++;
            }
            if (singleDestinationPort(r) >= 0) {
                byPort++;
            }
        }
        Key key;
        if (byAddress * 2 >= n) {
            key = Key.DESTINATION_ADDRESS;
        } else if (byPort * 2 >= n) {
            key = Key.DESTINATION_PORT;
        } else {
            return new ChainIndex(Key.NONE, Map.of(), all, all);
        }
        Map<Object, List<Integer>> keyed = new HashMap<>();
        List<Integer> wild = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object k = keyOf(key, rules.get(i));
            if (k == null) {
                wild.add(i);
            } else {
                keyed.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
            }
        }
        int[] rest = toArray(wild);
        Map<Object, int[]> byKey = new HashMap<>(keyed.size() * 2);
        for (Map.Entry<Object, List<Integer>> e : keyed.entrySet()) {
            byKey.put(e.getKey(), merge(toArray(e.getValue()), rest));
        }
        return new ChainIndex(key, byKey, rest, all);
    }

    private static Object keyOf(Key key, Rule r) {
        if (key == Key.DESTINATION_ADDRESS) {
            return hostDestination(r);
        }
        int p = singleDestinationPort(r);
        return p < 0 ? null : p;
    }

    /** Rule indexes, in order, that can match a packet to {@code destination:port}. */
    int[] candidates(IpAddress destination, int port) {
        return switch (key) {
            case NONE -> all;
            case DESTINATION_ADDRESS -> byKey.getOrDefault(destination, rest);
            case DESTINATION_PORT -> byKey.getOrDefault(port, rest);
        };
    }

    /** The exact destination a rule requires (a non-negated host {@code -d}), or null. */
    private static IpAddress hostDestination(Rule r) {
        for (Match m : r.matches()) {
            if (m instanceof Match.Address a && a.direction() == Direction.DESTINATION && !a.negated()
                    && a.prefix().isHost()) {
                return a.prefix().network();
            }
        }
        return null;
    }

    /** The single destination port a rule requires (a non-negated {@code --dport N}), or -1. */
    private static int singleDestinationPort(Rule r) {
        for (Match m : r.matches()) {
            if (m instanceof Match.Port p && p.direction() == Direction.DESTINATION && !p.negated()
                    && p.range().isSingle()) {
                return p.range().first();
            }
        }
        return -1;
    }

    private static int[] toArray(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    private static int[] merge(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length && j < b.length) {
            out[k++] = a[i] < b[j] ? a[i++] : b[j++];
        }
        while (i < a.length) {
            out[k++] = a[i++];
        }
        while (j < b.length) {
            out[k++] = b[j++];
        }
        return out;
    }
}
