package io.netprove.compiler.iptables;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines of an iptables-restore input, each made by joining words with single spaces (kube-proxy's LineBuffer).
 * Words that are lists are flattened.
 */
public final class RestoreLines {

    private final List<String> lines = new ArrayList<>();

    /** Appends one line made of {@code words}; a word may be a String or a List of Strings. */
    public void add(Object... words) {
        StringBuilder sb = new StringBuilder();
        for (Object w : words) {
            append(sb, w);
        }
        lines.add(sb.toString());
    }

    private static void append(StringBuilder sb, Object w) {
        if (w instanceof List<?> list) {
            for (Object o : list) {
                append(sb, o);
            }
            return;
        }
        String s = (String) w;
        if (s.isEmpty()) {
            return;
        }
        if (sb.length() > 0) {
            sb.append(' ');
        }
        sb.append(s);
    }

    /** {@code :NAME - [0:0]}, the line that creates (or, with --noflush, flushes) a chain. */
    public void chain(String name) {
        lines.add(":" + name + " - [0:0]");
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public int size() {
        return lines.size();
    }

    /** A double-quoted comment argument, as kube-proxy writes comments that contain spaces. */
    public static String quoted(String comment) {
        return "\"" + comment + "\"";
    }
}
