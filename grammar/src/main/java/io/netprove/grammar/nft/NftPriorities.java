package io.netprove.grammar.nft;

import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.SourceLocation;

/**
 * Base chain priorities: a number, or one of nft's standard names, optionally followed by {@code + N} or
 * {@code - N}. The names and where they are allowed follow nft's table of standard priorities: for ip, ip6 and
 * inet raw -300, mangle -150, dstnat -100 (prerouting, and output since nft 1.0.9), filter 0, security 50,
 * srcnat 100 (postrouting, and input since nft 1.0.9); for bridge dstnat -300, filter -200, out 100 (output only),
 * srcnat 300; arp and netdev know only filter 0. nft 1.0.6 was checked for the ip families by creating a chain with
 * every name at every hook and reading back the number.
 */
final class NftPriorities {

    private NftPriorities() {
    }

    static int resolve(String family, String hook, String text, SourceLocation at) {
        String t = text.replace(" ", "");
        int sign = 0;
        int split = -1;
        for (int i = 1; i < t.length(); i++) {
            char ch = t.charAt(i);
            if ((ch == '+' || ch == '-') && Character.isLetter(t.charAt(i - 1))) {
                split = i;
                sign = ch == '+' ? 1 : -1;
                break;
            }
        }
        String base = split < 0 ? t : t.substring(0, split);
        int offset = 0;
        if (split >= 0) {
            Integer o = integer(t.substring(split + 1));
            if (o == null) {
                throw new InputError(at, "priority offset '" + t.substring(split + 1) + "' is not a number: "
                        + "expected NAME + N or NAME - N");
            }
            offset = sign * o;
        }
        Integer n = integer(base);
        if (n != null) {
            if (split >= 0) {
                throw new InputError(at, "priority '" + text + "': expected a number or NAME +/- N");
            }
            return n;
        }
        Integer named = named(family, hook, base);
        if (named == null) {
            throw new InputError(at, "priority name '" + base + "' is not defined for family " + family
                    + " at hook " + hook + ": expected a number or one of " + names(family));
        }
        return named + offset;
    }

    private static Integer named(String family, String hook, String name) {
        if (family.equals("bridge")) {
            return switch (name) {
                case "dstnat" -> hook.equals("prerouting") ? -300 : null;
                case "filter" -> -200;
                case "out" -> hook.equals("output") ? 100 : null;
                case "srcnat" -> hook.equals("postrouting") ? 300 : null;
                default -> null;
            };
        }
        if (family.equals("arp") || family.equals("netdev")) {
            return name.equals("filter") ? 0 : null;
        }
        return switch (name) {
            case "raw" -> -300;
            case "mangle" -> -150;
            case "dstnat" -> hook.equals("prerouting") || hook.equals("output") ? -100 : null;
            case "filter" -> 0;
            case "security" -> 50;
            case "srcnat" -> hook.equals("postrouting") || hook.equals("input") ? 100 : null;
            default -> null;
        };
    }

    private static String names(String family) {
        return switch (family) {
            case "bridge" -> "dstnat, filter, out, srcnat";
            case "arp", "netdev" -> "filter";
            default -> "raw, mangle, dstnat, filter, security, srcnat";
        };
    }

    private static Integer integer(String s) {
        if (s.isEmpty() || s.length() > 11) {
            return null;
        }
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        if (i == s.length()) {
            return null;
        }
        for (int k = i; k < s.length(); k++) {
            if (!Character.isDigit(s.charAt(k))) {
                return null;
            }
        }
        long v = Long.parseLong(s);
        return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : (int) v;
    }
}
