package io.netprove.grammar.nft;

import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;

/** A position in a token list (which always ends with an EOF token), with the helpers both parsers share. */
final class TokenCursor {

    final String file;
    final String text;
    private final List<NftToken> tokens;
    private int pos;

    TokenCursor(String file, String text, List<NftToken> tokens) {
        this.file = file;
        this.text = text;
        this.tokens = tokens;
    }

    NftToken peek() {
        return tokens.get(pos);
    }

    /** The token {@code k} places ahead (the EOF token when past the end). */
    NftToken peek(int k) {
        return tokens.get(Math.min(pos + k, tokens.size() - 1));
    }

    NftToken next() {
        NftToken t = tokens.get(pos);
        if (t.kind() != NftToken.Kind.EOF) {
            pos++;
        }
        return t;
    }

    boolean atEnd() {
        return peek().kind() == NftToken.Kind.EOF;
    }

    boolean peekWord(String w) {
        return peek().is(w);
    }

    boolean peekKind(NftToken.Kind k) {
        return peek().kind() == k;
    }

    int position() {
        return pos;
    }

    NftToken token(int index) {
        return tokens.get(index);
    }

    /** The source text from token {@code from} to token {@code toExclusive - 1}, as written. */
    String slice(int from, int toExclusive) {
        if (toExclusive <= from) {
            return "";
        }
        return text.substring(tokens.get(from).start(), tokens.get(toExclusive - 1).end());
    }

    SourceLocation loc(NftToken t) {
        return new SourceLocation(file, t.line(), t.column());
    }

    InputError error(NftToken at, String message) {
        return new InputError(loc(at), message);
    }

    /** An error at the next token: "expected WHAT, found TOKEN". */
    InputError expected(String what) {
        NftToken t = peek();
        return error(t, "expected " + what + ", found " + t.describe());
    }

    /** A name: a word or a quoted string. */
    String name(String what) {
        NftToken t = peek();
        if (t.kind() == NftToken.Kind.WORD || t.kind() == NftToken.Kind.STRING) {
            next();
            return t.text();
        }
        throw expected(what);
    }

    void expectWord(String w) {
        if (!peekWord(w)) {
            throw expected("'" + w + "'");
        }
        next();
    }

    NftToken expect(NftToken.Kind k, String what) {
        if (peek().kind() != k) {
            throw expected(what);
        }
        return next();
    }

    /** A non-negative decimal or hex number. */
    long number(String what) {
        NftToken t = peek();
        if (t.kind() == NftToken.Kind.WORD) {
            Long v = NftValues.parseNumber(t.text());
            if (v != null && v >= 0) {
                next();
                return v;
            }
        }
        throw expected(what);
    }

    void skipNewlines() {
        while (peekKind(NftToken.Kind.NEWLINE)) {
            next();
        }
    }
}
