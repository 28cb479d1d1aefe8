package io.netprove.model.intent;

import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;

/**
 * Where a zone's routed traffic enters the cluster ({@code zone Z routes to ... via ...}): through one node (a static
 * route on the zone's router), or out of pods (a VPN or gateway pod that hands the zone's traffic to the cluster).
 */
public sealed interface RouteGateway {

    SourceLocation location();

    /** {@code via node NAME}: the zone's router sends these destinations to that node. */
    record ViaNode(String node, SourceLocation location) implements RouteGateway {
        public ViaNode {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(location, "location");
        }

        @Override
        public String toString() {
            return "node " + node;
        }
    }

    /** {@code via pods SELECTOR}: the traffic leaves those pods into their node, as the pods' own traffic does. */
    record ViaPods(ZoneExpr.PodSet pods, SourceLocation location) implements RouteGateway {
        public ViaPods {
            Objects.requireNonNull(pods, "pods");
            Objects.requireNonNull(location, "location");
        }

        @Override
        public String toString() {
            return pods.toString();
        }
    }
}
