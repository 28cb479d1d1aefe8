package io.netprove.verifier.sim;

import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Target;
import io.netprove.model.space.IntervalSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Narrows a long chain to the rules that can match a packet, without changing the result: rules that require one
 * exact destination address (or one destination port) are filed under it, every other rule is a candidate for every
 * packet, and the candidates keep chain order. kube-proxy's KUBE-SERVICES and KUBE-NODEPORTS chains, with one rule
 * per service, are the chains this is for. For symbolic walks the keys are also kept sorted, so that the keys inside
 * a set of destinations can be listed.
 */
final class ChainIndex {

    /** Chains shorter than this are scanned rule by rule. */
    static final int MIN_RULES = 24;

    /** What a chain is indexed by. */
    enum Key { NONE, DESTINATION_ADDRESS, DESTINATION_PORT }

    private final Chain chain;
    private final Key key;
    /**
     * The keyed candidates, by open addressing: a key is two longs (an address's halves, or 0 and a port), and a
     * slot whose value is null is empty. Arrays of primitives keep a lookup to a couple of memory reads.
     */
    private final long[] keysHi;
    private final long[] keysLo;
    private final int[][] values;
    private final int[] rest;
    private final int[] all;
    /** Per rule: the index of the chain its jump or goto leads to (set once by {@link #link}), else null. */
    private final ChainIndex[] targets;
    /**
     * Per rule: the trace text of its jump or goto ("jump KUBE-SVC-..."), made when first needed. Walks on several
     * threads may both make it; they make equal strings, so the race is harmless.
     */
    private final String[] effects;
    /** The keys in ascending order as (hi, lo) pairs, and their candidates, for symbolic walks. */
    private final long[] sortedKeys;
    private final int[][] sortedValues;

    private ChainIndex(Chain chain, Key key, Map<Object, int[]> byKey, int[] rest, int[] all) {
        this.chain = chain;
        this.key = key;
        int capacity = Integer.highestOneBit(Math.max(1, byKey.size()) * 2) * 2;
        this.keysHi = new long[byKey.isEmpty() ? 0 : capacity];
        this.keysLo = new long[keysHi.length];
        this.values = new int[keysHi.length][];
        for (Map.Entry<Object, int[]> e : byKey.entrySet()) {
            long hi = e.getKey() instanceof IpAddress a ? a.hi() : 0;
            long lo = e.getKey() instanceof IpAddress a ? a.lo() : (Integer) e.getKey();
            int mask = values.length - 1;
            int slot = slot(hi, lo, mask);
            while (values[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keysHi[slot] = hi;
            keysLo[slot] = lo;
            values[slot] = e.getValue();
        }
        this.rest = rest;
        this.all = all;
        Object[] objects = byKey.keySet().toArray();
        Arrays.sort(objects, (a, b) -> {
            long[] x = words(a);
            long[] y = words(b);
            int c = Long.compareUnsigned(x[0], y[0]);
            return c != 0 ? c : Long.compareUnsigned(x[1], y[1]);
        });
        this.sortedKeys = new long[objects.length * 2];
        this.sortedValues = new int[objects.length][];
        for (int i = 0; i < objects.length; i++) {
            long[] w = words(objects[i]);
            sortedKeys[2 * i] = w[0];
            sortedKeys[2 * i + 1] = w[1];
            sortedValues[i] = byKey.get(objects[i]);
        }
        this.targets = new ChainIndex[chain.rules().size()];
        this.effects = new String[targets.length];
    }

    /** {@code IDENTITY[n]} is {0, 1, ..., n-1}: shared by the many short chains (never modified). */
    private static final int[][] IDENTITY = new int[MIN_RULES][];

    static {
        for (int n = 0; n < MIN_RULES; n++) {
            IDENTITY[n] = new int[n];
            for (int i = 0; i < n; i++) {
                IDENTITY[n][i] = i;
            }
        }
    }

    static ChainIndex build(Chain chain) {
        List<Rule> rules = chain.rules();
        int n = rules.size();
        int[] all;
        if (n < MIN_RULES) {
            all = IDENTITY[n];
        } else {
            all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
        }
        if (n < MIN_RULES) {
            return new ChainIndex(chain, Key.NONE, Map.of(), all, all);
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
            return new ChainIndex(chain, Key.NONE, Map.of(), all, all);
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
        return new ChainIndex(chain, key, byKey, rest, all);
    }

    /** Records that rule {@code rule} jumps or goes to the chain indexed by {@code target}. */
    void link(int rule, ChainIndex target) {
        targets[rule] = target;
    }

    Chain chain() {
        return chain;
    }

    /** The index of the chain rule {@code rule} jumps or goes to (resolved once, when the ruleset is compiled). */
    ChainIndex target(int rule) {
        return targets[rule];
    }

    /** The trace text of rule {@code rule}'s jump or goto. */
    String effect(int rule) {
        String e = effects[rule];
        if (e == null) {
            e = (chain.rules().get(rule).target() instanceof Target.Goto ? "goto " : "jump ")
                    + targets[rule].chain().name();
            effects[rule] = e;
        }
        return e;
    }

    private static long[] words(Object k) {
        if (k instanceof IpAddress a) {
            return new long[] {a.hi(), a.lo()};
        }
        return new long[] {0, (Integer) k};
    }

    Key key() {
        return key;
    }

    /** Candidates when the key field equals the i-th sorted key. */
    int[] candidatesOfKey(int i) {
        return sortedValues[i];
    }

    /** Candidates when the key field equals none of the keys. */
    int[] rest() {
        return rest;
    }

    /** Number of keys. */
    int keyCount() {
        return sortedValues.length;
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

    private IntervalSet keySet;

    /** The keys as a set of {@code bits}-wide values (made once). */
    IntervalSet keySet(int bits) {
        IntervalSet s = keySet;
        if (s == null) {
            if (key == Key.DESTINATION_ADDRESS) {
                List<IpAddress> points = new ArrayList<>();
                for (int i = 0; i < keyCount(); i++) {
                    points.add(bits == 32 ? IpAddress.v4(keyLo(i)) : IpAddress.v6(keyHi(i), keyLo(i)));
                }
                s = IntervalSet.points(bits, points);
            } else {
                s = IntervalSet.empty(bits);
                for (int i = 0; i < keyCount(); i++) {
                    s = s.union(IntervalSet.range(bits, keyLo(i), keyLo(i)));
                }
            }
            keySet = s;
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
            case DESTINATION_ADDRESS -> lookup(destination.hi(), destination.lo());
            case DESTINATION_PORT -> lookup(0, port);
        };
    }

    private int[] lookup(long hi, long lo) {
        if (values.length == 0) {
            return rest;
        }
        int mask = values.length - 1;
        for (int slot = slot(hi, lo, mask); ; slot = (slot + 1) & mask) {
            int[] v = values[slot];
            if (v == null) {
                return rest;
            }
            if (keysLo[slot] == lo && keysHi[slot] == hi) {
                return v;
            }
        }
    }

    private static int slot(long hi, long lo, int mask) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 29)) & mask;
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
