package io.netprove.grammar.k8s;

import java.util.regex.Pattern;

/**
 * The name syntaxes the Kubernetes API validates (k8s.io/apimachinery/pkg/util/validation): DNS labels and
 * subdomains, qualified names for label keys, label values and IANA service names for ports. Each check returns
 * null when the text is valid, else what was expected.
 */
final class ApiNames {

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern PORT_NAME = Pattern.compile("[-a-z0-9]+");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");

    private ApiNames() {
    }

    /** RFC 1123 label: lower-case alphanumerics and '-', at most 63 characters (Namespace names). */
    static String dnsLabel(String s) {
        if (s.isEmpty() || s.length() > 63 || !DNS1123_LABEL.matcher(s).matches()) {
            return "a DNS label (at most 63 lower-case letters, digits or '-', starting and ending with a letter "
                    + "or digit)";
        }
        return null;
    }

    /** RFC 1123 subdomain: dot-separated labels, at most 253 characters (most object names). */
    static String dnsSubdomain(String s) {
        if (s.isEmpty() || s.length() > 253 || !DNS1123_SUBDOMAIN.matcher(s).matches()) {
            return "a DNS subdomain (lower-case letters, digits, '-' and '.', at most 253 characters, starting and "
                    + "ending with a letter or digit)";
        }
        return null;
    }

    /** A subdomain, or {@code *.} followed by one (Ingress hosts). */
    static String wildcardDnsSubdomain(String s) {
        if (s.startsWith("*.")) {
            return dnsSubdomain(s.substring(2)) == null ? null : "a DNS name, optionally starting with '*.'";
        }
        return dnsSubdomain(s) == null ? null : "a DNS name, optionally starting with '*.'";
    }

    /** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63. */
    static String qualifiedName(String s) {
        String name = s;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            String prefix = s.substring(0, slash);
            name = s.substring(slash + 1);
            if (dnsSubdomain(prefix) != null) {
                return "a key whose prefix before '/' is a DNS subdomain";
            }
        }
        if (name.isEmpty() || name.length() > 63 || !QUALIFIED_NAME_PART.matcher(name).matches()) {
            return "a key of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
                    + " (optionally prefixed by a DNS subdomain and '/')";
        }
        return null;
    }

    /** A label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric. */
    static String labelValue(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.length() > 63 || !QUALIFIED_NAME_PART.matcher(s).matches()) {
            return "a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter "
                    + "or digit)";
        }
        return null;
    }

    /** An IANA service name (a port name): 1-15 of [a-z0-9-], with a letter, no '-' at an end or doubled. */
    static String portName(String s) {
        if (s.isEmpty() || s.length() > 15 || !PORT_NAME.matcher(s).matches() || !HAS_LETTER.matcher(s).matches()
                || s.startsWith("-") || s.endsWith("-") || s.contains("--")) {
            if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
                return "a port name, but this is a number in quotes (write the number without quotes)";
            }
            return "a port name (1-15 lower-case letters, digits or '-', with at least one letter, no '-' at either "
                    + "end or twice in a row)";
        }
        return null;
    }
}
