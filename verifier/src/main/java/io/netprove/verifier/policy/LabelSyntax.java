package io.netprove.verifier.policy;

import java.util.regex.Pattern;

/**
 * The API server's rules for label keys and values (apimachinery's {@code IsQualifiedName} and
 * {@code IsValidLabelValue}): a key is an optional DNS-subdomain prefix and {@code /}, then a name of at most 63
 * alphanumerics, {@code -}, {@code _} and {@code .}, starting and ending alphanumeric; a value is empty or such a name.
 */
final class LabelSyntax {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private LabelSyntax() {
    }

    /** Why {@code key} is not a valid label key, or null if it is. */
    static String keyProblem(String key) {
        int slash = key.indexOf('/');
        String name = key;
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || !SUBDOMAIN.matcher(prefix).matches()) {
                return "its prefix '" + prefix + "' is not a DNS subdomain (lower-case alphanumerics, '-' and '.')";
            }
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            return "its name '" + name + "' is not 1 to 63 alphanumerics, '-', '_' or '.' starting and ending "
                    + "alphanumeric";
        }
        return null;
    }

    /** Why {@code value} is not a valid label value, or null if it is. */
    static String valueProblem(String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > 63 || !NAME.matcher(value).matches()) {
            return "it is not empty or 1 to 63 alphanumerics, '-', '_' or '.' starting and ending alphanumeric";
        }
        return null;
    }
}
