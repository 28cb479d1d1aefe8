package io.netprove.model.intent;

import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** A set of addresses in the intent language: the right-hand side of {@code zone NAME = ...}, or a part of it. */
public sealed interface ZoneExpr {

    /** Where the expression starts in the intent. */
    SourceLocation location();

    /** Exhaustive dispatch over every variant (Java 17 has no pattern switch). */
    interface Visitor<R> {
        R visit(Cidrs x);

        R visit(ZoneRef x);

        R visit(Builtin x);

        R visit(PodSet x);

        R visit(Union x);

        R visit(Except x);

        R visit(Everything x);
    }

    /** Calls the visitor method for this variant. */
    <R> R accept(Visitor<R> v);

    /** Addresses and CIDR blocks written literally (a single address is a /32 or /128). */
    record Cidrs(List<IpPrefix> prefixes, SourceLocation location) implements ZoneExpr {

        public Cidrs {
            prefixes = List.copyOf(prefixes);
            if (prefixes.isEmpty()) {
                throw new IllegalArgumentException("no prefixes");
            }
            Objects.requireNonNull(location, "location");
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        @Override
        public String toString() {
            return prefixes.stream().map(IpPrefix::toShortString).collect(Collectors.joining(", "));
        }
    }

    /** A reference to a zone defined with {@code zone NAME = ...}. */
    record ZoneRef(String name, SourceLocation location) implements ZoneExpr {

        public ZoneRef {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(location, "location");
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One of the built-in zones {@code pods}, {@code services}, {@code nodes}, {@code cluster}. */
    record Builtin(BuiltinZone zone, SourceLocation location) implements ZoneExpr {

        public Builtin {
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(location, "location");
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        @Override
        public String toString() {
            return zone.keyword();
        }
    }

    /**
     * The pods in a namespace (or in any namespace, when empty) whose labels match the selector; the addresses are
     * those pods' IPs.
     */
    record PodSet(Optional<String> namespace, LabelSelector selector, SourceLocation location) implements ZoneExpr {

        public PodSet {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(location, "location");
        }

        /** True if a pod in {@code podNamespace} with these labels belongs to the set. */
        public boolean matches(String podNamespace, Map<String, String> labels) {
            return (namespace.isEmpty() || namespace.get().equals(podNamespace)) && selector.matches(labels);
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        /** The set in the intent language's canonical form. */
        @Override
        public String toString() {
            if (namespace.isEmpty()) {
                return "pods with " + selector;
            }
            if (selector.isEmpty()) {
                return "pods in namespace " + namespace.get();
            }
            return "pods " + namespace.get() + "/" + selector;
        }
    }

    /** Every address in any of the members. */
    record Union(List<ZoneExpr> members, SourceLocation location) implements ZoneExpr {

        public Union {
            members = List.copyOf(members);
            if (members.size() < 2) {
                throw new IllegalArgumentException("a union needs at least two members");
            }
            Objects.requireNonNull(location, "location");
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        @Override
        public String toString() {
            return members.stream().map(ZoneExpr::toString).collect(Collectors.joining(", "));
        }
    }

    /** The addresses of {@code base} that are not in {@code excluded}. */
    record Except(ZoneExpr base, ZoneExpr excluded, SourceLocation location) implements ZoneExpr {

        public Except {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(excluded, "excluded");
            Objects.requireNonNull(location, "location");
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        @Override
        public String toString() {
            return base + " except " + excluded;
        }
    }

    /** Every address, IPv4 and IPv6. */
    record Everything(SourceLocation location) implements ZoneExpr {

        public Everything {
            Objects.requireNonNull(location, "location");
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        @Override
        public String toString() {
            return "everything";
        }
    }
}
