package io.netprove.model.ipvs;

import java.util.OptionalInt;

/**
 * The encapsulation of a tunnelling real server ({@code --tun-type ipip|gue|gre}, {@code --tun-port},
 * {@code --tun-nocsum|--tun-csum|--tun-remcsum}); the port is only set for GUE.
 */
public record TunnelEncapsulation(Type type, OptionalInt port, Checksum checksum) {

    /** Outer header kind. */
    public enum Type { IPIP, GUE, GRE }

    /** UDP/GRE checksum handling of the outer header. */
    public enum Checksum { NONE, CHECKSUM, REMOTE_CHECKSUM }

    public static final TunnelEncapsulation IPIP =
            new TunnelEncapsulation(Type.IPIP, OptionalInt.empty(), Checksum.NONE);
}
