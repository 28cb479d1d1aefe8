package io.netprove.api;

import io.netprove.grammar.InputError;
import io.netprove.grammar.input.VerificationInput;
import io.netprove.grammar.intent.IntentResolver;
import io.netprove.model.intent.ExposureStatement;
import io.netprove.model.intent.Quantifier;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Statement;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import io.netprove.verifier.check.ClusterContext;
import io.netprove.verifier.check.ExposureMatrix;
import io.netprove.verifier.check.StatementChecker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an intent against a cluster's captured state and returns the same {@link Verdict} records the CLI prints.
 * Opening reads the manifests and the node dumps and cross-checks the intent's names against them; the verifier
 * then owns Z3 contexts, so close it (try-with-resources) when done. Not thread-safe: use one per thread.
 *
 * <pre>{@code
 * Snapshot snapshot = Snapshot.load(Path.of("snapshots/monday"));
 * Intent intent = Intent.parse(Path.of("intent.np"), snapshot);
 * try (Verifier verifier = Verifier.open(intent, snapshot, Limits.DEFAULT)) {
 *     for (Verdict v : verifier.check().verdicts()) {
 *         System.out.println(v.status() + " " + v.subject());
 *     }
 * }
 * }</pre>
 */
public final class Verifier implements AutoCloseable {

    /** How the checker words a probe on a node whose state was not read; shards drop those of other shards. */
    private static final Pattern NOT_READ = Pattern.compile(
            "^no (?:IPv[46] )?forwarding state was captured for node (\\S+) \\(");

    private final Intent intent;
    private final Snapshot snapshot;
    private final Limits limits;
    private final VerificationInput input;
    private final ClusterContext context;
    private final StatementChecker checker;
    private final Shard shard;
    private final ShardPlan plan;
    private final Set<String> walked;
    private final List<String> notes;
    private StatementChecker wholeChecker;

    private Verifier(Intent intent, Snapshot snapshot, Limits limits, Shard shard) {
        this.intent = intent;
        this.snapshot = snapshot;
        this.limits = limits;
        this.shard = shard;
        Path dir = snapshot == null ? null : snapshot.dir();
        if (shard == null) {
            this.plan = null;
            this.walked = null;
            this.input = VerificationInput.load(intent.model(), dir);
        } else {
            this.plan = ShardPlan.of(intent, snapshot, shard.count());
            this.walked = new HashSet<>(plan.nodes(shard.index()));
            this.input = VerificationInput.load(intent.model(), dir, walked::contains);
        }
        this.context = shard == null ? ClusterContext.of(input.intent(), input.objects(), input.nodes())
                : ClusterContext.of(input.intent(), input.objects(), input.nodes(),
                        name -> VerificationInput.readNode(input.intent(), dir, name));
        this.checker = new StatementChecker(context, limits.timeoutMillis(), limits.maxPaths());
        this.notes = new ArrayList<>(input.notes());
    }

    /**
     * Opens a verifier for {@code intent} against {@code snapshot}, or against the state folders the intent's
     * cluster block names when {@code snapshot} is null.
     *
     * @throws InputError when a manifest or dump is malformed or the intent names what the cluster lacks
     */
    public static Verifier open(Intent intent, Snapshot snapshot, Limits limits) {
        return new Verifier(intent, snapshot, limits, null);
    }

    /**
     * Opens the verifier of one shard of a fleet check: only the nodes {@link ShardPlan} gives this shard are read
     * and walked; statements about some packet are checked whole by shard 0 (which then reads every node). Combine
     * the shards' {@link #check()} results with {@link ShardMerge#merge}.
     */
    public static Verifier open(Intent intent, Snapshot snapshot, Limits limits, Shard shard) {
        return new Verifier(intent, snapshot, limits, shard);
    }

    /** Checks every statement of {@code intent} against {@code snapshot} with {@link Limits#DEFAULT}. */
    public static Verification check(Intent intent, Snapshot snapshot) {
        try (Verifier v = open(intent, snapshot, Limits.DEFAULT)) {
            return v.check();
        }
    }

    /** Checks every statement of the intent, in order. In a shard, see {@link ShardRun.Scope}. */
    public Verification check() {
        List<Verdict> verdicts = new ArrayList<>();
        List<ShardRun.Scope> scopes = new ArrayList<>();
        for (Statement s : input.intent().statements()) {
            if (shard == null) {
                verdicts.add(checker.check(s));
                continue;
            }
            ShardRun.Scope scope = scope(s);
            if (scope == ShardRun.Scope.WHOLE && shard.index() != 0) {
                continue;
            }
            verdicts.add(check(s));
            scopes.add(scope);
        }
        Optional<ShardRun> run = shard == null ? Optional.empty() : Optional.of(new ShardRun(shard, plan.id(),
                plan.nodes(shard.index()), plan.sameAs(), scopes));
        return new Verification(intent.file().toString(), verdicts, notes, run);
    }

    /** Checks one statement (in a shard: this shard's part of it, see {@link ShardRun.Scope}). */
    public Verdict check(Statement s) {
        if (shard == null) {
            return checker.check(s);
        }
        if (scope(s) == ShardRun.Scope.WHOLE) {
            return whole().check(s);
        }
        return withinShard(checker.check(s));
    }

    /**
     * Parses a statement in the intent language, checks its names against the cluster, and decides it.
     *
     * @throws InputError located in {@code <command line>} on a syntax error or an unknown name
     */
    public Verdict ask(String statement) {
        Statement s = intent.statement(statement);
        IntentResolver.problems(s, VerificationInput.names(input.objects())).stream().findFirst().ifPresent(e -> {
            throw e;
        });
        return check(s);
    }

    /** For every zone of the intent and every service, whether the zone reaches it (not available in a shard). */
    public ExposureMatrix.Matrix matrix() {
        if (shard != null) {
            throw new IllegalStateException("the exposure matrix is computed on the whole cluster, not in a shard");
        }
        return ExposureMatrix.compute(context, checker);
    }

    /** The cluster as the checker sees it (zones as addresses, services, nodes), for reports and flow diffs. */
    public ClusterContext context() {
        return context;
    }

    /** The manifests, node states and resolved intent this verifier read (in a shard: this shard's nodes). */
    public VerificationInput input() {
        return input;
    }

    /** Notes about the input worth showing once ("not captured: ..."). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Releases the solver contexts; the verifier cannot be used afterwards. Calling it twice is harmless. */
    @Override
    public void close() {
        checker.close();
        if (wholeChecker != null) {
            wholeChecker.close();
            wholeChecker = null;
        }
    }

    /** NODES for statements about every packet (they split by entry node), WHOLE for existential ones. */
    static ShardRun.Scope scope(Statement s) {
        return s.accept(new Statement.Visitor<ShardRun.Scope>() {
            @Override
            public ShardRun.Scope visit(ReachStatement x) {
                return x.quantifier() == Quantifier.EVERY && !x.onlyVia() ? ShardRun.Scope.NODES
                        : ShardRun.Scope.WHOLE;
            }

            @Override
            public ShardRun.Scope visit(ExposureStatement x) {
                return x.claim() == ExposureStatement.Claim.NOT_EXPOSED ? ShardRun.Scope.NODES
                        : ShardRun.Scope.WHOLE;
            }
        });
    }

    /** The checker over every node's state, made when shard 0 meets its first WHOLE statement. */
    private StatementChecker whole() {
        if (wholeChecker == null) {
            VerificationInput all = VerificationInput.load(intent.model(), snapshot == null ? null : snapshot.dir());
            for (String n : all.notes()) {
                if (!notes.contains(n)) {
                    notes.add(n);
                }
            }
            wholeChecker = new StatementChecker(ClusterContext.of(all.intent(), all.objects(), all.nodes()),
                    limits.timeoutMillis(), limits.maxPaths());
        }
        return wholeChecker;
    }

    /**
     * A verdict on a shard's nodes: probes entering the nodes of other shards found no state here, which the
     * checker reports as reasons; those reasons are dropped, and a verdict left without reasons holds here.
     */
    private Verdict withinShard(Verdict v) {
        if (v.status() == Status.HOLDS) {
            return v;
        }
        List<String> kept = new ArrayList<>();
        for (String r : v.reasons()) {
            Matcher m = NOT_READ.matcher(r);
            if (!(m.find() && !walked.contains(m.group(1)))) {
                kept.add(r);
            }
        }
        if (v.status() == Status.VIOLATED) {
            return new Verdict(v.subject(), v.text(), v.location(), v.status(), v.summary(), v.witnesses(), kept,
                    v.approximations(), v.millis());
        }
        if (kept.isEmpty()) {
            return new Verdict(v.subject(), v.text(), v.location(), Status.HOLDS, "proven for every packet entering"
                    + " this shard's nodes (" + (walked.isEmpty() ? "none" : String.join(", ",
                    new java.util.TreeSet<>(walked))) + ")", v.witnesses(), List.of(), v.approximations(), v.millis());
        }
        return new Verdict(v.subject(), v.text(), v.location(), Status.UNKNOWN, "could not be decided: "
                + kept.get(0), v.witnesses(), List.copyOf(new LinkedHashSet<>(kept)), v.approximations(), v.millis());
    }
}
