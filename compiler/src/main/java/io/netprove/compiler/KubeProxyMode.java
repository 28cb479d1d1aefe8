package io.netprove.compiler;

import java.util.Optional;

/** kube-proxy's {@code --proxy-mode}. */
public enum KubeProxyMode {
    IPTABLES("iptables"),
    IPVS("ipvs"),
    NFTABLES("nftables");

    private final String flagValue;

    KubeProxyMode(String flagValue) {
        this.flagValue = flagValue;
    }

    /** The value as kube-proxy's flag (and a snapshot's {@code kube-proxy-mode} file) spells it. */
    public String flagValue() {
        return flagValue;
    }

    public static Optional<KubeProxyMode> fromFlagValue(String text) {
        for (KubeProxyMode m : values()) {
            if (m.flagValue.equals(text)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
