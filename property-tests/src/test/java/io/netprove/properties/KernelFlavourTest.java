package io.netprove.properties;

import io.netprove.grammar.iptables.IptablesSaveWriter;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.net.PortRange;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.Match;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regressions, from the kernel property at nightly size. (1) The kernel flavour generated
 * {@code -A INPUT -m mark ! --mark 0x10/0xffffffff -m connmark --mark 0x2/0x2 -m mark --mark 0xff00/0xffffffff},
 * which iptables-restore 1.8.9 (legacy and nft) refuses ("mark: option --mark can only be used once": the two
 * modules share the option's name and the third criterion's option goes to the first instance), so the kernel
 * oracle failed to load the rule set. The flavour now leaves such a criterion out. (2) It generated
 * {@code ! -p tcp -m statistic --mode random ! --probability 0.5 -j DNAT ...}: the oracle forces only
 * {@code --probability P} rules to enumerate their branches, so it saw one random branch where the simulator
 * (rightly) gives both; the flavour no longer negates random statistics. (3) It generated
 * {@code -p tcp -m tcp ! --sport 0:65535 -j DNAT ...}, which matches no packet, but iptables-nft 1.8.9 loads it as
 * {@code -p tcp -j DNAT ...} (the negated full range is dropped), so the kernel DNATed every TCP probe; the flavour
 * leaves such a criterion out (a real dump, read back from the kernel, never holds it). (4) The oracle failed
 * ("xtables-monitor --trace exited ... Parsing nftables rule failed") on a node probe to its own address whose
 * source port MASQUERADE --random-fully had rewritten: the oracle tells its probes by their source ports, so the
 * packet was traced through its tproxy rule, which xtables-monitor cannot print; the flavour masquerades without
 * --random-fully. (5) The simulator's probes left from port 40000 while the oracle's leave from 61000-64999, so a
 * rule on source ports 8080:48310 dropped the one and not the other; kernel-flavour port ranges now hold all of the
 * oracle's probe ports or none, and the simulator's probes leave from the first of them. (6) A node probe DNATed to
 * its other address and masqueraded on the way through lo reached the kernel's receiver from that address ("masq"),
 * while the property took a MASQUERADE of the node's own traffic to keep the primary address; the property now
 * takes the local destination as the masquerade source of a packet the node delivers to itself.
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
        assertFalse(IptablesRulesets.loadable(seen, new Match.Port("tcp", Direction.SOURCE, PortRange.ALL, true)));
        assertTrue(IptablesRulesets.loadable(seen, new Match.Port("tcp", Direction.SOURCE, PortRange.ALL, false)));
        assertTrue(IptablesRulesets.loadable(seen, new Match.Port("tcp", Direction.SOURCE, new PortRange(0, 65534),
                true)));
    }

    @Test
    void aNodePacketMasqueradedToItselfComesFromItsDestination() {
        IpAddress other = IptablesRulesets.NODE.get(1);
        Packet sent = Packet.newConnection(KernelAgreementProperties.NODE_IP, IpAddress.parse("192.168.114.254"),
                Protocol.UDP, 45525);
        Packet delivered = sent.withDestination(other, 45525);
        Outcome local = new Outcome(Disposition.LOCAL, delivered, true, 1.0, List.of(), List.of(), List.of());
        assertEquals(Set.of("LOCAL " + other + ":45525 masq"), KernelAgreementProperties.simulated(List.of(local),
                sent));
        Outcome leaving = new Outcome(Disposition.FORWARDED, delivered, true, 1.0, List.of(), List.of(), List.of());
        assertEquals(Set.of("FORWARDED " + other + ":45525"), KernelAgreementProperties.simulated(List.of(leaving),
                sent), "leaving the node, the node's own traffic keeps its primary address");
    }

    @Test
    void sampledKernelRulesetsHoldNoRuleIptablesRefuses() {
        List<String> texts = IptablesRulesets.rulesets(IptablesRulesets.Flavour.KERNEL, AddressFamily.IPV4)
                .sampleStream().limit(300).map(IptablesSaveWriter::write).toList();
        Pattern refused = Pattern.compile("-m (mark|connmark) .*-m (?!\\1 )(mark|connmark) .*-m \\1 ");
        Pattern ports = Pattern.compile("(?:sports?|dports?|ports) (\\S+)");
        long rules = 0;
        for (String text : texts) {
            assertFalse(text.contains("! --probability"), "no negated random statistic: the oracle cannot enumerate"
                    + " it");
            assertFalse(text.contains("! --sport 0:65535") || text.contains("! --dport 0:65535"),
                    "no negated full port range");
            assertFalse(text.contains("--random-fully"), "no MASQUERADE --random-fully");
            for (String line : text.lines().filter(l -> l.startsWith("-A")).toList()) {
                rules++;
                assertFalse(refused.matcher(line + " ").find(), line);
                java.util.regex.Matcher m = ports.matcher(line);
                while (m.find()) {
                    for (String part : m.group(1).split("[,:]")) {
                        assertFalse(IptablesRulesets.ORACLE_PROBE_PORTS.contains(Integer.parseInt(part)), line);
                    }
                }
            }
        }
        assertTrue(rules > 300, "rules checked: " + rules);
        assertTrue(refused.matcher("-A INPUT -m mark ! --mark 0x10/0xffffffff -m connmark --mark 0x2/0x2 -m mark"
                + " --mark 0xff00/0xffffffff ").find(), "the pattern finds the shrunk rule");
    }
}
