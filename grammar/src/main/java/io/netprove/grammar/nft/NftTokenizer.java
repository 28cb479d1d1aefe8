package io.netprove.grammar.nft;

import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits nft script text into tokens. Words run until white space or one of {@code { } ( ) ; , " #}, so addresses,
 * prefixes ({@code 10.0.0.0/8}), ranges ({@code 80-90}), {@code addr:port} and kube-proxy's chain names
 * ({@code endpoint-X-ns/svc/tcp/p80__10.0.0.1/80}) stay one word; nft and knftables both put spaces around the
 * concatenation dot and the map colon, which are words of their own. A {@code #} starts a comment to the end of the
 * line, except {@code # handle N} (kept as a HANDLE token) and {@code # xt_NAME} (an iptables-nft match or target
 * that nft prints as a comment in the middle of a rule; kept as an XT token and the rest of the line is read on).
 */
final class NftTokenizer {

    private final String file;
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    NftTokenizer(String file, String text) {
        this.file = file;
        this.text = text;
    }

    List<NftToken> tokens() {
        List<NftToken> out = new ArrayList<>();
        while (true) {
            NftToken t = next();
            out.add(t);
            if (t.kind() == NftToken.Kind.EOF) {
                return out;
            }
        }
    }

    private NftToken next() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
                pos += 2;
                line++;
                lineStart = pos;
            } else if (c == '#') {
                NftToken special = comment();
                if (special != null) {
                    return special;
                }
            } else {
                break;
            }
        }
        if (pos >= text.length()) {
            return token(NftToken.Kind.EOF, "", pos, pos);
        }
        int start = pos;
        char c = text.charAt(pos);
        switch (c) {
            case '\n' -> {
                NftToken t = token(NftToken.Kind.NEWLINE, "\n", start, ++pos);
                line++;
                lineStart = pos;
                return t;
            }
            case '{' -> {
                return token(NftToken.Kind.LBRACE, "{", start, ++pos);
            }
            case '}' -> {
                return token(NftToken.Kind.RBRACE, "}", start, ++pos);
            }
            case '(' -> {
                return token(NftToken.Kind.LPAREN, "(", start, ++pos);
            }
            case ')' -> {
                return token(NftToken.Kind.RPAREN, ")", start, ++pos);
            }
            case ';' -> {
                return token(NftToken.Kind.SEMI, ";", start, ++pos);
            }
            case ',' -> {
                return token(NftToken.Kind.COMMA, ",", start, ++pos);
            }
            case '"' -> {
                return string(start);
            }
            default -> {
                while (pos < text.length() && !ends(text.charAt(pos))) {
                    pos++;
                }
                return token(NftToken.Kind.WORD, text.substring(start, pos), start, pos);
            }
        }
    }

    private static boolean ends(char c) {
        return switch (c) {
            case ' ', '\t', '\r', '\n', '{', '}', '(', ')', ';', ',', '"', '#' -> true;
            default -> false;
        };
    }

    /** A quoted string; nft has no escapes inside quotes except a backslash before a quote, kept as a quote. */
    private NftToken string(int start) {
        int col = start - lineStart + 1;
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return new NftToken(NftToken.Kind.STRING, sb.toString(), line, col, start, pos);
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
                sb.append('"');
                pos += 2;
                continue;
            }
            sb.append(c);
            pos++;
        }
        throw new InputError(new SourceLocation(file, line, col), "unterminated string: expected a closing '\"'");
    }

    /** Reads a comment; returns a HANDLE or XT token, or null for a plain comment (skipped). */
    private NftToken comment() {
        int start = pos;
        int eol = text.indexOf('\n', pos);
        if (eol < 0) {
            eol = text.length();
        }
        String body = text.substring(pos + 1, eol).trim();
        if (body.startsWith("handle ")) {
            String n = body.substring(7).trim();
            if (!n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
                pos = eol;
                return token(NftToken.Kind.HANDLE, n, start, eol);
            }
        }
        if (body.startsWith("xt_")) {
            int i = pos + 1;
            while (i < eol && text.charAt(i) == ' ') {
                i++;
            }
            int nameStart = i;
            while (i < eol && !ends(text.charAt(i))) {
                i++;
            }
            pos = i;
            return token(NftToken.Kind.XT, text.substring(nameStart, i), start, i);
        }
        pos = eol;
        return null;
    }

    private NftToken token(NftToken.Kind kind, String value, int start, int end) {
        return new NftToken(kind, value, line, start - lineStart + 1, start, end);
    }
}
