package io.netprove.model.intent;

import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** What the packets of a reachability statement are meant to reach (or not). */
public sealed interface Target {

    /** Where the target is written. */
    SourceLocation location();

    /** Exhaustive dispatch over every variant (Java 17 has no pattern switch). */
    interface Visitor<R> {
        R visit(ZoneTarget x);

        R visit(PodSetTarget x);

        R visit(ServiceTarget x);

        R visit(AddressTarget x);

        R visit(NodeTarget x);

        R visit(UrlTarget x);
    }

    /** Calls the visitor method for this variant. */
    <R> R accept(Visitor<R> v);

    /**
     * A named zone, a built-in zone or {@code everything}: a {@link ZoneExpr.ZoneRef}, {@link ZoneExpr.Builtin} or
     * {@link ZoneExpr.Everything}.
     */
    record ZoneTarget(ZoneExpr zone) implements Target {

        public ZoneTarget {
            Objects.requireNonNull(zone, "zone");
            if (!(zone instanceof ZoneExpr.ZoneRef || zone instanceof ZoneExpr.Builtin
                    || zone instanceof ZoneExpr.Everything)) {
                throw new IllegalArgumentException("a zone target is a zone name or a built-in zone: " + zone);
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

    /** The pods of a pod set, at their pod IPs. */
    record PodSetTarget(ZoneExpr.PodSet podSet) implements Target {

        public PodSetTarget {
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

    /**
     * A service: reaching it means arriving at one of its endpoints through one of its frontends. {@code port} is a
     * service port's name or number; empty means every port of the service.
     */
    record ServiceTarget(String namespace, String name, Optional<String> port, SourceLocation location)
            implements Target {

        public ServiceTarget {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(location, "location");
        }

        /** {@code namespace/name}. */
        public String qualifiedName() {
            return namespace + "/" + name;
        }

        /** The port as a number when it was written as one. */
        public OptionalInt portNumber() {
            if (port.isPresent() && !port.get().isEmpty() && port.get().chars().allMatch(Character::isDigit)) {
                return OptionalInt.of(Integer.parseInt(port.get()));
            }
            return OptionalInt.empty();
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        @Override
        public String toString() {
            return "service " + qualifiedName() + port.map(p -> ":" + p).orElse("");
        }
    }

    /** An address or CIDR block; {@code port} (TCP) is given only with a single address ({@code IP:PORT}). */
    record AddressTarget(IpPrefix prefix, OptionalInt port, SourceLocation location) implements Target {

        public AddressTarget {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(location, "location");
            if (port.isPresent() && !prefix.isHost()) {
                throw new IllegalArgumentException("a port needs a single address, not " + prefix);
            }
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        @Override
        public String toString() {
            if (port.isPresent()) {
                return prefix.network().withPort(port.getAsInt());
            }
            return prefix.toShortString();
        }
    }

    /** A declared node, at any of its addresses. */
    record NodeTarget(String node, SourceLocation location) implements Target {

        public NodeTarget {
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

    /**
     * An HTTP request through an ingress controller: {@code http://HOST[:PORT]/PATH} or {@code https://...}. The host
     * and path choose the Ingress rule; {@code port}, when given, is the port the client connects to (otherwise any
     * port of the controller's listener for the scheme). The path is kept without its query.
     */
    record UrlTarget(boolean https, String host, OptionalInt port, String path, SourceLocation location)
            implements Target {

        public UrlTarget {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(location, "location");
            if (host.isEmpty() || !path.startsWith("/")) {
                throw new IllegalArgumentException("a URL needs a host and an absolute path: " + host + path);
            }
        }

        /** {@code http} or {@code https}. */
        public String scheme() {
            return https ? "https" : "http";
        }

        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }

        @Override
        public String toString() {
            return scheme() + "://" + host + (port.isPresent() ? ":" + port.getAsInt() : "") + path;
        }
    }
}
