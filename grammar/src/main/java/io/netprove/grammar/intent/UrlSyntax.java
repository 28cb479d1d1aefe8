package io.netprove.grammar.intent;

import io.netprove.grammar.InputError;
import io.netprove.model.intent.Target;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads the URL of a request target ({@code http://HOST[:PORT]/PATH}, {@code https://...}): the scheme must be http
 * or https, the host one DNS name (no wildcard: a request names one host) or an IPv4 address, the port from 1 to
 * 65535; the path starts with '/' (an empty path is '/') and its query is dropped. Host names are case-insensitive
 * and are kept in lower case.
 */
final class UrlSyntax {

    private static final Pattern HOST =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private UrlSyntax() {
    }

    static Target.UrlTarget parse(String text, SourceLocation at) {
        int sep = text.indexOf("://");
        String scheme = text.substring(0, sep);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InputError(at, "unsupported scheme '" + scheme + "': expected an http:// or https:// URL");
        }
        String rest = text.substring(sep + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (authority.contains("@")) {
            throw new InputError(at, "a user name in URL '" + text + "': expected http(s)://HOST[:PORT]/PATH");
        }
        OptionalInt port = OptionalInt.empty();
        int colon = authority.lastIndexOf(':');
        String host = authority;
        if (colon >= 0) {
            host = authority.substring(0, colon);
            String p = authority.substring(colon + 1);
            if (p.isEmpty() || p.length() > 5 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) < 1
                    || Integer.parseInt(p) > 65535) {
                throw new InputError(at, "bad port '" + p + "' in URL '" + text + "': expected a port from 1 to"
                        + " 65535");
            }
            port = OptionalInt.of(Integer.parseInt(p));
        }
        if (host.isEmpty()) {
            throw new InputError(at, "no host in URL '" + text + "': expected http(s)://HOST[:PORT]/PATH");
        }
        if (host.contains("*")) {
            throw new InputError(at, "wildcard host '" + host + "' in URL '" + text + "': expected one host name"
                    + " (a request names one host; wildcards belong in Ingress rules)");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (!HOST.matcher(host).matches() || host.length() > 253) {
            throw new InputError(at, "bad host '" + host + "' in URL '" + text + "': expected a DNS name of letters,"
                    + " digits, '-' and '.', or an IPv4 address");
        }
        if (host.chars().allMatch(c -> Character.isDigit(c) || c == '.') && IpAddress.tryParse(host) == null) {
            throw new InputError(at, "bad address '" + host + "' in URL '" + text + "': expected an IPv4 address"
                    + " such as 192.0.2.1 or a DNS name");
        }
        return new Target.UrlTarget(scheme.equals("https"), host, port, path, at);
    }
}
