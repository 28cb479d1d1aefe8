package io.netprove.grammar.iptables;

import io.netprove.grammar.InputError;
import io.netprove.grammar.TextInput;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad input named in the issue gives one InputError at the right place saying what was expected. */
class IptablesBadInputTest {

    private static InputError fail(String text) {
        return assertThrows(InputError.class, () -> IptablesFrontEnd.read("bad.rules", text, null));
    }

    private static void expect(InputError e, int line, int column, String fragment) {
        assertEquals("bad.rules", e.location().file());
        assertEquals(line, e.location().line(), e.getMessage());
        assertEquals(column, e.location().column(), e.getMessage());
        assertTrue(e.reason().contains(fragment), () -> "'" + e.reason() + "' should contain '" + fragment + "'");
        assertTrue(e.getMessage().startsWith("bad.rules:" + line + ":"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void truncatedDump() {
        expect(fail("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 10.0.0.1 -j ACC"), 3, 1, "has no COMMIT");
    }

    @Test
    void missingCommitBeforeTheNextTable() {
        expect(fail("*filter\n:INPUT ACCEPT [0:0]\n*nat\nCOMMIT\n"), 3, 1, "expected COMMIT");
    }

    @Test
    void ruleOutsideATable() {
        expect(fail("-A INPUT -j ACCEPT\n"), 1, 1, "expected a '*table' line");
        expect(fail("*filter\nCOMMIT\n-A INPUT -j ACCEPT\n"), 3, 1, "after COMMIT");
    }

    @Test
    void jumpToAnUndeclaredChain() {
        expect(fail("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 10.0.0.1 -j KUBE-NOPE\nCOMMIT\n"), 3, 1,
                "undeclared chain 'KUBE-NOPE'");
    }

    @Test
    void appendToAnUndeclaredChain() {
        expect(fail("*filter\n-A NOPE -j ACCEPT\nCOMMIT\n"), 2, 4, "chain 'NOPE' does not exist");
    }

    @Test
    void chainLoop() {
        expect(fail("*filter\n:A - [0:0]\n:B - [0:0]\n-A A -j B\n-A B -j A\nCOMMIT\n"), 5, 1, "chain loop");
    }

    @Test
    void binaryGarbage() {
        byte[] junk = {'*', 'f', 'i', 'l', 't', 'e', 'r', '\n', 0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01};
        InputError e = assertThrows(InputError.class, () -> TextInput.decode("bad.rules", junk));
        expect(e, 2, 5, "binary data");
        byte[] latin = "*filter\n-A X -m comment --comment caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        expect(assertThrows(InputError.class, () -> TextInput.decode("bad.rules", latin)), 2, 30, "invalid UTF-8");
    }

    @Test
    void emptyFile() {
        expect(fail(""), 1, 0, "empty input");
        expect(fail("\n\n# only a comment\n"), 1, 0, "empty input".substring(0, 0) + "no table found");
    }

    @Test
    void tenMegabyteLine() {
        StringBuilder sb = new StringBuilder("*filter\n-A INPUT -m comment --comment ");
        sb.append("x".repeat(10 * 1024 * 1024)).append(" -j ACCEPT\nCOMMIT\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        expect(assertThrows(InputError.class, () -> TextInput.decode("bad.rules", bytes)), 2, 1,
                "expected at most");
    }

    @Test
    void unknownTableCommandOptionAndValues() {
        expect(fail("*broute\nCOMMIT\n"), 1, 2, "unknown table 'broute'");
        expect(fail("*filter\n-Q INPUT\nCOMMIT\n"), 2, 1, "unknown command '-Q'");
        expect(fail("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT --bogus 1 -j ACCEPT\nCOMMIT\n"), 3, 10,
                "unknown option '--bogus'");
        expect(fail("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 10.0.0.300 -j ACCEPT\nCOMMIT\n"), 3, 13,
                "not an address");
        expect(fail("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 99999 -j ACCEPT\nCOMMIT\n"), 3, 25,
                "not a port");
        expect(fail("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p bogus -j ACCEPT\nCOMMIT\n"), 3, 13,
                "unknown protocol");
        expect(fail("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT --dport 80 -j ACCEPT\nCOMMIT\n"), 3, 10,
                "unknown option '--dport'");
        expect(fail("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m tcp --dport 80 -j ACCEPT\nCOMMIT\n"), 3, 1,
                "needs '-p tcp'");
        expect(fail("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m comment --comment \"open -j ACCEPT\nCOMMIT\n"), 3,
                31, "unterminated quoted string");
        expect(fail("*filter\n:INPUT MAYBE [0:0]\nCOMMIT\n"), 2, 8, "expected ACCEPT or DROP");
        expect(fail("*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -j DNAT\nCOMMIT\n"), 3, 25,
                "DNAT needs --to-destination");
        expect(fail("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m statistic --probability 2 -j ACCEPT\nCOMMIT\n"), 3,
                37, "not a probability");
    }
}
