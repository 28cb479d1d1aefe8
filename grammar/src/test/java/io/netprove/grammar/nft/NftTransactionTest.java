package io.netprove.grammar.nft;

import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Target;
import io.netprove.model.nft.NftRuleset;
import io.netprove.model.nft.NftTable;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nft -f transaction semantics, and inputs applied in order to one state. */
class NftTransactionTest {

    private static NftRuleset tx(String text) {
        return NftFrontEnd.read("tx.nft", text);
    }

    private static List<Rule> rules(NftRuleset rs, String chain) {
        return Fixtures.only(rs).chains().get(chain).rules();
    }

    @Test
    void chainsAndSetsMayBeNamedBeforeTheLineThatAddsThem() {
        NftRuleset rs = tx("add table ip t\n"
                + "add rule ip t c ip daddr @s jump d\n"
                + "add element ip t s { 10.0.0.1 }\n"
                + "add chain ip t d\n"
                + "add set ip t s { type ipv4_addr ; }\n"
                + "add chain ip t c { type filter hook input priority 0 ; }\n");
        Rule r = rules(rs, "c").get(0);
        Match.Lookup l = assertInstanceOf(Match.Lookup.class, r.matches().get(0));
        assertEquals(1, l.elements().size());
        assertEquals(new Target.Jump("d"), r.target());
        assertEquals(1, Fixtures.only(rs).baseChains().size());
        assertEquals(6, Fixtures.only(rs).chains().get("c").declared().line(), "declared where it is added");
    }

    @Test
    void flushAndDelete() {
        NftRuleset rs = tx("add table ip t\nadd chain ip t c\nadd chain ip t old\n"
                + "add set ip t s { type ipv4_addr ; }\nadd map ip t m { type inet_service : verdict ; }\n"
                + "add rule ip t c accept\nadd rule ip t c drop\nflush chain ip t c\nadd rule ip t c return\n"
                + "add element ip t s { 10.0.0.1, 10.0.0.2 }\ndelete element ip t s { 10.0.0.1 }\n"
                + "add element ip t m { 22 : accept }\nflush map ip t m\n"
                + "delete chain ip t old\n"
                + "add set ip t gone { type ipv4_addr ; }\ndelete set ip t gone\n"
                + "add rule ip t c ip daddr @s drop ; add rule ip t c tcp dport vmap @m\n");
        NftTable t = Fixtures.only(rs);
        assertFalse(t.chains().containsKey("old"));
        List<Rule> c = t.chains().get("c").rules();
        assertEquals(new Target.Return(), c.get(0).target(), "flush chain dropped accept and drop");
        Match.Lookup s = assertInstanceOf(Match.Lookup.class, c.get(1).matches().get(0));
        assertEquals(1, s.elements().size(), "10.0.0.1 was deleted");
        assertEquals(new Match.Lookup(List.of(Match.LookupKey.DST_PORT), List.of(), false, "m"),
                c.get(2).matches().get(1), "the flushed map is empty");
        assertEquals(3, c.size(), "two commands on one line separated by ';'");
    }

    @Test
    void flushTableKeepsSetElementsAndFlushRulesetEmptiesAll() {
        NftRuleset rs = tx("add table ip t\nadd chain ip t c\nadd set ip t s { type ipv4_addr ; }\n"
                + "add element ip t s { 10.0.0.1 }\nadd rule ip t c drop\nflush table ip t\n"
                + "add rule ip t c ip saddr @s accept\n");
        List<Rule> c = rules(rs, "c");
        assertEquals(1, c.size());
        assertEquals(1, ((Match.Lookup) c.get(0).matches().get(0)).elements().size());
        assertTrue(tx("add table ip t\nadd table inet u\nflush ruleset\n").tables().isEmpty());
        assertEquals(List.of("inet u"), tx("add table ip t\nadd table inet u\nflush ruleset ip\n").tables().stream()
                .map(NftTable::key).toList());
    }

    @Test
    void insertReplaceAndPositionsByHandleOnAListing() {
        NftRuleset rs = NftFrontEnd.readAll(List.of(
                new NftFrontEnd.Source("handles.nft", Fixtures.text("kube-proxy.handles.nft")),
                new NftFrontEnd.Source("tx.nft", "delete rule ip kube-proxy masquerading handle 44\n"
                        + "insert rule ip kube-proxy masquerading counter\n"
                        + "add rule ip kube-proxy masquerading position 42 drop\n"
                        + "replace rule ip kube-proxy masquerading handle 43 accept\n"
                        + "insert rule ip kube-proxy nat-output handle 54 return\n")));
        List<Rule> masq = Fixtures.only(rs).chains().get("masquerading").rules();
        assertEquals(List.of(new Target.None(), new Target.Return(), new Target.Drop(), new Target.Accept()),
                masq.stream().map(Rule::target).toList());
        assertEquals(List.of(new Target.Return(), new Target.Jump("services")),
                Fixtures.only(rs).chains().get("nat-output").rules().stream().map(Rule::target).toList());
        assertEquals(List.of("handles.nft", "tx.nft"), rs.sources());
    }

    @Test
    void aSecondListingOfATableReplacesTheFirst() {
        String first = "table ip t {\n chain a {\n  accept\n }\n chain b {\n  drop\n }\n}\n";
        String second = "table ip t {\n chain a {\n  return\n }\n}\n";
        NftRuleset rs = NftFrontEnd.readAll(List.of(new NftFrontEnd.Source("one.nft", first),
                new NftFrontEnd.Source("two.nft", second)));
        NftTable t = Fixtures.only(rs);
        assertEquals(List.of("a"), List.copyOf(t.chains().keySet()));
        assertEquals(new Target.Return(), t.chains().get("a").rules().get(0).target());
        // A transaction after a listing adds to it instead.
        NftRuleset more = NftFrontEnd.readAll(List.of(new NftFrontEnd.Source("one.nft", first),
                new NftFrontEnd.Source("tx.nft", "add rule ip t b accept\n")));
        assertEquals(2, Fixtures.only(more).chains().get("b").rules().size());
    }

    @Test
    void jsonCommandsApplyLikeTextCommands() {
        String json = "{\"nftables\": [{\"add\": {\"table\": {\"family\": \"inet\", \"name\": \"f\"}}},"
                + "{\"add\": {\"chain\": {\"family\": \"inet\", \"table\": \"f\", \"name\": \"in\","
                + " \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"drop\"}}},"
                + "{\"add\": {\"rule\": {\"family\": \"inet\", \"table\": \"f\", \"chain\": \"in\", \"expr\": "
                + "[{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\","
                + " \"field\": \"dport\"}}, \"right\": 22}}, {\"accept\": null}]}}},"
                + "{\"insert\": {\"rule\": {\"family\": \"inet\", \"table\": \"f\", \"chain\": \"in\", \"expr\": "
                + "[{\"match\": {\"op\": \"in\", \"left\": {\"ct\": {\"key\": \"state\"}}, \"right\": [\"established\","
                + " \"related\"]}}, {\"accept\": null}]}}}]}";
        NftRuleset rs = NftFrontEnd.read("cmd.json", json);
        List<Rule> in = rules(rs, "in");
        assertEquals(2, in.size());
        assertEquals("ct state established,related accept", in.get(0).text());
        assertEquals("tcp dport 22 accept", in.get(1).text());
        assertEquals(NftFrontEnd.Form.JSON, NftFrontEnd.detect(json));
    }

    @Test
    void readsFilesInOrder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path a = dir.resolve("a.nft");
        java.nio.file.Path b = dir.resolve("b.json");
        java.nio.file.Files.writeString(a, Fixtures.text("hostfw.list.nft"));
        java.nio.file.Files.writeString(b, Fixtures.text("kube-proxy.json"));
        NftRuleset rs = NftFrontEnd.read(List.of(a, b));
        assertEquals(List.of("inet hostfw", "ip kube-proxy"), rs.tables().stream().map(NftTable::key).toList());
        assertEquals(2, rs.sources().size());
    }
}
