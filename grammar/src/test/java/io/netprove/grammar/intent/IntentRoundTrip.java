package io.netprove.grammar.intent;

import io.netprove.grammar.LocationFreeModel;
import io.netprove.model.intent.ExposureStatement;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Statement;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Print-then-parse for intents, shared by this package's tests and the property tests: print an intent as the
 * content of a file, read that text back, and compare the two models without what printing cannot keep (source
 * locations, each statement's text as written, the list of files read).
 */
public final class IntentRoundTrip {

    private static final Map<Class<?>, Set<String>> SPELLING = Map.of(ReachStatement.class, Set.of("text"),
            ExposureStatement.class, Set.of("text"), Intent.class, Set.of("files"));

    private IntentRoundTrip() {
    }

    /** The intent without locations, statement texts and files. */
    public static Intent normal(Intent intent) {
        return LocationFreeModel.of(intent, SPELLING);
    }

    /**
     * Prints {@code intent} as the content of {@code file} (paths relative to its folder), reads it back, and asserts
     * that the two are equal in normal form, that each statement read back has the printer's text for it, and that
     * printing again gives the same text. Returns the printed text.
     */
    public static String assertRoundTrips(Intent intent, Path file) {
        String printed = IntentPrinter.print(intent, file.toAbsolutePath().getParent());
        Intent back = IntentReader.read(file, printed);
        assertEquals(normal(intent), normal(back), () -> "printed:\n" + printed);
        for (int i = 0; i < intent.statements().size(); i++) {
            Statement s = intent.statements().get(i);
            assertEquals(IntentPrinter.statement(s), back.statements().get(i).text(), "statement " + i);
        }
        assertEquals(printed, IntentPrinter.print(back, file.toAbsolutePath().getParent()), "printed twice");
        return printed;
    }
}
