package io.netprove.grammar.ipvs;

import io.netprove.model.net.IpAddress;

/** Reads the {@code addr:port} and {@code [v6addr]:port} forms ipvsadm prints and accepts. */
final class Endpoints {

    /** An address and a port (-1 when the text had no port). */
    record Endpoint(IpAddress address, int port) {
    }

    private Endpoints() {
    }

    /** Parses {@code a.b.c.d[:port]} or {@code [v6][:port]}; null when the text is neither. */
    static Endpoint parse(String text) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return null;
                }
                port = rest.substring(1);
            }
            IpAddress a = IpAddress.tryParse(host);
            if (a == null || a.isV4()) {
                return null;
            }
            return withPort(a, port);
        }
        int colon = text.indexOf(':');
        if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
            IpAddress a = IpAddress.tryParse(text);
            return a == null ? null : new Endpoint(a, -1);
        }
        if (colon >= 0) {
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        } else {
            host = text;
        }
        IpAddress a = IpAddress.tryParse(host);
        if (a == null) {
            return null;
        }
        return withPort(a, port);
    }

    private static Endpoint withPort(IpAddress a, String port) {
        if (port == null) {
            return new Endpoint(a, -1);
        }
        int p = number(port, 65535);
        return p < 0 ? null : new Endpoint(a, p);
    }

    /** A decimal number in [0, max], or -1. */
    static int number(String text, int max) {
        long v = longNumber(text, max);
        return (int) v;
    }

    /** A decimal number in [0, max], or -1. */
    static long longNumber(String text, long max) {
        if (text.isEmpty() || text.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > max ? -1 : v;
    }
}
