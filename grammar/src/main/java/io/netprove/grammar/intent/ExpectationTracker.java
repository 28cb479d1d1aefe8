package io.netprove.grammar.intent;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's default error strategy, plus a memory of the optional parts the parser passed over at the current token.
 * When {@code on tcp/80 directrly} fails at the end of the statement, ANTLR alone only knows that a line end was
 * expected there; the tracker adds ',', 'directly', 'only' and 'via', which could also have come at that token.
 */
final class ExpectationTracker extends DefaultErrorStrategy {

    private int tokenIndex = -1;
    private IntervalSet skipped = new IntervalSet();

    @Override
    public void sync(Parser recognizer) throws RecognitionException {
        int index = recognizer.getInputStream().index();
        if (index != tokenIndex) {
            tokenIndex = index;
            skipped = new IntervalSet();
        }
        ATNState state = recognizer.getATN().states.get(recognizer.getState());
        skipped.addAll(recognizer.getATN().nextTokens(state));
        skipped.remove(Token.EPSILON);
        super.sync(recognizer);
    }

    /** The tokens that optional parts passed over at {@code token} would have accepted (empty for other tokens). */
    IntervalSet skippedAt(Token token) {
        return token.getTokenIndex() == tokenIndex ? skipped : new IntervalSet();
    }
}
