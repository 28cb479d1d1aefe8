package io.netprove.grammar;

import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;

/**
 * One line split into blank-separated words, each with its 1-based column; double quotes group blanks into a word
 * (ipset restore, ipvsadm -R and iproute2 output all read this way).
 */
public final class Words {

    /** A word and the column it starts at. */
    public record Word(String text, int column) {
    }

    private Words() {
    }

    public static List<Word> split(String file, int lineNo, String line) {
        List<Word> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            int start = i;
            StringBuilder sb = new StringBuilder();
            boolean quoted = false;
            while (i < n) {
                c = line.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                    i++;
                    continue;
                }
                if (!quoted && (c == ' ' || c == '\t' || c == '\r')) {
                    break;
                }
                sb.append(c);
                i++;
            }
            if (quoted) {
                throw new InputError(new SourceLocation(file, lineNo, start + 1),
                        "unterminated quoted word: expected a closing '\"'");
            }
            out.add(new Word(sb.toString(), start + 1));
        }
        return out;
    }
}
