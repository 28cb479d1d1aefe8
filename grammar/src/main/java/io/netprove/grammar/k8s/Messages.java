package io.netprove.grammar.k8s;

/** Small text helpers for one-line error messages. */
final class Messages {

    private static final int MAX_QUOTED = 60;

    private Messages() {
    }

    /** {@code text} cut to a readable length with control characters made visible, for quoting in a message. */
    static String clip(String text) {
        return clip(text, MAX_QUOTED);
    }

    /** {@code text} cut to {@code max} characters with control characters made visible. */
    static String clip(String text, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < max; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= max && text.length() > max) {
            sb.append("...");
        }
        return sb.toString();
    }

    /** The first line of {@code text}, trimmed. */
    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).trim();
    }
}
