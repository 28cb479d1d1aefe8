package io.netprove.model.intent;

import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;

/** Where the packets of a reachability statement come from. */
public sealed interface Source {

    /** Where the source is written. */
    SourceLocation location();

    /** Exhaustive dispatch over every variant (Java 17 has no pattern switch). */
    interface Visitor<R> {
        R visit(ZoneSource x);

        R visit(PodSetSource x);

        R visit(AddressSource x);

        R visit(NodeSource x);
    }

    /** Calls the visitor method for this variant. */
    <R> R accept(Visitor<R> v);

    /**
     * A named zone, a built-in zone or {@code everything}: a {@link ZoneExpr.ZoneRef}, {@link ZoneExpr.Builtin} or
     * {@link ZoneExpr.Everything}.
     */
    record ZoneSource(ZoneExpr zone) implements Source {

        public ZoneSource {
            Objects.requireNonNull(zone, "zone");
            if (!(zone instanceof ZoneExpr.ZoneRef || zone instanceof ZoneExpr.Builtin
                    || zone instanceof ZoneExpr.Everything)) {
                throw new IllegalArgumentException("a zone source is a zone name or a built-in zone: " + zone);
            }
        }

        public SourceLocation location() {
            return zone.location();
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        @Override
        public String toString() {
            return zone.toString();
        }
    }

    /** The pods of a pod set, from their pod IPs. */
    record PodSetSource(ZoneExpr.PodSet podSet) implements Source {

        public PodSetSource {
            Objects.requireNonNull(podSet, "podSet");
        }

        public SourceLocation location() {
            return podSet.location();
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        @Override
        public String toString() {
            return podSet.toString();
        }
    }

    /** An address or CIDR block written literally. */
    record AddressSource(IpPrefix prefix, SourceLocation location) implements Source {

        public AddressSource {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(location, "location");
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        @Override
        public String toString() {
            return prefix.toShortString();
        }
    }

    /** A declared node itself (processes in its host network namespace), from any of its addresses. */
    record NodeSource(String node, SourceLocation location) implements Source {

        public NodeSource {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(location, "location");
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        @Override
        public String toString() {
            return "node " + node;
        }
    }
}
