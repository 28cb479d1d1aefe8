package io.netprove.grammar.intent;

import io.netprove.grammar.InputError;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.Statement;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.netprove.grammar.intent.Fixtures.expect;
import static io.netprove.grammar.intent.Fixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Includes: relative to the including file, nested, read once, cycles reported at the include line. */
class IntentIncludeTest {

    private static InputError failure(String name) {
        return assertThrows(InputError.class, () -> IntentReader.read(resource(name)));
    }

    @Test
    void nestedIncludesResolveRelativeToTheIncludingFileAndJoinInPlace() {
        Path root = resource("nested/root.np");
        Path dir = root.getParent();
        Intent intent = IntentReader.read(root);
        // root -> sub/a.np -> ../shared/b.np -> ../sub/c.np; then a.np's include of c.np and root's include of
        // shared/b.np find files already read.
        assertEquals(List.of(dir.resolve("root.np"), dir.resolve("sub/a.np"), dir.resolve("shared/b.np"),
                dir.resolve("sub/c.np")), intent.files());
        assertEquals(List.of("c", "b", "a", "root"), intent.zones().stream().map(z -> z.name()).toList());
        List<Statement> statements = intent.statements();
        assertEquals(List.of("a can reach b", "root can reach c"), statements.stream().map(Statement::text).toList());
        assertEquals(dir.resolve("sub/c.np").toString(), statements.get(0).location().file());
        assertEquals(2, statements.get(0).location().line());
    }

    @Test
    void cycleThroughAnotherFile() {
        Path b = resource("cycle/b.np");
        expect(failure("cycle/a.np"), b.toString(), 3, 1,
                "include cycle: a.np -> b.np -> a.np: expected no file to include itself, directly or through others");
    }

    @Test
    void fileIncludingItself() {
        expect(failure("cycle/self.np"), resource("cycle/self.np").toString(), 1, 1,
                "include cycle: self.np -> self.np: expected no file to include itself, directly or through others");
    }

    @Test
    void cycleThroughASubfolderNamesFilesRelativeToTheFirst() {
        expect(failure("cycle/x.np"), resource("cycle/sub/y.np").toString(), 2, 3,
                "include cycle: x.np -> sub/y.np -> x.np: expected no file to include itself, directly or through"
                        + " others");
    }

    @Test
    void missingIncludedFile() {
        Path dir = resource("nested/root.np").getParent();
        InputError e = assertThrows(InputError.class, () -> IntentReader.read(dir.resolve("virtual.np"),
                "zone a = 10.0.0.0/8\ninclude \"sub/none.np\"\n"));
        expect(e, dir.resolve("virtual.np").toString(), 2, 1, "cannot include 'sub/none.np': no such file ("
                + dir.resolve("sub/none.np") + "): expected a path relative to this file");
    }

    @Test
    void includingAFolder() {
        Path dir = resource("nested/root.np").getParent();
        InputError e = assertThrows(InputError.class, () -> IntentReader.read(dir.resolve("virtual.np"),
                "include \"sub\"\n"));
        expect(e, dir.resolve("virtual.np").toString(), 1, 1,
                "cannot include 'sub': not a regular file: expected an intent file");
    }

    @Test
    void twoClusterBlocksAcrossAnInclude() {
        expect(failure("twoclusters/main.np"), resource("twoclusters/main.np").toString(), 3, 1,
                "a second cluster block (the first is at " + resource("twoclusters/other.np") + ":1:1): expected one"
                        + " cluster block per intent, included files counted");
    }

    @Test
    void missingRootFile() {
        InputError e = assertThrows(InputError.class, () -> IntentReader.read(Path.of("no/such/intent.np")));
        assertEquals("no/such/intent.np: no such file", e.getMessage());
    }
}
