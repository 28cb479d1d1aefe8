package io.netprove.api;

import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Combines the verifications of every shard of one plan into the verification of the whole cluster. A statement
 * of scope {@link ShardRun.Scope#NODES} is violated when some shard found a witness (that shard's witness is kept),
 * unknown when none did but some shard could not decide (every reason kept), and holds when it held on every
 * shard; a statement of scope {@link ShardRun.Scope#WHOLE} is shard 0's verdict.
 */
public final class ShardMerge {

    private ShardMerge() {
    }

    /**
     * Merges the shards' verifications (in any order).
     *
     * @throws IllegalArgumentException when a shard is missing or given twice, or the shards come from different
     *                                  plans (other nodes, other dumps, other counts) or intents
     */
    public static Verification merge(List<Verification> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no shard reports to merge");
        }
        Verification[] byIndex = null;
        String plan = null;
        String intent = null;
        for (Verification v : shards) {
            ShardRun run = v.shard().orElseThrow(() -> new IllegalArgumentException("a report of " + v.intentFile()
                    + " is not a shard report: expected reports written by check --shard I/N"));
            if (byIndex == null) {
                byIndex = new Verification[run.shard().count()];
                plan = run.plan();
                intent = v.intentFile();
            }
            if (run.shard().count() != byIndex.length || !run.plan().equals(plan)) {
                throw new IllegalArgumentException("shard " + run.shard() + " belongs to plan " + run.plan() + ", not "
                        + plan + " of " + byIndex.length + " shards: expected the reports of one sharded run (same"
                        + " snapshot, same shard count)");
            }
            if (!v.intentFile().equals(intent)) {
                throw new IllegalArgumentException("shard " + run.shard() + " checked " + v.intentFile() + ", not "
                        + intent + ": expected the reports of one intent");
            }
            if (byIndex[run.shard().index()] != null) {
                throw new IllegalArgumentException("shard " + run.shard() + " is given twice");
            }
            byIndex[run.shard().index()] = v;
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < byIndex.length; i++) {
            if (byIndex[i] == null) {
                missing.add(i + "/" + byIndex.length);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing shard report" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + ": expected every shard of the run");
        }
        Verification first = byIndex[0];
        ShardRun firstRun = first.shard().orElseThrow();
        List<Verdict> merged = new ArrayList<>();
        Set<String> notes = new LinkedHashSet<>();
        List<Map<String, Verdict>> keyed = new ArrayList<>();
        int walked = 0;
        for (Verification v : byIndex) {
            Map<String, Verdict> m = new LinkedHashMap<>();
            for (Verdict d : v.verdicts()) {
                m.put(key(d), d);
            }
            keyed.add(m);
            notes.addAll(v.notes());
            walked += v.shard().orElseThrow().nodes().size();
        }
        String sameAs = sameAsText(firstRun.sameAs());
        for (int i = 0; i < first.verdicts().size(); i++) {
            Verdict d = first.verdicts().get(i);
            if (firstRun.scopes().get(i) == ShardRun.Scope.WHOLE) {
                merged.add(d);
                continue;
            }
            List<Verdict> parts = new ArrayList<>();
            for (int s = 0; s < byIndex.length; s++) {
                Verdict p = keyed.get(s).get(key(d));
                if (p == null) {
                    throw new IllegalArgumentException("shard " + s + "/" + byIndex.length + " has no verdict on '"
                            + d.subject() + "' (" + d.location() + "): expected the reports of one intent");
                }
                parts.add(p);
            }
            merged.add(combine(parts, byIndex.length, sameAs));
        }
        notes.add("merged from " + byIndex.length + " shards of plan " + plan + ": " + walked + " node"
                + (walked == 1 ? "" : "s") + " walked" + (firstRun.sameAs().isEmpty() ? ""
                : ", " + firstRun.sameAs().size() + " more covered by byte-identical dumps"));
        return new Verification(intent, merged, new ArrayList<>(notes), Optional.empty());
    }

    private static String key(Verdict v) {
        return v.location() + "\u0000" + v.text();
    }

    private static Verdict combine(List<Verdict> parts, int count, String sameAs) {
        Verdict head = parts.get(0);
        long millis = 0;
        Set<String> approximations = new LinkedHashSet<>();
        Set<String> reasons = new LinkedHashSet<>();
        Verdict violated = null;
        Verdict unknown = null;
        for (Verdict p : parts) {
            millis += p.millis();
            approximations.addAll(p.approximations());
            if (p.status() == Status.VIOLATED && violated == null) {
                violated = p;
            } else if (p.status() == Status.UNKNOWN) {
                reasons.addAll(p.reasons());
                if (unknown == null) {
                    unknown = p;
                }
            }
        }
        if (sameAs != null) {
            approximations.add(sameAs);
        }
        if (violated != null) {
            return new Verdict(head.subject(), head.text(), head.location(), Status.VIOLATED, violated.summary(),
                    violated.witnesses(), violated.reasons(), List.copyOf(approximations), millis);
        }
        if (unknown != null) {
            return new Verdict(head.subject(), head.text(), head.location(), Status.UNKNOWN, unknown.summary(),
                    List.of(), List.copyOf(reasons), List.copyOf(approximations), millis);
        }
        return new Verdict(head.subject(), head.text(), head.location(), Status.HOLDS, "proven for every packet in"
                + " scope, on every node (" + count + " shard" + (count == 1 ? "" : "s") + ")", List.of(), List.of(),
                List.copyOf(approximations), millis);
    }

    /** The approximation that identical dumps bring, or null when no node was left to another. */
    private static String sameAsText(Map<String, String> sameAs) {
        if (sameAs.isEmpty()) {
            return null;
        }
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : sameAs.entrySet()) {
            if (pairs.size() == 5) {
                pairs.add("and " + (sameAs.size() - 5) + " more");
                break;
            }
            pairs.add(e.getKey() + " as " + e.getValue());
        }
        return "nodes whose dumps are byte-identical were walked once (" + String.join(", ", pairs) + "): their"
                + " answers are taken to be the same although their own addresses and pod ranges differ";
    }
}
