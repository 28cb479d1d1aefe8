package io.netprove.grammar.iptables;

import io.netprove.grammar.InputError;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.TableName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks at COMMIT: jumps name declared user chains, and the jump graph has no loop. */
class JumpChecksTest {

    private static Ruleset read(String text) {
        return IptablesFrontEnd.read("t", text, AddressFamily.IPV4);
    }

    @Test
    void aDiamondOfJumpsIsAccepted() {
        Ruleset rs = read("*nat\n:A - [0:0]\n:B - [0:0]\n:C - [0:0]\n:D - [0:0]\n"
                + "-A A -j B\n-A A -j C\n-A B -j D\n-A C -j D\n-A C -g D\n-A D -j RETURN\nCOMMIT\n");
        assertEquals(2, rs.table(TableName.NAT).chain("C").rules().size());
    }

    @Test
    void aLoopThroughSeveralChainsIsRefusedAtTheRuleThatClosesIt() {
        InputError e = assertThrows(InputError.class, () -> read("*filter\n:A - [0:0]\n:B - [0:0]\n:C - [0:0]\n"
                + "-A A -j B\n-A B -p tcp -j C\n-A C -s 10.0.0.1 -g A\nCOMMIT\n"));
        assertTrue(e.getMessage().contains("chain loop: 'C' jumps to 'A'"), e.getMessage());
        assertEquals(7, e.location().line(), e.getMessage());
    }

    @Test
    void aChainJumpingToItselfIsRefused() {
        InputError e = assertThrows(InputError.class, () -> read("*filter\n:A - [0:0]\n-A A -j A\nCOMMIT\n"));
        assertTrue(e.getMessage().contains("chain loop: 'A' jumps to 'A'"), e.getMessage());
    }

    @Test
    void aJumpToAnUndeclaredChainIsRefused() {
        InputError e = assertThrows(InputError.class, () -> read("*filter\n:A - [0:0]\n-A A -j NOPE\nCOMMIT\n"));
        assertTrue(e.getMessage().contains("jump to undeclared chain 'NOPE'"), e.getMessage());
        assertEquals(3, e.location().line());
    }
}
