package io.netprove.verifier.sim;

import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.space.IntervalSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Narrows a long chain to the rules that can match a packet, without changing the result: rules that require one
 * exact destination address (or one destination port) are filed under it, every other rule is a candidate for every
 * packet, and candidates keep chain order. kube-proxy's KUBE-SERVICES and KUBE-NODEPORTS chains, with one rule per
 * service, are what this is for. For symbolic walks the keys are also kept sorted, so that the keys inside a set of
 * destinations can be listed.
 */
final class ChainIndex {

    /** Chains shorter than this are scanned rule by rule. */
    static final int MIN_RULES = 24;

    /** What a chain is indexed by. */
    enum Key { NONE, DESTINATION_ADDRESS, DESTINATION_PORT }

    private final Key key;
    private final Map<Object, int[]> byKey;
    private final int[] rest;
    private final int[] all;
    /** Sorted keys as (hi, lo) pairs. */
    private final long[] sortedKeys;
    private final Object[] sortedKeyObjects;

    private ChainIndex(Key key, Map<Object, int[]> byKey, int[] rest, int[] all, long[] sortedKeys,
                       Object[] sortedKeyObjects) {
        this.key = key;
        this.byKey = byKey;
        this.rest = rest;
        this.all = all;
        this.sortedKeys = sortedKeys;
        this.sortedKeyObjects = sortedKeyObjects;
    }

    static ChainIndex build(Chain chain) {
        List<Rule> rules = chain.rules();
        int n = rules.size();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        ChainIndex none = new ChainIndex(Key.NONE, Map.of(), all, all, new long[0], new Object[0]);
        if (n < MIN_RULES) {
            return none;
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
            return none;
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
        Object[] objects = keyed.keySet().toArray();
        Arrays.sort(objects, (a, b) -> {
            long[] x = words(a);
            long[] y = words(b);
            int c = Long.compareUnsigned(x[0], y[0]);
            return c != 0 ? c : Long.compareUnsigned(x[1], y[1]);
        });
        long[] sorted = new long[objects.length * 2];
        for (int i = 0; i < objects.length; i++) {
            long[] w = words(objects[i]);
            sorted[2 * i] = w[0];
            sorted[2 * i + 1] = w[1];
        }
        for (Map.Entry<Object, List<Integer>> e : keyed.entrySet()) {
            byKey.put(e.getKey(), merge(toArray(e.getValue()), rest));
        }
        return new ChainIndex(key, byKey, rest, all, sorted, objects);
    }

    private static long[] words(Object k) {
        if (k instanceof IpAddress a) {
            return new long[] {a.hi(), a.lo()};
        }
        return new long[] {0, (Integer) k};
    }

    private static Object keyOf(Key key, Rule r) {
        if (key == Key.DESTINATION_ADDRESS) {
            return hostDestination(r);
        }
        int p = singleDestinationPort(r);
        return p < 0 ? null : p;
    }

    Key key() {
        return key;
    }

    /** Rule indexes, in order, that can match a packet to {@code destination:port}. */
    int[] candidates(IpAddress destination, int port) {
        return switch (key) {
            case NONE -> all;
            case DESTINATION_ADDRESS -> byKey.getOrDefault(destination, rest);
            case DESTINATION_PORT -> byKey.getOrDefault(port, rest);
        };
    }

    /** Candidates when the key field equals the i-th sorted key. */
    int[] candidatesOfKey(int i) {
        return byKey.get(sortedKeyObjects[i]);
    }

    /** Candidates when the key field equals none of the keys. */
    int[] rest() {
        return rest;
    }

    /** Number of keys. */
    int keyCount() {
        return sortedKeyObjects.length;
    }

    long keyHi(int i) {
        return sortedKeys[2 * i];
    }

    long keyLo(int i) {
        return sortedKeys[2 * i + 1];
    }

    /** Positions (in sorted order) of the keys that lie in {@code set}. */
    int[] keysWithin(IntervalSet set) {
        int[] out = new int[Math.min(keyCount(), 16)];
        int n = 0;
        for (int r = 0; r < set.intervals(); r++) {
            int i = lowerBound(set.startHi(r), set.startLo(r));
            while (i < keyCount() && cmp(keyHi(i), keyLo(i), set.endHi(r), set.endLo(r)) <= 0) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2 + 1);
                }
                out[n++] = i++;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The keys as a set of {@code bits}-wide values. */
    IntervalSet keySet(int bits) {
        List<IpAddress> points = new ArrayList<>();
        if (key == Key.DESTINATION_ADDRESS) {
            for (Object o : sortedKeyObjects) {
                points.add((IpAddress) o);
            }
            return IntervalSet.points(bits, points);
        }
        IntervalSet s = IntervalSet.empty(bits);
        for (Object o : sortedKeyObjects) {
            int p = (Integer) o;
            s = s.union(IntervalSet.range(bits, p, p));
        }
        return s;
    }

    private int lowerBound(long hi, long lo) {
        int low = 0;
        int high = keyCount();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cmp(keyHi(mid), keyLo(mid), hi, lo) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int cmp(long ah, long al, long bh, long bl) {
        int c = Long.compareUnsigned(ah, bh);
        return c != 0 ? c : Long.compareUnsigned(al, bl);
    }

    /**
     * The exact destination a rule requires (a non-negated host {@code -d}, or a one-element nftables lookup whose
     * destination component is a single address), or null.
     */
    private static IpAddress hostDestination(Rule r) {
        for (Match m : r.matches()) {
            if (m instanceof Match.Address a && a.direction() == Direction.DESTINATION && !a.negated()
                    && a.prefix().isHost()) {
                return a.prefix().network();
            }
            if (m instanceof Match.Lookup l && !l.negated() && l.elements().size() == 1) {
                int i = l.keys().indexOf(Match.LookupKey.DST_ADDR);
                if (i >= 0) {
                    IntervalSet s = l.elements().get(0).components().get(i);
                    if (s.isPoint()) {
                        long[] v = s.first();
                        return s.bits() == 32 ? IpAddress.v4(v[1]) : IpAddress.v6(v[0], v[1]);
                    }
                }
            }
        }
        return null;
    }

    /** The single destination port a rule requires (a non-negated {@code --dport N} or lookup component), or -1. */
    private static int singleDestinationPort(Rule r) {
        for (Match m : r.matches()) {
            if (m instanceof Match.Port p && p.direction() == Direction.DESTINATION && !p.negated()
                    && p.range().isSingle()) {
                return p.range().first();
            }
            if (m instanceof Match.Lookup l && !l.negated() && l.elements().size() == 1) {
                int i = l.keys().indexOf(Match.LookupKey.DST_PORT);
                if (i >= 0 && l.elements().get(0).components().get(i).isPoint()) {
                    return (int) l.elements().get(0).components().get(i).first()[1];
                }
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
