package io.netprove.cli;

import io.netprove.model.net.IpAddress;

/** Parses {@code IP}, {@code IP:PORT} and {@code [IPv6]:PORT} as given on the command line. */
record Endpoint(IpAddress address, int port) {

    static Endpoint parse(String text, String option) {
        String addr = text;
        int port = -1;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new UsageError(option + " '" + text + "': expected [IPv6]:PORT");
            }
            addr = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.startsWith(":")) {
                port = port(rest.substring(1), text, option);
            } else if (!rest.isEmpty()) {
                throw new UsageError(option + " '" + text + "': expected [IPv6]:PORT");
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            int c = text.indexOf(':');
            addr = text.substring(0, c);
            port = port(text.substring(c + 1), text, option);
        }
        IpAddress a = IpAddress.tryParse(addr);
        if (a == null) {
            throw new UsageError(option + " '" + text + "': expected an IP address (IP, IP:PORT or [IPv6]:PORT)");
        }
        return new Endpoint(a, port);
    }

    private static int port(String p, String text, String option) {
        try {
            int v = Integer.parseInt(p);
            if (v < 0 || v > 65535) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageError(option + " '" + text + "': expected a port from 0 to 65535 after ':'");
        }
    }
}
