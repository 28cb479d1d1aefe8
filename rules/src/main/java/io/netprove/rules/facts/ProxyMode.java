package io.netprove.rules.facts;

import java.util.Locale;
import java.util.Optional;

/** The kube-proxy mode a node's dump shows: iptables chains, IPVS (ipset-matching rules), or no kube-proxy rules. */
public enum ProxyMode {
    IPTABLES, IPVS, NONE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses iptables or ipvs (any case); NONE is not a mode one can expect. */
    public static Optional<ProxyMode> lookupExpected(String text) {
        if (text.equalsIgnoreCase("iptables")) {
            return Optional.of(IPTABLES);
        }
        if (text.equalsIgnoreCase("ipvs")) {
            return Optional.of(IPVS);
        }
        return Optional.empty();
    }
}
