package io.netprove.grammar.nft;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.AddrType;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Target;
import io.netprove.model.nft.NftRuleset;
import io.netprove.model.nft.NftTable;
import io.netprove.model.space.IntervalSet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file of ../shared/corpus/kube-proxy-nftables parses completely: no unknown criterion or target, no warning.
 * The kube-proxy table itself is checked through the nft listing kept in this package (present without the corpus).
 */
class NftKubeProxyCorpusTest {

    @Test
    void everyCorpusFileParsesCompletely() throws IOException {
        Path shared = Fixtures.shared("parsing the kube-proxy nftables corpus");
        if (shared == null) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(shared.resolve("corpus/kube-proxy-nftables"))) {
            s.filter(p -> p.toString().endsWith(".nft") || p.getFileName().toString().equals("nft-transaction.txt"))
                    .sorted().forEach(files::add);
        }
        assertEquals(11, files.size(), () -> "corpus files: " + files);
        for (Path f : files) {
            NftRuleset rs = NftFrontEnd.read(List.of(f));
            NftTable t = Fixtures.only(rs);
            assertEquals("ip kube-proxy", t.key(), f.toString());
            assertEquals(0, Fixtures.unknowns(t), f.toString());
            assertTrue(rs.diagnostics().isEmpty(), () -> f + ": " + rs.diagnostics());
            assertEquals(8, t.baseChains().size(), f.toString());
            assertTrue(t.chains().get("services").rules().size() >= 1, f.toString());
        }
    }

    @Test
    void theStagesApplyInOrderAsOneState() throws IOException {
        Path shared = Fixtures.shared("applying the kube-proxy stage files in order");
        if (shared == null) {
            return;
        }
        Path dir = shared.resolve("corpus/kube-proxy-nftables/TestSyncProxyRulesRepeated");
        List<Path> stages = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            stages.add(dir.resolve("stage" + i + ".nft"));
        }
        // Each stage is a complete knftables dump made of 'add' lines: applied on top of each other, chains and
        // elements of earlier stages stay (nothing is flushed), so stage 10 alone has fewer of them.
        NftTable all = Fixtures.only(NftFrontEnd.read(stages));
        NftTable last = Fixtures.only(NftFrontEnd.read(List.of(dir.resolve("stage10.nft"))));
        assertTrue(all.chains().keySet().containsAll(last.chains().keySet()));
        assertTrue(all.chains().containsKey("service-MHHHYRWA-ns2/svc2/tcp/p8080"), "svc2 from stage 1 stays");
        assertTrue(!last.chains().containsKey("service-MHHHYRWA-ns2/svc2/tcp/p8080"));
    }

    private static NftTable listing() {
        return Fixtures.only(Fixtures.read("kube-proxy.list.nft"));
    }

    @Test
    void serviceIpsVerdictMapIsOneRulePerElement() {
        List<Rule> rules = listing().chains().get("services").rules();
        assertEquals(9 + 3, rules.size(), "nine service-ips elements, three service-nodeports elements");
        Rule first = rules.get(0);
        Match.Lookup l = assertInstanceOf(Match.Lookup.class, first.matches().get(0));
        assertEquals(List.of(Match.LookupKey.DST_ADDR, Match.LookupKey.L4PROTO, Match.LookupKey.DST_PORT), l.keys());
        assertEquals("service-ips", l.set());
        assertEquals(1, l.elements().size());
        assertEquals(List.of(IntervalSet.of(IpAddress.parse("1.2.3.4")), IntervalSet.point(8, 0, 6),
                IntervalSet.point(16, 0, 80)), l.elements().get(0).components());
        assertEquals(new Target.Goto("external-42NFTM6N-ns2/svc2/tcp/p80"), first.target());
        assertTrue(first.text().contains("[1.2.3.4 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80]"),
                first.text());
        Rule nodePort = rules.get(9);
        Match.Lookup ips = assertInstanceOf(Match.Lookup.class, nodePort.matches().get(0));
        assertEquals("nodeport-ips", ips.set());
        Match.Lookup ports = assertInstanceOf(Match.Lookup.class, nodePort.matches().get(1));
        assertEquals(List.of(Match.LookupKey.L4PROTO, Match.LookupKey.DST_PORT), ports.keys());
        assertEquals(IntervalSet.point(16, 0, 3001), ports.elements().get(0).components().get(1));
    }

    @Test
    void numgenSplitsIntoRulesWithExactChances() {
        List<Rule> rules = listing().chains().get("service-LAUZTJTB-ns4/svc4/tcp/p80").rules();
        assertEquals(3, rules.size());
        Match.Statistic s = assertInstanceOf(Match.Statistic.class, rules.get(1).matches().get(0));
        assertEquals(Match.Statistic.Mode.RANDOM, s.mode());
        assertEquals("0.5", s.probabilityText());
        assertEquals(0.5, s.probability());
        assertEquals(new Target.Goto("endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80"), rules.get(1).target());
        assertTrue(rules.get(2).matches().isEmpty(), "the last branch takes what is left");
        assertEquals(new Target.Goto("endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80"), rules.get(2).target());
    }

    @Test
    void serviceChainRuleMatchesFieldByField() {
        Rule r = listing().chains().get("service-ULMVA6XW-ns1/svc1/tcp/p80").rules().get(0);
        assertEquals(List.of(new Match.Address(Direction.DESTINATION, IpPrefix.parse("172.30.0.41/32"), false),
                new Match.ProtocolIs(Protocol.TCP, false),
                new Match.Port("tcp", Direction.DESTINATION, PortRange.single(80), false),
                new Match.Address(Direction.SOURCE, IpPrefix.parse("10.0.0.0/8"), true)), r.matches());
        assertEquals(new Target.Jump("mark-for-masquerade"), r.target());
    }

    @Test
    void masqueradeChainMarksAndMasquerades() {
        Chain masq = listing().chains().get("masquerading");
        assertEquals(new Match.Mark(0, 0x4000, false), masq.rules().get(0).matches().get(0));
        assertEquals(new Target.Return(), masq.rules().get(0).target());
        Target.SetMark xor = assertInstanceOf(Target.SetMark.class, masq.rules().get(1).target());
        assertEquals(0x4000, xor.value());
        assertEquals(0, xor.mask());
        assertEquals(0x4001, xor.apply(0x0001));
        assertEquals(0x0001, xor.apply(0x4001));
        assertEquals(new Target.Masquerade(null, false, true), masq.rules().get(2).target());
        Target.SetMark or = assertInstanceOf(Target.SetMark.class,
                listing().chains().get("mark-for-masquerade").rules().get(0).target());
        assertEquals(0x4005, or.apply(0x0005));
        assertEquals(0x4005, or.apply(0x4005));
    }

    @Test
    void sessionAffinityIsARecentList() {
        NftTable t = listing();
        Rule check = t.chains().get("service-HVFWP5L3-ns5/svc5/tcp/p80").rules().get(1);
        Match.Recent r = assertInstanceOf(Match.Recent.class, check.matches().get(0));
        assertEquals(Match.Recent.Mode.RCHECK, r.mode());
        assertEquals(10800, r.seconds());
        assertEquals(false, r.rdest());
        Rule update = t.chains().get("endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80").rules().get(1);
        Match.Recent set = assertInstanceOf(Match.Recent.class, update.matches().get(0));
        assertEquals(Match.Recent.Mode.SET, set.mode());
        assertEquals(r.name(), set.name());
        assertEquals(new Target.None(), update.target());
    }

    @Test
    void noEndpointAndClusterIpChecks() {
        NftTable t = listing();
        List<Rule> check = t.chains().get("cluster-ips-check").rules();
        Match.Lookup ips = assertInstanceOf(Match.Lookup.class, check.get(0).matches().get(0));
        assertEquals(6, ips.elements().size());
        assertEquals(new Target.Reject("icmp-port-unreachable"), check.get(0).target());
        assertEquals(new Match.Comment("Reject traffic to invalid ports of ClusterIPs"), check.get(0).matches().get(1));
        assertEquals(new Match.Address(Direction.DESTINATION, IpPrefix.parse("172.30.0.0/16"), false),
                check.get(1).matches().get(0));
        List<Rule> noEp = t.chains().get("service-endpoints-check").rules();
        assertEquals(3, noEp.size());
        assertEquals(new Target.Goto("reject-chain"), noEp.get(1).target());
    }

    @Test
    void fibSaddrTypeLocal() {
        Rule r = listing().chains().get("external-42NFTM6N-ns2/svc2/tcp/p80").rules().get(1);
        assertEquals(new Match.AddrTypeIs(Direction.SOURCE, Set.of(AddrType.LOCAL), false,
                Match.AddrTypeIs.LimitIface.NONE), r.matches().get(0));
    }
}
