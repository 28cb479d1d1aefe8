package io.netprove.grammar.intent;

import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.SourceLocation;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNConfig;
import org.antlr.v4.runtime.atn.RuleStopState;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.List;
import java.util.Optional;

/**
 * Turns the first syntax error ANTLR meets into an {@link InputError}: the offending token's place, what was found,
 * what was expected in words, and for a misspelt keyword the keyword it is closest to. Installed instead of ANTLR's
 * console listener, so ANTLR prints nothing.
 */
final class SyntaxErrorListener extends BaseErrorListener {

    /** Words that start a top-level element and are easily misspelt into a zone name ("zonee b = ..."). */
    private static final List<String> ELEMENT_KEYWORDS =
            List.of("include", "cluster", "zone", "service", "node", "every", "some", "pods");

    private final String file;
    private final String end;
    private final String lineEnd;

    /**
     * @param file    the display name used in locations
     * @param end     what the end of the input is called in messages ("file", "statement")
     * @param lineEnd what a line end or ';' ends ("line", "statement")
     */
    SyntaxErrorListener(String file, String end, String lineEnd) {
        this.file = file;
        this.end = end;
        this.lineEnd = lineEnd;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String msg, RecognitionException e) {
        SourceLocation at = new SourceLocation(file, line, charPositionInLine + 1);
        if (!(recognizer instanceof Parser) || !(offendingSymbol instanceof Token)) {
            // The lexer ends in a catch-all rule, so it never reports errors itself; this is a safety net.
            throw new InputError(at, "unreadable text: expected a statement, a zone, a cluster block or an include");
        }
        Parser parser = (Parser) recognizer;
        Token token = (Token) offendingSymbol;
        IntervalSet expected = new IntervalSet(expectedTokens(parser, e));
        if (parser.getErrorHandler() instanceof ExpectationTracker) {
            expected.addAll(((ExpectationTracker) parser.getErrorHandler()).skippedAt(token));
        }
        throw new InputError(at, message(token, expected, parser.getTokenStream()));
    }

    private String message(Token token, IntervalSet expected, TokenStream tokens) {
        String text = token.getText();
        switch (token.getType()) {
            case IntentParser.UNTERMINATED_STRING:
                return "unterminated string: expected a closing '\"' on the same line";
            case IntentParser.BAD_CHARACTER:
                return "unexpected character " + printable(text) + ": expected "
                        + ExpectedWords.describe(expected, lineEnd);
            case Token.EOF:
                return "unexpected end of " + end + ": expected " + ExpectedWords.describe(expected, lineEnd);
            case IntentParser.NEWLINE:
                return "unexpected end of line: expected " + ExpectedWords.describe(expected, lineEnd);
            default:
                break;
        }
        if ((token.getType() == IntentParser.NUMBER || token.getType() == IntentParser.RANGE_NUMBER)
                && ExpectedWords.expectsPort(expected)) {
            return "port " + text + " has no protocol: expected tcp/" + text + ", udp/" + text + " or sctp/" + text;
        }
        String found = "unexpected '" + text + "'" + (ExpectedWords.isKeyword(token.getType())
                && expected.contains(IntentParser.WORD) ? " (a keyword)" : "") + ": expected "
                + ExpectedWords.describe(expected, lineEnd);
        if (token.getType() == IntentParser.WORD || ExpectedWords.isKeyword(token.getType())) {
            Optional<String> near = Suggestions.nearest(text, ExpectedWords.keywordsIn(expected));
            if (near.isPresent()) {
                return found + "; did you mean '" + near.get() + "'?";
            }
        }
        Optional<String> misspeltStart = misspeltElementKeyword(token, tokens);
        if (misspeltStart.isPresent()) {
            return found + "; did you mean '" + misspeltStart.get() + "' instead of '"
                    + previous(token, tokens).getText() + "'?";
        }
        return found;
    }

    /**
     * A misspelt keyword at the start of a statement is read as a zone name, and the error only shows at the next
     * token: "zonee b = 10.0.0.0/8" fails at 'b'. If the word before the offending token opens its line and is close
     * to a keyword that opens an element, that keyword.
     */
    private static Optional<String> misspeltElementKeyword(Token token, TokenStream tokens) {
        Token word = previous(token, tokens);
        if (word == null || word.getType() != IntentParser.WORD) {
            return Optional.empty();
        }
        Token before = previous(word, tokens);
        if (before != null && before.getType() != IntentParser.NEWLINE && before.getType() != IntentParser.SEMICOLON) {
            return Optional.empty();
        }
        return Suggestions.nearest(word.getText(), ELEMENT_KEYWORDS);
    }

    /** The token before {@code t} on the parser's channel, or null at the start. */
    private static Token previous(Token t, TokenStream tokens) {
        for (int i = t.getTokenIndex() - 1; i >= 0; i--) {
            Token p = tokens.get(i);
            if (p.getChannel() == Token.DEFAULT_CHANNEL) {
                return p;
            }
        }
        return null;
    }

    /**
     * The tokens that could have come instead of the offending one. For a failed prediction ANTLR's own expected set
     * describes the start of the decision, so this looks at the states the prediction had reached when it failed.
     */
    static IntervalSet expectedTokens(Parser parser, RecognitionException e) {
        if (e instanceof NoViableAltException && ((NoViableAltException) e).getDeadEndConfigs() != null) {
            NoViableAltException nva = (NoViableAltException) e;
            ATN atn = parser.getATN();
            IntervalSet set = new IntervalSet();
            for (ATNConfig c : nva.getDeadEndConfigs()) {
                if (c.state instanceof RuleStopState) {
                    set.addAll(atn.nextTokens(c.state, nva.getCtx()));
                } else {
                    set.addAll(atn.nextTokens(c.state));
                }
            }
            set.remove(Token.EPSILON);
            return set;
        }
        if (e != null && e.getExpectedTokens() != null) {
            return e.getExpectedTokens();
        }
        return parser.getExpectedTokens();
    }

    private static String printable(String text) {
        int cp = text.codePointAt(0);
        boolean invisible = Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT;
        if (invisible) {
            return String.format("U+%04X", cp);
        }
        return "'" + text + "'";
    }
}
