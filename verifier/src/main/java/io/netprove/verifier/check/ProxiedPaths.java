package io.netprove.verifier.check;

import io.netprove.model.intent.Exposure;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Target;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Witness;
import io.netprove.verifier.cluster.ServicePortView;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The exposure kinds that reach a service through a proxy, which opens a second connection of its own: an ingress
 * controller ({@link IngressPaths}), the API server for {@code kubectl port-forward} and its service proxy
 * ({@link ApiPaths}). {@link StatementChecker} asks here for these kinds and for URL targets.
 */
final class ProxiedPaths {

    private final IngressPaths ingress;
    private final ApiPaths api;

    ProxiedPaths(StatementChecker sc) {
        Legs legs = new Legs(sc);
        this.ingress = new IngressPaths(sc, legs);
        this.api = new ApiPaths(sc, legs);
    }

    /** {@code A can|cannot reach http(s)://HOST/PATH}. */
    CheckResult url(ReachStatement s, Target.UrlTarget u) {
        return s.expectsReachable() ? ingress.canReachUrl(s, u) : ingress.cannotReachUrl(s, u);
    }

    /** {@code A can reach service S via KIND} for a proxied kind. */
    CheckResult canReach(ReachStatement s, Target.ServiceTarget st, List<ServicePortView> views, Exposure kind) {
        return kind == Exposure.INGRESS ? ingress.canReachService(s, st, views) : api.canReach(s, st, views, kind);
    }

    /**
     * Whether the sources reach the service through a proxied kind: HOLDS when they cannot, VIOLATED with a witness per
     * leg when they can. Empty when the kind does not apply (no Ingress of a declared controller routes to the
     * service; no API server declared, or the sources have no API access) and was not asked for by name;
     * {@code explicit} (the statement says {@code via KIND}) turns a missing declaration into UNKNOWN.
     */
    Optional<CheckResult> cannotReach(Legs.Sources src, Target.ServiceTarget st, List<ServicePortView> views,
                                      Exposure kind, List<Exposure> via, boolean explicit) {
        if (kind == Exposure.INGRESS) {
            if (!ingress.declared()) {
                return explicit ? Optional.of(StatementChecker.unknown(IngressPaths.NO_CONTROLLER)) : Optional.empty();
            }
            return ingress.cannotReachService(src, st, views, via);
        }
        if (!api.declared()) {
            return explicit ? Optional.of(StatementChecker.unknown(ApiPaths.NOT_DECLARED)) : Optional.empty();
        }
        return api.cannotReach(src, st, views, kind);
    }

    /** {@code service S is exposed as KIND} for a proxied kind: a path from outside the cluster exists. */
    CheckResult exposed(Target.ServiceTarget st, List<ServicePortView> views, Exposure kind, Legs.Sources outside) {
        return kind == Exposure.INGRESS ? ingress.exposed(st, views, outside) : api.exposed(st, views, kind, outside);
    }

    /** Both results hold: their summaries, witnesses and approximations together. */
    static CheckResult both(CheckResult a, CheckResult b) {
        List<Witness> ws = new ArrayList<>(a.witnesses());
        ws.addAll(b.witnesses());
        return new CheckResult(Status.HOLDS, a.summary() + "; and " + b.summary(), ws, List.of(),
                StatementChecker.merge(a.approximations(), b.approximations()));
    }
}
