package io.netprove.grammar.intent;

import io.netprove.grammar.InputError;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Test helpers: fixture paths under src/test/resources/intent, and exact error checks. */
final class Fixtures {

    private Fixtures() {
    }

    static Path resource(String name) {
        URL url = Fixtures.class.getResource("/intent/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource intent/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@code text} as a file named t.np and returns the error it must raise. */
    static InputError failure(String text) {
        return assertThrows(InputError.class, () -> IntentReader.read(Path.of("t.np"), text));
    }

    /** Asserts the exact location and message of an error, and that the message is one line. */
    static void expect(InputError e, String file, int line, int column, String reason) {
        assertEquals(file + ":" + line + ":" + column + ": " + reason, e.getMessage());
        assertEquals(line, e.location().line());
        assertEquals(column, e.location().column());
        assertEquals(reason, e.reason());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
}
