package io.netprove.grammar.nft;

import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Target;
import io.netprove.model.nft.NftRuleset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input is an InputError at file:line:col saying what was expected; valid nft that netprove does not model is
 * kept as an unknown criterion or target with a warning at the rule's line.
 */
class NftBadInputTest {

    private static InputError fail(String text) {
        return assertThrows(InputError.class, () -> NftFrontEnd.read("bad.nft", text));
    }

    private static void expect(InputError e, int line, int column, String fragment) {
        assertEquals("bad.nft", e.location().file(), e.getMessage());
        assertEquals(line, e.location().line(), e.getMessage());
        assertEquals(column, e.location().column(), e.getMessage());
        assertTrue(e.reason().contains(fragment), () -> "'" + e.reason() + "' should contain '" + fragment + "'");
        assertTrue(e.reason().contains("expected"), () -> "'" + e.reason() + "' should say what was expected");
        assertTrue(e.getMessage().startsWith("bad.nft:" + line + ":" + column + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    // ---- errors

    @Test
    void setReferencedButNotDefined() {
        expect(fail("table ip t {\n chain c {\n  ip daddr @nope drop\n }\n}\n"), 3, 12,
                "set or map 'nope' is not defined in table ip t");
        expect(fail("add table ip t\nadd chain ip t c\nadd rule ip t c ip daddr . tcp dport vmap @gone\n"), 3, 43,
                "'gone' is not defined");
    }

    @Test
    void mapWithAKeyTypeThatDoesNotFitTheLookup() {
        expect(fail("add table ip t\nadd chain ip t c\n"
                + "add map ip t m { type ipv4_addr . inet_proto . inet_service : verdict ; }\n"
                + "add rule ip t c ip daddr vmap @m\n"), 4, 31,
                "map 'm' has key type ipv4_addr . inet_proto . inet_service but the lookup key 'ip daddr' has type "
                        + "ipv4_addr");
        expect(fail("table ip t {\n set s { type ipv6_addr; }\n chain c {\n  ip saddr @s accept\n }\n}\n"), 4, 12,
                "has key type ipv6_addr but the lookup key 'ip saddr' has type ipv4_addr");
        expect(fail("table ip t {\n set s { type ipv4_addr; }\n chain c {\n  ip daddr vmap @s\n }\n}\n"), 4, 17,
                "does not map to verdicts");
    }

    @Test
    void jumpToAMissingChain() {
        expect(fail("table ip t {\n chain c {\n  tcp dport 22 jump ssh\n }\n}\n"), 3, 16,
                "jump to missing chain 'ssh'");
        expect(fail("add table ip t\nadd chain ip t c\nadd map ip t m { type inet_service : verdict ; }\n"
                + "add element ip t m { 22 : goto nowhere }\nadd rule ip t c tcp dport vmap @m\n"), 4, 27,
                "jump to missing chain 'nowhere'");
    }

    @Test
    void chainLoop() {
        expect(fail("table ip t {\n chain a {\n  jump b\n }\n chain b {\n  goto a\n }\n}\n"), 6, 3,
                "chain loop a -> b -> a");
    }

    @Test
    void truncatedFiles() {
        expect(fail("table ip t {\n chain c {\n  ip saddr 10.0.0.1 accept\n"), 4, 1,
                "input ends inside chain 'c': expected '}' to close the '{' at line 2 column 10");
        expect(fail("table ip t {\n set s {\n  type ipv4_addr\n  elements = { 10.0.0.1,\n"), 5, 1,
                "expected '}' to close the set opened at line 4 column 14");
        expect(fail("add rule ip t c ip daddr"), 1, 25, "expected a value to compare 'ip daddr' with");
        expect(fail("{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"t\"}}"), 1, 55,
                "input ends inside the JSON document");
    }

    @Test
    void unknownSyntax() {
        expect(fail("frobnicate ip t\n"), 1, 1, "expected a command such as 'table', 'add'");
        expect(fail("add gizmo ip t x\n"), 1, 5, "unknown object 'gizmo'");
        expect(fail("table ip t {\n widget w\n}\n"), 2, 2, "unknown table item 'widget'");
        expect(fail("add chain ip t c { type filter hook input priority lunch ; }\n"), 1, 52,
                "priority name 'lunch' is not defined for family ip at hook input");
        expect(fail("add chain ip t c { type fancy hook input priority 0 ; }\n"), 1, 25, "unknown chain type 'fancy'");
        expect(fail("add table ip t\nadd chain ip t c\nadd rule ip t c ct state bogus accept\n"), 3, 26,
                "unknown ct state 'bogus'");
        expect(fail("table ip t {\n chain c {\n  reject with smoke\n }\n}\n"), 3, 15,
                "expected icmp, icmpv6, icmpx or tcp reset");
        expect(fail("{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"t\"}}, {\"gadget\": {}}]}"), 1, 57,
                "unknown object \"gadget\"");
        expect(fail("{\"nftables\": [}"), 1, 15, "malformed JSON");
        expect(fail("include \"/etc/nftables.d/*.nft\"\n"), 1, 1, "include cannot be followed");
    }

    @Test
    void badValues() {
        expect(fail("add table ip t\nadd set ip t s { type ipv4_addr ; }\nadd element ip t s { tcp }\n"), 3, 22,
                "'tcp' is not an IPv4 address, prefix or range");
        expect(fail("table ip t {\n chain c {\n  tcp dport 99999 accept\n }\n}\n"), 3, 13,
                "'99999' is not a port number or range");
        expect(fail("table ip t {\n chain c {\n  ip saddr 2001:db8::1 accept\n }\n}\n"), 3, 12,
                "is not an IPv4 address");
        expect(fail("add table ip t\nadd map ip t m { type inet_proto . inet_service : verdict ; }\n"
                + "add element ip t m { tcp : accept }\nadd chain ip t c\nadd rule ip t c meta l4proto . th dport "
                + "vmap @m\n"), 3, 22, "has 1 component(s): expected 2 (inet_proto . inet_service)");
    }

    @Test
    void transactionObjectsThatAreNeverAdded() {
        expect(fail("add table ip t\nadd rule ip t c accept\n"), 2, 5, "chain 'c' of table ip t is never added");
        expect(fail("add table ip t\nadd element ip t s { 10.0.0.1 }\n"), 2, 5, "set 's' of table ip t is never added");
        expect(fail("add chain ip t c\n"), 1, 5, "table ip t is never added");
    }

    @Test
    void transactionCommandsOnWhatIsNotThere() {
        expect(fail("add table ip t\ndelete chain ip t c\n"), 2, 1, "no chain 'c' in table ip t");
        expect(fail("add table ip t\ncreate table ip t\n"), 2, 8, "already exists");
        expect(fail("add table ip t\nadd chain ip t c\ndelete rule ip t c handle 9\n"), 3, 1,
                "no rule with handle 9");
        expect(fail("add table ip t\nadd set ip t s { type ipv4_addr ; }\ndelete element ip t s { 10.0.0.1 }\n"), 3,
                25, "element 10.0.0.1 is not in set 's'");
        // destroy does not mind.
        NftRuleset ok = NftFrontEnd.read("ok.nft", "add table ip t\ndestroy chain ip t c\n");
        assertTrue(Fixtures.only(ok).chains().isEmpty());
    }

    // ---- valid nft that is not modelled: warning + unknown

    private static void unknownWithWarning(String body, int line, String fragment, boolean target) {
        NftRuleset rs = Fixtures.chain("inet", body);
        List<Rule> rules = Fixtures.rules(rs, "c");
        boolean found = false;
        for (Rule r : rules) {
            found |= target ? r.target() instanceof Target.Unknown
                    : r.matches().stream().anyMatch(m -> m instanceof Match.Unknown);
        }
        assertTrue(found, () -> body + " should lower to an unknown " + (target ? "target" : "criterion") + ": "
                + rules);
        List<Diagnostic> w = Fixtures.warnings(rs);
        assertTrue(!w.isEmpty(), body);
        assertEquals("t.nft", w.get(0).location().file());
        assertEquals(line, w.get(0).location().line(), w.get(0).toString());
        assertTrue(w.get(0).message().contains(fragment), () -> w.get(0) + " should mention " + fragment);
    }

    @Test
    void unmodelledMatchesAreUnknownCriteria() {
        unknownWithWarning("ether saddr 00:11:22:33:44:55 accept", 3, "ether saddr", false);
        unknownWithWarning("meta skuid 0 accept", 3, "meta skuid", false);
        unknownWithWarning("ct status == dnat accept", 3, "ct status", false);
        unknownWithWarning("ip dscp cs1 accept", 3, "ip dscp", false);
        unknownWithWarning("tcp option maxseg size 1400 accept", 3, "tcp option maxseg size", false);
        unknownWithWarning("numgen inc mod 2 vmap { 0 : accept, 1 : drop }", 3, "numgen inc", false);
        unknownWithWarning("tcp flags syn,ack accept", 3, "any of several TCP flags", false);
        unknownWithWarning("iifname \"eth+\" accept", 3, "ending in '+'", false);
    }

    @Test
    void unmodelledActionsAreUnknownTargets() {
        unknownWithWarning("queue num 3 bypass", 3, "queue", true);
        unknownWithWarning("meta l4proto tcp tproxy ip to 127.0.0.1:8080", 3, "tproxy", true);
        unknownWithWarning("ip saddr set 10.0.0.1", 3, "ip saddr set", true);
        unknownWithWarning("mark 0x1 mark set 0x2 accept", 3, "changes the mark", true);
    }

    @Test
    void iptablesNftExtensionsInAListingAreUnknown() {
        NftRuleset rs = NftFrontEnd.read("x.nft", "table ip nat {\n chain DOCKER {\n  ip daddr != 127.0.0.0/8 "
                + "# xt_addrtype counter packets 0 bytes 0 jump OUT\n }\n chain OUT {\n }\n}\n");
        Rule r = Fixtures.table(rs, "ip nat").chains().get("DOCKER").rules().get(0);
        assertInstanceOf(Match.Unknown.class, r.matches().get(1));
        assertEquals(new Target.Jump("OUT"), r.target(), "the rest of the line after '# xt_...' is read on");
        assertEquals(1, Fixtures.warnings(rs).size());
    }

    @Test
    void unmodelledObjectsAreSkippedWithAWarning() {
        NftRuleset rs = NftFrontEnd.read("o.nft", "table inet t {\n flowtable ft {\n  hook ingress priority 0;"
                + " devices = { eth0 };\n }\n counter c1 {\n  packets 0 bytes 0\n }\n chain c {\n  accept\n }\n}\n");
        List<Diagnostic> w = Fixtures.warnings(rs);
        assertEquals(2, w.size(), () -> "warnings: " + w);
        assertEquals(2, w.get(0).location().line());
        assertTrue(w.get(0).message().startsWith("flowtable objects are not modelled"), w.get(0).message());
        assertEquals(1, Fixtures.rules(rs, "c").size());
    }

    @Test
    void dynamicSetsWithCompositeKeysAreUnknown() {
        NftRuleset rs = Fixtures.chain("ip", "set s { type ipv4_addr . inet_service ; flags dynamic ; }",
                "ip saddr . tcp dport @s accept\n  add @s { ip saddr . tcp dport }");
        List<Rule> rules = Fixtures.rules(rs, "c");
        assertInstanceOf(Match.Unknown.class, rules.get(0).matches().get(1));
        assertInstanceOf(Match.Unknown.class, rules.get(1).matches().get(0));
        assertEquals(2, Fixtures.warnings(rs).size());
    }
}
