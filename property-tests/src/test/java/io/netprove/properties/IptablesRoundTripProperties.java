package io.netprove.properties;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.grammar.iptables.IptablesSaveWriter;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.netfilter.Ruleset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Property (b) for iptables: printing a generated rule set as iptables-save text and reading it back gives the same
 * tables, chains, policies, criteria and targets (locations and spellings aside), and printing that again gives the
 * same text.
 */
class IptablesRoundTripProperties {

    private static final Budget.Tally TALLY = new Budget.Tally("iptables-print-parse");

    @Provide
    Arbitrary<Printed> rulesets() {
        return Arbitraries.of(AddressFamily.IPV4, AddressFamily.IPV6)
                .flatMap(f -> IptablesRulesets.rulesets(IptablesRulesets.Flavour.PRINTABLE, f)).map(Printed::new);
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void printThenParseGivesTheSameRuleset(@ForAll("rulesets") Printed generated) {
        Ruleset rs = generated.ruleset();
        TALLY.cases.incrementAndGet();
        String text = IptablesSaveWriter.write(rs);
        Ruleset back = IptablesFrontEnd.read("printed", text, rs.family());
        TALLY.checks.addAndGet(rs.ruleCount());
        for (var t : rs.tables().values()) {
            for (var c : t.chains().values()) {
                var other = back.table(t.name()).chain(c.name());
                for (int i = 0; i < c.rules().size(); i++) {
                    var r = c.rules().get(i);
                    var o = other.rules().get(i);
                    assertEquals(LocationFree.of(r), LocationFree.of(o), "rule " + t.name() + " " + c.name() + " "
                            + r.text() + " read back as " + o.location());
                }
            }
        }
        assertEquals(LocationFree.of(rs.tables()), LocationFree.of(back.tables()), () -> "printed:\n" + text);
        assertEquals(rs.family(), back.family());
        assertEquals(text, IptablesSaveWriter.write(back));
    }

    @AfterContainer
    static void report() {
        TALLY.print("rules round-tripped");
    }
}
