package io.netprove.grammar.nft;

/**
 * One token of nft's script language. {@code start} and {@code end} are character offsets into the text, so that a
 * rule can be quoted as written; {@code line} and {@code column} are 1-based.
 */
record NftToken(Kind kind, String text, int line, int column, int start, int end) {

    /** Token kinds; WORD covers names, numbers, addresses, operators and keywords alike. */
    enum Kind {
        WORD, STRING, LBRACE, RBRACE, LPAREN, RPAREN, SEMI, COMMA, NEWLINE,
        /** {@code # handle N} as {@code nft -a} prints it; text is N. */
        HANDLE,
        /** {@code # xt_NAME}: an iptables-nft extension nft cannot show; text is the name. */
        XT,
        EOF
    }

    boolean is(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    boolean isSeparator() {
        return kind == Kind.SEMI || kind == Kind.NEWLINE || kind == Kind.EOF;
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case EOF -> "end of input";
            case NEWLINE -> "end of line";
            case STRING -> "\"" + text + "\"";
            case HANDLE -> "'# handle " + text + "'";
            case XT -> "'# " + text + "'";
            default -> "'" + text + "'";
        };
    }
}
