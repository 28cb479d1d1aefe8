package io.netprove.grammar.nft;

import io.netprove.model.netfilter.Match;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Chances for {@code numgen random mod N}. nft draws one number per packet and a verdict map sends each value to a
 * branch; the model has rules that each hold with some chance. Branch i, covering c_i of the N values, becomes a
 * rule that holds with chance c_i / (N - c_1 - ... - c_{i-1}), the share of what the earlier rules left; its
 * unconditional chance is then exactly c_i / N. With one value per branch that is 1/N, 1/(N-1), ..., 1.
 *
 * <p>The text of a chance is its exact decimal when the fraction has one (1/2 is "0.5", 1/8 "0.125", 1/5 "0.2"),
 * and otherwise the reduced fraction itself ("1/3"), never a rounded decimal.
 */
final class NumgenSplit {

    private NumgenSplit() {
    }

    static Match.Statistic statistic(long part, long whole, boolean negated) {
        return new Match.Statistic(Match.Statistic.Mode.RANDOM, (double) part / whole, text(part, whole), 0, 0,
                negated);
    }

    /** {@code part/whole} as an exact decimal, or as a reduced fraction when no finite decimal exists. */
    static String text(long part, long whole) {
        BigInteger p = BigInteger.valueOf(part);
        BigInteger w = BigInteger.valueOf(whole);
        BigInteger g = p.gcd(w);
        if (g.signum() != 0) {
            p = p.divide(g);
            w = w.divide(g);
        }
        BigInteger rest = w;
        for (int f : new int[] {2, 5}) {
            BigInteger bf = BigInteger.valueOf(f);
            while (rest.signum() != 0 && rest.mod(bf).signum() == 0) {
                rest = rest.divide(bf);
            }
        }
        if (rest.equals(BigInteger.ONE)) {
            return new BigDecimal(p).divide(new BigDecimal(w)).stripTrailingZeros().toPlainString();
        }
        return p + "/" + w;
    }
}
