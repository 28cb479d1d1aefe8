package io.netprove.grammar.nft;

import io.netprove.grammar.TextInput;
import io.netprove.model.netfilter.BaseChain;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.nft.NftRuleset;
import io.netprove.model.nft.NftTable;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three input forms of the same table lower to the same model: the text that was fed to nft -f, what
 * nft list ruleset printed back, and what nft -j list ruleset printed back (both made by regenerate.sh).
 */
class NftFormsTest {

    @Test
    void detectsEachForm() {
        assertEquals(NftFrontEnd.Form.LIST_RULESET, NftFrontEnd.detect(Fixtures.text("kube-proxy.list.nft")));
        assertEquals(NftFrontEnd.Form.JSON, NftFrontEnd.detect(Fixtures.text("kube-proxy.json")));
        assertEquals(NftFrontEnd.Form.TRANSACTION, NftFrontEnd.detect(Fixtures.text("hostfw.transaction.nft")));
        assertEquals(NftFrontEnd.Form.TRANSACTION, NftFrontEnd.detect("# header\n\nflush ruleset\n"));
        assertEquals(NftFrontEnd.Form.LIST_RULESET, NftFrontEnd.detect("# x\n  table inet f {\n}\n"));
        assertEquals(NftFrontEnd.Form.TRANSACTION, NftFrontEnd.detect("tables\n"));
    }

    private static void assertSameModel(NftTable expected, NftTable actual) {
        assertEquals(expected.key(), actual.key());
        assertEquals(new HashSet<>(expected.baseChains()), new HashSet<>(actual.baseChains()));
        Map<String, List<Rule>> e = Fixtures.comparable(expected);
        Map<String, List<Rule>> a = Fixtures.comparable(actual);
        assertEquals(e.keySet(), a.keySet());
        for (String chain : e.keySet()) {
            assertEquals(e.get(chain), a.get(chain), "chain " + chain);
        }
    }

    @Test
    void hostFirewallTransactionListingAndJsonAgree() {
        NftTable tx = Fixtures.only(Fixtures.read("hostfw.transaction.nft"));
        NftTable list = Fixtures.only(Fixtures.read("hostfw.list.nft"));
        NftTable json = Fixtures.only(Fixtures.read("hostfw.json"));
        assertSameModel(tx, list);
        assertSameModel(tx, json);
        assertEquals("inet", json.family());
        assertEquals(6, json.baseChains().size());
        assertEquals(0, Fixtures.unknowns(tx), "every construct of the host firewall is modelled");
        int rules = 0;
        for (List<Rule> rs : Fixtures.comparable(tx).values()) {
            rules += rs.size();
        }
        assertEquals(56, rules, "model rules of the host firewall (47 nft rules; vmaps, name sets, actions split)");
    }

    @Test
    void ipv6KubeProxyShapesAgreeInAllThreeForms() {
        NftTable tx = Fixtures.only(Fixtures.read("kube-proxy6.transaction.nft"));
        assertSameModel(tx, Fixtures.only(Fixtures.read("kube-proxy6.list.nft")));
        assertSameModel(tx, Fixtures.only(Fixtures.read("kube-proxy6.json")));
        assertEquals(0, Fixtures.unknowns(tx));
        assertEquals(new io.netprove.model.netfilter.Target.Reject("icmp6-port-unreachable"),
                tx.chains().get("ep").rules().get(1).target());
    }

    @Test
    void kubeProxyListingAndJsonAgree() {
        NftRuleset list = Fixtures.read("kube-proxy.list.nft");
        NftRuleset json = Fixtures.read("kube-proxy.json");
        NftRuleset handles = Fixtures.read("kube-proxy.handles.nft");
        assertSameModel(Fixtures.only(list), Fixtures.only(json));
        assertSameModel(Fixtures.only(list), Fixtures.only(handles));
        assertTrue(list.diagnostics().isEmpty(), () -> "diagnostics: " + list.diagnostics());
        assertTrue(json.diagnostics().isEmpty(), () -> "diagnostics: " + json.diagnostics());
    }

    @Test
    void kubeProxyTransactionAgreesWithWhatNftListedBack() {
        Path shared = Fixtures.shared("comparing the corpus transaction with the nft listing");
        if (shared == null) {
            return;
        }
        Path tx = shared.resolve("corpus/kube-proxy-nftables/TestOverallNFTablesRules/nft-transaction.txt");
        NftRuleset fromTx = NftFrontEnd.read(List.of(tx));
        assertSameModel(Fixtures.only(fromTx), Fixtures.only(Fixtures.read("kube-proxy.list.nft")));
        assertSameModel(Fixtures.only(fromTx), Fixtures.only(Fixtures.read("kube-proxy.json")));
        assertEquals(NftFrontEnd.Form.TRANSACTION, NftFrontEnd.detect(TextInput.read(tx)));
    }

    @Test
    void baseChainsCarryNumericPrioritiesFromNamesAndArithmetic() {
        NftTable t = Fixtures.only(Fixtures.read("kube-proxy.list.nft"));
        BaseChain pre = null;
        BaseChain post = null;
        for (BaseChain b : t.baseChains()) {
            if (b.chain().equals("filter-prerouting")) {
                pre = b;
            }
            if (b.chain().equals("nat-postrouting")) {
                post = b;
            }
        }
        // The listing spells these 'priority dstnat - 10' and 'priority srcnat'.
        assertEquals(-110, pre.priority());
        assertEquals(100, post.priority());
        assertEquals(BaseChain.Type.NAT, post.type());
        assertEquals("ip kube-proxy", post.table());
    }
}
