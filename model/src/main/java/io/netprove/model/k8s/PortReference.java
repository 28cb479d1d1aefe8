package io.netprove.model.k8s;

import java.util.Objects;

/**
 * A port given either by number or by name (the API's {@code IntOrString}): a Service's {@code targetPort}, a
 * NetworkPolicy port, an Ingress backend port. A name is resolved against the container ports of each pod.
 */
public sealed interface PortReference permits PortReference.Numbered, PortReference.Named {

    static PortReference of(int number) {
        return new Numbered(number);
    }

    static PortReference of(String name) {
        return new Named(name);
    }

    /** A port number, 1 to 65535. */
    record Numbered(int number) implements PortReference {
        public Numbered {
            if (number < 1 || number > 65535) {
                throw new IllegalArgumentException("port number out of range: " + number);
            }
        }

        @Override
        public String toString() {
            return Integer.toString(number);
        }
    }

    /** A port name (an IANA service name such as {@code http}). */
    record Named(String name) implements PortReference {
        public Named {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty port name");
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
