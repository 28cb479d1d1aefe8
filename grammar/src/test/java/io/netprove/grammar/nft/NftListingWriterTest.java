package io.netprove.grammar.nft;

import io.netprove.grammar.TextInput;
import io.netprove.model.nft.NftRuleset;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NftFrontEnd#listRuleset}: the listing of what the inputs build reads back into the same lowered tables, for
 * this package's dumps in all three forms, the corpus scenarios' node dumps, the shared kube-proxy corpus (when
 * present) and hand-written statements whose spelling matters (masks, explicit operators, IPv6 NAT targets,
 * quoting).
 */
class NftListingWriterTest {

    private static final Path ROOT = Paths.get(System.getProperty("netprove.root", ".."));

    @TestFactory
    Stream<DynamicTest> everyDumpOfThisPackageRoundTrips() {
        return Stream.of("kube-proxy.list.nft", "kube-proxy.handles.nft", "kube-proxy.json", "kube-proxy6.list.nft",
                "kube-proxy6.json", "kube-proxy6.transaction.nft", "hostfw.list.nft", "hostfw.json",
                "hostfw.transaction.nft").map(name -> DynamicTest.dynamicTest(name,
                        () -> NftRoundTrip.assertRoundTrips(name, Fixtures.text(name))));
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusNodeDumpRoundTrips() throws IOException {
        List<Path> dumps = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ROOT.resolve("corpus/scenarios"))) {
            s.filter(p -> p.getFileName().toString().equals("nft-ruleset.txt")).sorted().forEach(dumps::add);
        }
        assertTrue(dumps.size() >= 2, "nft dumps in the corpus scenarios: " + dumps);
        return dumps.stream().map(p -> DynamicTest.dynamicTest(ROOT.relativize(p).toString(),
                () -> NftRoundTrip.assertRoundTrips(p.toString(), TextInput.read(p))));
    }

    @Test
    void theSharedKubeProxyCorpusRoundTrips() throws IOException {
        Path shared = Fixtures.shared("listing the kube-proxy nftables corpus");
        if (shared == null) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(shared.resolve("corpus/kube-proxy-nftables"))) {
            s.filter(p -> p.toString().endsWith(".nft") || p.getFileName().toString().equals("nft-transaction.txt"))
                    .sorted().forEach(files::add);
        }
        assertEquals(11, files.size(), () -> "corpus files: " + files);
        List<NftFrontEnd.Source> stages = new ArrayList<>();
        for (Path f : files) {
            NftFrontEnd.Source source = new NftFrontEnd.Source(f.toString(), TextInput.read(f));
            NftRoundTrip.assertRoundTrips(List.of(source));
            if (f.getFileName().toString().startsWith("stage")) {
                stages.add(source);
            }
        }
        NftRoundTrip.assertRoundTrips(stages);
    }

    @Test
    void aTransactionIsListedAsTheTableItLeaves() {
        String listing = NftRoundTrip.assertRoundTrips("tx.nft", "add table ip t\n"
                + "add chain ip t in { type filter hook input priority filter ; policy drop ; }\n"
                + "add chain ip t web\n"
                + "add set ip t ok { type ipv4_addr ; flags interval ; }\n"
                + "add element ip t ok { 10.0.0.0/8, 192.168.1.1 }\n"
                + "add rule ip t in ip saddr @ok jump web\n"
                + "add rule ip t web tcp dport 80 accept\n"
                + "insert rule ip t web tcp dport 443 accept\n"
                + "delete element ip t ok { 192.168.1.1 }\n");
        assertEquals("table ip t {\n"
                + "\tset ok {\n"
                + "\t\ttype ipv4_addr\n"
                + "\t\tflags interval\n"
                + "\t\telements = { 10.0.0.0/8 }\n"
                + "\t}\n"
                + "\tchain in {\n"
                + "\t\ttype filter hook input priority 0; policy drop;\n"
                + "\t\tip saddr @ok jump web\n"
                + "\t}\n"
                + "\tchain web {\n"
                + "\t\ttcp dport 443 accept\n"
                + "\t\ttcp dport 80 accept\n"
                + "\t}\n"
                + "}\n", listing);
    }

    @Test
    void statementsWhoseSpellingMattersRoundTrip() {
        String listing = NftRoundTrip.assertRoundTrips("t.nft", "table inet f {\n"
                + " flags dormant\n"
                + " map m { typeof ip daddr . tcp dport : verdict ; elements = { 10.0.0.1 . 80 : accept } }\n"
                + " set s6 { type ipv6_addr ; timeout 1h ; }\n"
                + " chain c {\n"
                + "  tcp flags syn / fin,syn,rst,ack counter accept\n"
                + "  tcp flags == syn accept\n"
                + "  tcp flags syn,ack accept\n"
                + "  ct state == established accept\n"
                + "  ct state established,related accept\n"
                + "  meta mark & 0xff00 == 0x4000 accept\n"
                + "  meta mark set meta mark or 0x4000\n"
                + "  ip6 daddr fd00::1 tcp dport 80 dnat ip6 to [fd00::2]:8080\n"
                + "  ip daddr 10.96.0.1 dnat ip to 10.0.0.1-10.0.0.3:8080-8090 random,persistent\n"
                + "  log prefix \"kube proxy: \" level warn flags tcp sequence,options\n"
                + "  iifname \"eth 0\" comment \"say \\\"hi\\\"\" accept\n"
                + "  ip daddr . tcp dport vmap @m\n"
                + "  ip saddr != { 10.0.0.0/8, 172.16.0.0/12 } reject with icmp port-unreachable\n"
                + "  limit rate over 10/second burst 3 packets drop\n"
                + "  update @s6 { ip6 saddr } counter\n"
                + "  numgen random mod 2 vmap { 0 : accept, 1 : drop }\n"
                + "  queue num 1\n"
                + " }\n"
                + "}\n");
        assertTrue(listing.contains("\t\ttcp flags syn / fin,syn,rst,ack counter packets 0 bytes 0 accept\n"),
                listing);
        assertTrue(listing.contains("\t\tip6 daddr fd00::1 tcp dport 80 dnat ip6 to [fd00::2]:8080\n"), listing);
        assertTrue(listing.contains("\t\tmeta iifname \"eth 0\" comment \"say \\\"hi\\\"\" accept\n"), listing);
        assertTrue(listing.contains("\t\tct state == established accept\n"), "== is not a flag test: " + listing);
        assertTrue(listing.contains("\t\tmeta mark & 0xff00 == 0x4000 accept\n"), listing);
    }

    @Test
    void aRuleThatIsOnlyACommentIsNotListedAsTheChainsComment() {
        String listing = NftRoundTrip.assertRoundTrips("t.nft", "add table ip t\nadd chain ip t c\n"
                + "add rule ip t c comment \"a; b # c\"\nadd rule ip t c accept\n");
        assertTrue(listing.contains("\t\tcounter packets 0 bytes 0 comment \"a; b # c\"\n"), listing);
        assertEquals(2, Fixtures.rules(NftFrontEnd.read("listed.nft", listing), "c").size());
    }

    private static String jsonRule(String statement) {
        return "{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"t\"}},"
                + "{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"c\"}},"
                + "{\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"c\", \"expr\": ["
                + statement + "]}}]}";
    }

    @Test
    void aJsonQueueVerdictIsListedAsQueue() {
        assertTrue(NftRoundTrip.assertRoundTrips("t.json", jsonRule("{\"queue\": {\"num\": 1}}"))
                .contains("\t\tqueue\n"));
    }

    @Test
    void theTextOfAJsonRuleBracketsAnIpv6NatAddressBeforeItsPort() {
        String json = "{\"nftables\": [{\"table\": {\"family\": \"ip6\", \"name\": \"t\"}},"
                + "{\"chain\": {\"family\": \"ip6\", \"table\": \"t\", \"name\": \"c\"}},"
                + "{\"rule\": {\"family\": \"ip6\", \"table\": \"t\", \"chain\": \"c\", \"expr\": ["
                + "{\"dnat\": {\"addr\": \"fd00::2\", \"port\": 8080}}]}}]}";
        NftRuleset rs = NftFrontEnd.read("t.json", json);
        assertEquals("dnat to [fd00::2]:8080", Fixtures.rule(rs).text());
        NftRoundTrip.assertRoundTrips("t.json", json);
    }

    @Test
    void jsonStatementsThatAreNotModelledHaveNoText() {
        String json = jsonRule("{\"dup\": {\"addr\": \"10.0.0.1\"}}");
        NftRuleset rs = NftFrontEnd.read("t.json", json);
        assertEquals(1, Fixtures.unknowns(Fixtures.only(rs)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NftFrontEnd.listRuleset("t.json", json));
        assertTrue(e.getMessage().endsWith("was read from JSON and is not modelled: it has no nft text"),
                e.getMessage());
    }
}
