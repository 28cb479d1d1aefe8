package io.netprove.grammar.iptables;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.TableName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules the iptables print-then-parse property (property-tests) read back wrongly, shrunk to one line each. */
class RoundTripRegressionTest {

    private static List<Match> matches(String rule) {
        Ruleset rs = IptablesFrontEnd.read("t", "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT " + rule + "\nCOMMIT\n",
                AddressFamily.IPV6);
        Rule r = rs.table(TableName.FILTER).chain("INPUT").rules().get(0);
        return r.matches();
    }

    /**
     * A '!' after an option that takes no value, such as recent's {@code --rsource}, negates the option that follows
     * it; it was taken as the deprecated {@code --option ! value} negation of the flag, and the next option lost it.
     */
    @Test
    void bangAfterAFlagNegatesTheNextOption() {
        List<Match> m = matches("-m recent ! --set --name fz --rsource ! -d ::2/127 -j REJECT");
        Match.Address d = (Match.Address) m.get(1);
        assertTrue(d.negated(), "the destination test is negated: " + m);
        assertTrue(((Match.Recent) m.get(0)).negated(), "the recent test keeps its own '!'");
    }

    /**
     * Regression (found by the print-then-parse property): an option after an unmodelled target extension belongs to
     * the target, not to an earlier unmodelled match module.
     */
    @Test
    void optionsAfterAnUnmodelledTargetAreTheTargets() {
        Ruleset rs = IptablesFrontEnd.read("t", "*raw\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -m hashlimit"
                + " --hashlimit-name x -j NFQUEUE --queue-num 3\n-A OUTPUT -m hashlimit --hashlimit-name y"
                + " -j CHECKSUM --checksum-fill\nCOMMIT\n", AddressFamily.IPV4);
        List<Rule> rules = rs.table(TableName.RAW).chain("OUTPUT").rules();
        assertEquals(List.of("--hashlimit-name", "x"), ((Match.Unknown) rules.get(0).matches().get(0)).arguments());
        assertEquals(List.of("--queue-num", "3"), ((io.netprove.model.netfilter.Target.Unknown) rules.get(0).target())
                .arguments());
        assertEquals(List.of("--checksum-fill"), ((io.netprove.model.netfilter.Target.Continue) rules.get(1).target())
                .arguments());
    }

    @Test
    void theDeprecatedFormStillNegatesTheOptionBeforeIt() {
        List<Match> m = matches("-s ! 2001:db8::/32 -j DROP");
        assertEquals(1, m.size());
        assertTrue(((Match.Address) m.get(0)).negated());
    }
}
