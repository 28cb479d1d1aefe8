package io.netprove.grammar.intent;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean ...?": the known name nearest to a misspelt one, when it is close enough to be a likely typo. */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * The candidate with the smallest edit distance to {@code word} (ties: the alphabetically first), if that distance
     * is small for the word's length: 1 for up to 5 characters, 2 up to 8, 3 beyond.
     */
    static Optional<String> nearest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c.equals(word)) {
                continue;
            }
            int d = distance(word, c);
            if (d < bestDistance || d == bestDistance && c.compareTo(best) < 0) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null || bestDistance > allowed(Math.min(word.length(), best.length()))) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    private static int allowed(int length) {
        if (length <= 5) {
            return 1;
        }
        return length <= 8 ? 2 : 3;
    }

    /**
     * Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two neighbouring
     * characters each cost 1 (so "cna" is one step from "can").
     */
    static int distance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }
}
