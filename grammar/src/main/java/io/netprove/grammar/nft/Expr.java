package io.netprove.grammar.nft;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;

/**
 * An expression of an nftables rule, element or set declaration as text and JSON both spell it. Values stay text
 * until lowering, where the field they are compared with gives them a type ({@code tcp} is a protocol after
 * {@code meta l4proto}, {@code 80} a port after {@code th dport}).
 */
sealed interface Expr {

    SourceLocation at();

    /**
     * A packet, metadata or conntrack field in canonical spelling: {@code ip daddr}, {@code tcp dport},
     * {@code meta l4proto}, {@code meta mark}, {@code meta iifname}, {@code ct state}, {@code ct original saddr},
     * {@code fib daddr type}, {@code fib daddr . iif type}, ...
     */
    record Field(String name, SourceLocation at) implements Expr {
    }

    /** {@code numgen random|inc mod N [offset M]}. */
    record Numgen(String mode, long modulus, long offset, SourceLocation at) implements Expr {
    }

    /** A constant as written: number, address, prefix or range in one word, name, or quoted string. */
    record Literal(String text, boolean quoted, SourceLocation at) implements Expr {
    }

    /** {@code address/length} where JSON keeps the two apart. */
    record Prefix(Expr address, int length, SourceLocation at) implements Expr {
    }

    /** {@code low-high} where JSON keeps the two apart. */
    record Range(Expr low, Expr high, SourceLocation at) implements Expr {
    }

    /** {@code a . b . c}: a concatenated key or value. */
    record Concat(List<Expr> parts, SourceLocation at) implements Expr {
        public Concat {
            parts = List.copyOf(parts);
        }
    }

    /** {@code left OP right} with OP one of {@code & | ^ << >>} (nft also spells them and, or, xor, lshift, rshift). */
    record Binary(String op, Expr left, Expr right, SourceLocation at) implements Expr {
    }

    /** {@code a,b,c}: several flags of a bitmask type (ct state, tcp flags) written as one value. */
    record FlagList(List<Expr> items, SourceLocation at) implements Expr {
        public FlagList {
            items = List.copyOf(items);
        }
    }

    /** {@code { e1, e2 : verdict, ... }}: an anonymous set or map. */
    record SetLiteral(List<SetItem> items, SourceLocation at) implements Expr {
        public SetLiteral {
            items = List.copyOf(items);
        }
    }

    /** {@code @name}: a named set or map of the same table. */
    record SetRef(String name, SourceLocation at) implements Expr {
    }

    /** An expression netprove does not model, kept as written. */
    record Unsupported(String text, SourceLocation at) implements Expr {
    }

    /** One element of a set or map: the key, and for a map the verdict or the data value (both null in a set). */
    record SetItem(Expr key, Stmt.Verdict verdict, Expr data, SourceLocation at) {
    }
}
