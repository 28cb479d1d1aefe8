package io.netprove.verifier.fuzz;

import io.netprove.model.netfilter.SourceLocation;

/**
 * Something fuzzing one node found: what kind of thing, on which node, about what ({@code subject}, e.g. the rule
 * or the service), a message a person can act on, and where it was read (the rule's file:line, or NONE).
 */
public record FuzzFinding(Kind kind, String node, String subject, String message, SourceLocation location) {

    /** The kinds of findings, each with a stable id. */
    public enum Kind {
        /** The concrete simulator and the symbolic explorer (or a Z3 witness) disagree: a netprove bug. */
        DISAGREEMENT("NP-FUZZ-001", "Concrete and symbolic simulation disagree (a netprove bug)"),
        /** A rule no packet can match because earlier rules take every packet it selects. */
        SHADOWED_RULE("NP-FUZZ-002", "Rule can never match: earlier rules take every packet it selects"),
        /** A rule in a chain that nothing jumps to, or that only rules which never match jump to. */
        UNREACHABLE_RULE("NP-FUZZ-003", "Rule can never match: no packet reaches its chain"),
        /** A DNAT (or IPVS real server) whose address is in neither the pod nor the node networks. */
        DNAT_OUTSIDE_CLUSTER("NP-FUZZ-004", "DNAT to an address outside the pod and node networks"),
        /** A ClusterIP service port without endpoints whose connections are not rejected. */
        NO_ENDPOINTS_NOT_REJECTED("NP-FUZZ-005", "ClusterIP without endpoints is not rejected"),
        /**
         * A rule of a kube-proxy chain ({@code KUBE-*}) that never matches: kube-proxy writes some redundant rules
         * (a "no local endpoints" DROP behind KUBE-PROXY-FIREWALL's drop of the same load-balancer traffic); they
         * have no effect and are not the user's to change.
         */
        KUBE_PROXY_DEAD_RULE("NP-FUZZ-006", "kube-proxy rule that can never match (redundant, no effect)");

        private final String id;
        private final String title;

        Kind(String id, String title) {
            this.id = id;
            this.title = title;
        }

        public String id() {
            return id;
        }

        public String title() {
            return title;
        }
    }
}
