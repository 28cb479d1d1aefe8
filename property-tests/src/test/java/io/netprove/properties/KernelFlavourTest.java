package io.netprove.properties;

import io.netprove.grammar.iptables.IptablesSaveWriter;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.netfilter.Match;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression, from the kernel property at nightly size: the kernel flavour generated
 * {@code -A INPUT -m mark ! --mark 0x10/0xffffffff -m connmark --mark 0x2/0x2 -m mark --mark 0xff00/0xffffffff},
 * which iptables-restore 1.8.9 (legacy and nft) refuses ("mark: option --mark can only be used once": the two
 * modules share the option's name and the third criterion's option goes to the first instance), so the kernel
 * oracle failed to load the rule set. The flavour now leaves such a criterion out.
 */
class KernelFlavourTest {

    static final Match MARK = new Match.Mark(0x10, 0xffffffffL, true);
    static final Match CONNMARK = new Match.Connmark(0x2, 0x2, false);

    @Test
    void aMarkModuleMayNotComeBackAfterTheOther() {
        List<String> seen = new ArrayList<>();
        assertTrue(IptablesRulesets.loadable(seen, MARK));
        assertTrue(IptablesRulesets.loadable(seen, MARK), "mark twice in a row loads");
        assertTrue(IptablesRulesets.loadable(seen, CONNMARK));
        assertTrue(IptablesRulesets.loadable(seen, CONNMARK));
        assertFalse(IptablesRulesets.loadable(seen, MARK), "mark after connmark after mark does not");
        assertTrue(IptablesRulesets.loadable(seen, new Match.Comment("x")));
        assertEquals(List.of("mark", "mark", "connmark", "connmark"), seen);
    }

    @Test
    void sampledKernelRulesetsHoldNoRuleIptablesRefuses() {
        Pattern refused = Pattern.compile("-m (mark|connmark) .*-m (?!\\1 )(mark|connmark) .*-m \\1 ");
        long rules = IptablesRulesets.rulesets(IptablesRulesets.Flavour.KERNEL, AddressFamily.IPV4).sampleStream()
                .limit(300).map(IptablesSaveWriter::write).flatMap(String::lines).filter(l -> l.startsWith("-A"))
                .peek(l -> assertFalse(refused.matcher(l + " ").find(), l)).count();
        assertTrue(rules > 300, "rules checked: " + rules);
        assertTrue(refused.matcher("-A INPUT -m mark ! --mark 0x10/0xffffffff -m connmark --mark 0x2/0x2 -m mark"
                + " --mark 0xff00/0xffffffff ").find(), "the pattern finds the shrunk rule");
    }
}
