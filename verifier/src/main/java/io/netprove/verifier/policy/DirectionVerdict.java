package io.netprove.verifier.policy;

import io.netprove.model.k8s.PolicyType;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What NetworkPolicy says about one direction of a connection: the source pod's egress or the destination pod's
 * ingress. Only pods of the pod network are judged; an isolated pod allows what one rule of one of its policies
 * allows.
 */
public sealed interface DirectionVerdict permits DirectionVerdict.NotJudged, DirectionVerdict.NotIsolated,
        DirectionVerdict.LocalNode, DirectionVerdict.AllowedByRule, DirectionVerdict.Denied {

    /** Ingress (the destination's side) or egress (the source's side). */
    PolicyType direction();

    /** True unless the direction is denied. */
    boolean allows();

    /** One line saying what decided and why. */
    String explain();

    private static String side(PolicyType direction) {
        return direction.apiName().toLowerCase(Locale.ROOT);
    }

    /** The end of the connection in this direction is not a pod that policies apply to, so nothing is checked. */
    record NotJudged(PolicyType direction, String reason) implements DirectionVerdict {

        public NotJudged {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean allows() {
            return true;
        }

        @Override
        public String explain() {
            return side(direction) + " not judged: " + reason;
        }
    }

    /** No policy selects the pod for this direction, so every connection is allowed. */
    record NotIsolated(PolicyType direction, String pod) implements DirectionVerdict {

        public NotIsolated {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(pod, "pod");
        }

        @Override
        public boolean allows() {
            return true;
        }

        @Override
        public String explain() {
            return side(direction) + " of " + pod + ": not isolated (no NetworkPolicy selects it for "
                    + direction.apiName() + ")";
        }
    }

    /**
     * The pod is isolated, but the other end is its own node, whose traffic policies do not restrict (see
     * {@link PolicyAssumptions}): {@code node} names it and the address used, for messages.
     */
    record LocalNode(PolicyType direction, String pod, String node) implements DirectionVerdict {

        public LocalNode {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(pod, "pod");
            Objects.requireNonNull(node, "node");
        }

        @Override
        public boolean allows() {
            return true;
        }

        @Override
        public String explain() {
            return side(direction) + " of " + pod + ": allowed: " + (direction == PolicyType.INGRESS ? "sent by "
                    : "sent to ") + node + ", the pod's own node (traffic between a pod and its own node is always "
                    + "allowed)";
        }
    }

    /** Rule {@code spec.<direction>[ruleIndex]} of {@code policy} allows the connection. */
    record AllowedByRule(PolicyType direction, String pod, PolicyRef policy, int ruleIndex, SourceLocation rule)
            implements DirectionVerdict {

        public AllowedByRule {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(pod, "pod");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(rule, "rule");
        }

        @Override
        public boolean allows() {
            return true;
        }

        @Override
        public String explain() {
            return side(direction) + " of " + pod + ": allowed by " + policy + " spec." + side(direction) + "["
                    + ruleIndex + "] (" + rule + ")";
        }
    }

    /** The pod is isolated by {@code isolatedBy} (at least one policy) and none of their rules allows it. */
    record Denied(PolicyType direction, String pod, List<PolicyRef> isolatedBy) implements DirectionVerdict {

        public Denied {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(pod, "pod");
            isolatedBy = List.copyOf(isolatedBy);
            if (isolatedBy.isEmpty()) {
                throw new IllegalArgumentException("a denial needs an isolating policy");
            }
        }

        @Override
        public boolean allows() {
            return false;
        }

        @Override
        public String explain() {
            StringBuilder sb = new StringBuilder(side(direction)).append(" of ").append(pod)
                    .append(": denied: isolated by ");
            for (int i = 0; i < isolatedBy.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(isolatedBy.get(i));
            }
            return sb.append("; no ").append(side(direction)).append(" rule of theirs matches").toString();
        }
    }
}
