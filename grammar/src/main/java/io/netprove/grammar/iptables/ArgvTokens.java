package io.netprove.grammar.iptables;

import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.SourceLocation;

/**
 * Splits one line into argv-like words the way iptables-restore does: blanks separate words, single or double
 * quotes group blanks into a word, and a backslash takes the next character literally. Keeps each word's column.
 * A cursor walks the words for the option parsers.
 */
final class ArgvTokens {

    private String[] words = new String[32];
    private int[] columns = new int[32];
    private int count;
    private int next;
    private String file;
    private int line;

    /** Tokenises {@code text[from, to)}; {@code column0} is the column of {@code from} (1-based). */
    void reset(String file, int line, String text, int from, int to, int column0) {
        this.file = file;
        this.line = line;
        this.count = 0;
        this.next = 0;
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            int start = i;
            boolean simple = true;
            while (i < to) {
                c = text.charAt(i);
                if (c == ' ' || c == '\t' || c == '\r') {
                    break;
                }
                if (c == '"' || c == '\'' || c == '\\') {
                    simple = false;
                    break;
                }
                i++;
            }
            if (simple) {
                add(word(text, start, i), column0 + start - from);
                continue;
            }
            StringBuilder sb = new StringBuilder();
            sb.append(text, start, i);
            char quote = 0;
            int quoteColumn = 0;
            while (i < to) {
                c = text.charAt(i);
                if (c == '\\' && i + 1 < to) {
                    sb.append(text.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        sb.append(c);
                    }
                    i++;
                    continue;
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                    quoteColumn = column0 + i - from;
                    i++;
                    continue;
                }
                if (c == ' ' || c == '\t' || c == '\r') {
                    break;
                }
                sb.append(c);
                i++;
            }
            if (quote != 0) {
                throw new InputError(new SourceLocation(file, line, quoteColumn),
                        "unterminated quoted string: expected a closing " + quote);
            }
            add(sb.toString(), column0 + start - from);
        }
    }

    /**
     * Words that recur on nearly every line of a large dump (options, module and target names): they are shared
     * instead of copied out of the text each time, which spares most of the tokenizer's allocations.
     */
    private static final String[] COMMON = {"-A", "-I", "-m", "-p", "-s", "-d", "-j", "-g", "!", "-i", "-o",
        "comment", "--comment", "tcp", "udp", "--dport", "--sport", "statistic", "--mode", "random", "--probability",
        "recent", "--name", "--rcheck", "--seconds", "--reap", "--set", "addrtype", "--dst-type", "--src-type",
        "LOCAL", "mark", "--mark", "MARK", "--or-mark", "--xor-mark", "--set-xmark", "conntrack", "--ctstate",
        "DNAT", "--to-destination", "RETURN", "ACCEPT", "DROP", "REJECT", "MASQUERADE", "--random-fully", "nfacct",
        "--nfacct-name", "KUBE-MARK-MASQ", "KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "multiport",
        "--dports", "-c"};
    private static final String[] BY_SHAPE = new String[1024];

    static {
        for (String w : COMMON) {
            int slot = shape(w, 0, w.length());
            while (BY_SHAPE[slot] != null) {
                slot = (slot + 1) & (BY_SHAPE.length - 1);
            }
            BY_SHAPE[slot] = w;
        }
    }

    private static int shape(CharSequence s, int from, int to) {
        int n = to - from;
        return (n * 31 + s.charAt(from) * 7 + s.charAt(to - 1) * 3 + s.charAt(from + n / 2)) & (BY_SHAPE.length - 1);
    }

    /** {@code text[from, to)} as a string: a shared one for a common word, otherwise a copy. */
    private static String word(String text, int from, int to) {
        int slot = shape(text, from, to);
        for (String w = BY_SHAPE[slot]; w != null; w = BY_SHAPE[slot = (slot + 1) & (BY_SHAPE.length - 1)]) {
            if (w.length() == to - from && text.startsWith(w, from)) {
                return w;
            }
        }
        return text.substring(from, to);
    }

    private void add(String word, int column) {
        if (count == words.length) {
            words = java.util.Arrays.copyOf(words, count * 2);
            columns = java.util.Arrays.copyOf(columns, count * 2);
        }
        words[count] = word;
        columns[count] = column;
        count++;
    }

    boolean hasNext() {
        return next < count;
    }

    String peek() {
        return next < count ? words[next] : null;
    }

    /** The word at the cursor, advancing past it. */
    String take() {
        return words[next++];
    }

    /** Column of the word at the cursor (or one past the line's last word). */
    int column() {
        if (next < count) {
            return columns[next];
        }
        return count == 0 ? 1 : columns[count - 1] + words[count - 1].length() + 1;
    }

    /** Column of the word just taken. */
    int lastColumn() {
        return columns[Math.max(0, next - 1)];
    }

    int position() {
        return next;
    }

    String word(int index) {
        return words[index];
    }

    int count() {
        return count;
    }

    /** Location of the word at the cursor. */
    SourceLocation here() {
        return new SourceLocation(file, line, column());
    }

    /** Location of the word just taken. */
    SourceLocation last() {
        return new SourceLocation(file, line, lastColumn());
    }

    /** Takes the argument of option {@code option}, failing with "expected WHAT" when the line ends. */
    String argument(String option, String what) {
        if (next >= count) {
            throw new InputError(here(), option + " needs an argument: expected " + what);
        }
        return words[next++];
    }

    InputError error(String message) {
        return new InputError(last(), message);
    }

    String file() {
        return file;
    }

    int line() {
        return line;
    }
}
