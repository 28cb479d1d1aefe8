package io.netprove.cli;

import io.netprove.grammar.InputError;
import io.netprove.grammar.input.VerificationInput;
import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.NodeSpec;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Reachability;
import io.netprove.model.intent.Source;
import io.netprove.model.intent.Statement;
import io.netprove.model.intent.Target;
import io.netprove.model.intent.ZoneDef;
import io.netprove.model.intent.ZoneExpr;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.node.NodeState;
import io.netprove.model.verdict.Verdict;
import io.netprove.rules.CompiledRules;
import io.netprove.rules.LintInput;
import io.netprove.rules.LintResult;
import io.netprove.rules.NodeDump;
import io.netprove.rules.RuleError;
import io.netprove.rules.RulesEngine;
import io.netprove.rules.RunLimits;
import io.netprove.rules.UserRules;
import io.netprove.rules.facts.ExternalRequirement;
import io.netprove.rules.facts.RuleContext;
import io.netprove.rules.facts.Zone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs the rule packs over what an intent describes, as {@code netprove check} does next to the statements: the
 * manifests, the nodes' dumps, the cluster's networks and declared zones as context, and the statements' verdicts and
 * external requirements as facts.
 */
final class IntentLint {

    private IntentLint() {
    }

    static LintResult run(VerificationInput input, List<Verdict> verdicts, List<Path> userRules,
                          CompletableFuture<CompiledRules> builtIn) {
        List<NodeDump> dumps = new ArrayList<>();
        for (NodeState n : input.nodes().values()) {
            List<Ruleset> rs = new ArrayList<>();
            n.iptables().ifPresent(rs::add);
            n.ip6tables().ifPresent(rs::add);
            dumps.add(new NodeDump(n.name(), rs));
        }
        RuleContext ctx = RuleContext.DEFAULT;
        ClusterSpec spec = input.intent().cluster().orElse(null);
        if (spec != null) {
            List<IpPrefix> nodes = new ArrayList<>();
            for (NodeSpec n : spec.nodes()) {
                for (IpAddress a : n.addresses()) {
                    nodes.add(IpPrefix.host(a));
                }
            }
            ctx = ctx.withNodePortRange(spec.nodePortRange()).withNetworks(spec.podNetworks(),
                    spec.serviceNetworks(), nodes);
        }
        List<Zone> zones = new ArrayList<>();
        for (ZoneDef z : input.intent().zones()) {
            List<IpPrefix> cidrs = plainCidrs(z.expr());
            if (cidrs != null) {
                zones.add(new Zone(z.name(), cidrs, z.location()));
            }
        }
        ctx = ctx.withZones(zones);
        List<Object> extra = new ArrayList<>(verdicts);
        for (Statement s : input.intent().statements()) {
            if (s instanceof ReachStatement r && r.reachability() == Reachability.CAN_REACH
                    && r.target() instanceof Target.ServiceTarget st && isOutside(r.source(), input)
                    && viaServiceFrontends(r)) {
                extra.add(new ExternalRequirement(s.text(), s.location(), st.namespace(), st.name()));
            }
        }
        try {
            List<CompiledRules> packs = new ArrayList<>();
            packs.add(builtIn.get());
            if (!userRules.isEmpty()) {
                packs.add(UserRules.compile(userRules));
            }
            return new RulesEngine(packs, RunLimits.DEFAULT).run(new LintInput(input.objects(), dumps, ctx, extra));
        } catch (RuleError e) {
            throw new InputError(e.location(), e.reason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the built-in rules", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot load the built-in rules: " + e.getCause(), e.getCause());
        }
    }

    /**
     * True unless the statement names only ways in that do not need the Service itself to be external (hostPort,
     * host-network pods, an ingress controller, the API server).
     */
    private static boolean viaServiceFrontends(ReachStatement r) {
        return r.via().isEmpty() || r.via().stream().anyMatch(k -> k == io.netprove.model.intent.Exposure.NODEPORT
                || k == io.netprove.model.intent.Exposure.LOADBALANCER
                || k == io.netprove.model.intent.Exposure.EXTERNALIP);
    }

    /** The CIDRs of a zone made only of CIDRs, or null for zones with pod sets, built-ins or exceptions. */
    private static List<IpPrefix> plainCidrs(ZoneExpr e) {
        if (e instanceof ZoneExpr.Cidrs c) {
            return c.prefixes();
        }
        if (e instanceof ZoneExpr.Union u) {
            List<IpPrefix> out = new ArrayList<>();
            for (ZoneExpr m : u.members()) {
                List<IpPrefix> p = plainCidrs(m);
                if (p == null) {
                    return null;
                }
                out.addAll(p);
            }
            return out;
        }
        return null;
    }

    /** A declared zone whose addresses lie outside the pod and service networks and the nodes. */
    private static boolean isOutside(Source s, VerificationInput input) {
        if (!(s instanceof Source.ZoneSource z) || !(z.zone() instanceof ZoneExpr.ZoneRef ref)) {
            return false;
        }
        return input.intent().zone(ref.name()).map(d -> plainCidrs(d.expr()) != null
                || d.expr() instanceof ZoneExpr.Everything || d.expr() instanceof ZoneExpr.Except).orElse(false);
    }
}
