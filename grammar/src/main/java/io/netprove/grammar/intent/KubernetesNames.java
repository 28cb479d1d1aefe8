package io.netprove.grammar.intent;

import java.util.regex.Pattern;

/**
 * Kubernetes' spelling rules for the names an intent mentions. Each check returns null when the name is fine, or
 * what was expected, in words.
 */
final class KubernetesNames {

    /** RFC 1123 label: namespaces. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** RFC 1035 label: service names. */
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    /** RFC 1123 subdomain: node names, label-key prefixes. */
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** Label names and values. */
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    /** Service port names (IANA service names). */
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private KubernetesNames() {
    }

    static String checkNodeName(String name) {
        if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            return "expected a node name of lower-case letters, digits, '-' and '.' (at most 253 characters)";
        }
        return null;
    }

    static String checkNamespace(String name) {
        if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
            return "expected a namespace name of lower-case letters, digits and '-' (at most 63 characters)";
        }
        return null;
    }

    static String checkServiceName(String name) {
        if (name.length() > 63 || !DNS_1035_LABEL.matcher(name).matches()) {
            return "expected a service name of lower-case letters, digits and '-', starting with a letter"
                    + " (at most 63 characters)";
        }
        return null;
    }

    /** An IngressClass name: a DNS subdomain. */
    static String checkIngressClass(String name) {
        if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            return "expected an IngressClass name of lower-case letters, digits, '-' and '.' (a DNS subdomain)";
        }
        return null;
    }

    /** A service port: its name, or its number. */
    static String checkServicePort(String port) {
        if (!port.isEmpty() && port.chars().allMatch(Character::isDigit)) {
            if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                return "expected a port number from 1 to 65535";
            }
            return null;
        }
        if (port.length() > 15 || !PORT_NAME.matcher(port).matches() || port.contains("--")) {
            return "expected a service port name (lower-case letters, digits and '-', at most 15 characters)"
                    + " or number";
        }
        return null;
    }

    static String checkLabelKey(String prefix, String name) {
        if (prefix != null && (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
            return "expected a label-key prefix of lower-case letters, digits, '-' and '.' (a DNS subdomain)";
        }
        if (name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
            return "expected a label key of letters, digits, '-', '_' and '.', starting and ending with a letter or"
                    + " digit (at most 63 characters)";
        }
        return null;
    }

    static String checkLabelValue(String value) {
        if (!value.isEmpty() && (value.length() > 63 || !LABEL_NAME.matcher(value).matches())) {
            return "expected a label value of letters, digits, '-', '_' and '.', starting and ending with a letter"
                    + " or digit (at most 63 characters), or \"\"";
        }
        return null;
    }
}
