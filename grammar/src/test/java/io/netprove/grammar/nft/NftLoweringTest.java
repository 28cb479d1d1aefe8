package io.netprove.grammar.nft;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.AddrType;
import io.netprove.model.netfilter.BaseChain;
import io.netprove.model.netfilter.Counters;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.netfilter.CtStatus;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.Hook;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.NatRange;
import io.netprove.model.netfilter.Policy;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Target;
import io.netprove.model.nft.NftRuleset;
import io.netprove.model.nft.NftTable;
import io.netprove.model.space.IntervalSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each construct of the issue lowered as expected, field by field (text form; the forms test covers JSON). */
class NftLoweringTest {

    private static final Match V4 = new Match.Address(Direction.SOURCE, IpPrefix.any(AddressFamily.IPV4), false);
    private static final Match V6 = new Match.Address(Direction.SOURCE, IpPrefix.any(AddressFamily.IPV6), false);

    private static Rule one(String body) {
        return Fixtures.rule(Fixtures.chain("ip", body));
    }

    private static Match.Address addr(Direction d, String prefix, boolean negated) {
        return new Match.Address(d, IpPrefix.parse(prefix), negated);
    }

    private static IntervalSet v4(String prefix) {
        return IntervalSet.of(IpPrefix.parse(prefix));
    }

    private static IntervalSet port(int p) {
        return IntervalSet.point(16, 0, p);
    }

    private static IntervalSet proto(int p) {
        return IntervalSet.point(8, 0, p);
    }

    private static Match.LookupElement elem(IntervalSet... comps) {
        return new Match.LookupElement(List.of(comps));
    }

    // ---- addresses

    @Test
    void addressesPrefixesNegationAndRanges() {
        assertEquals(List.of(addr(Direction.SOURCE, "10.0.0.1/32", false)), one("ip saddr 10.0.0.1 accept").matches());
        assertEquals(List.of(addr(Direction.DESTINATION, "10.0.0.0/8", true)),
                one("ip daddr != 10.0.0.0/8 accept").matches());
        assertEquals(List.of(new Match.IpRangeIs(Direction.SOURCE,
                        new IpRange(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.9")), false)),
                one("ip saddr 10.0.0.1-10.0.0.9 accept").matches());
        // A range that is exactly a CIDR block is that block.
        assertEquals(List.of(addr(Direction.SOURCE, "10.0.0.0/24", false)),
                one("ip saddr 10.0.0.0-10.0.0.255 accept").matches());
        // Ordering operators select the interval below or above.
        assertEquals(List.of(new Match.IpRangeIs(Direction.DESTINATION,
                        new IpRange(IpAddress.parse("0.0.0.0"), IpAddress.parse("9.255.255.255")), false)),
                one("ip daddr < 10.0.0.0 accept").matches());
    }

    @Test
    void anonymousSetsOfAddressesAreOneLookupAndOneElementSetsAreTheElement() {
        Rule r = one("ip saddr { 10.0.0.1, 192.168.0.0/16, 10.0.0.0/24 } drop");
        Match.Lookup l = assertInstanceOf(Match.Lookup.class, r.matches().get(0));
        assertEquals(List.of(Match.LookupKey.SRC_ADDR), l.keys());
        assertEquals("", l.set());
        assertEquals(List.of(elem(v4("10.0.0.0/24")), elem(v4("10.0.0.1/32")), elem(v4("192.168.0.0/16"))),
                l.elements(), "sorted by value");
        assertEquals(false, l.negated());
        Match.Lookup neg = assertInstanceOf(Match.Lookup.class,
                one("ip saddr != { 10.0.0.0/8, 172.16.0.0/12 } drop").matches().get(0));
        assertTrue(neg.negated());
        assertEquals(List.of(addr(Direction.DESTINATION, "172.30.0.0/16", false)),
                one("ip daddr { 172.30.0.0/16 } drop").matches());
    }

    @Test
    void ipFieldsInAnInetTableAreGuardedByFamily() {
        Rule r = Fixtures.rule(Fixtures.chain("inet", "ip saddr != 10.0.0.0/8 accept"));
        assertEquals(List.of(V4, addr(Direction.SOURCE, "10.0.0.0/8", true)), r.matches(),
                "an IPv6 packet must not match the negated IPv4 test");
        Rule r6 = Fixtures.rule(Fixtures.chain("inet", "ip6 daddr 2001:db8::/32 accept"));
        assertEquals(List.of(V6, addr(Direction.DESTINATION, "2001:db8::/32", false)), r6.matches());
        // In an ip6 table an IPv4 field can never match: the guard says so.
        Rule mixed = Fixtures.rule(Fixtures.chain("ip6", "ip saddr 10.0.0.1 accept"));
        assertEquals(V4, mixed.matches().get(0));
        assertEquals("inet", Fixtures.only(Fixtures.chain("inet", "accept")).family());
    }

    // ---- protocols and ports

    @Test
    void portsDependOnTheirProtocol() {
        assertEquals(List.of(new Match.ProtocolIs(Protocol.TCP, false),
                new Match.Port("tcp", Direction.DESTINATION, PortRange.single(80), false)),
                one("tcp dport 80 accept").matches());
        assertEquals(List.of(new Match.ProtocolIs(Protocol.UDP, false),
                new Match.Port("udp", Direction.SOURCE, new PortRange(1000, 2000), true)),
                one("udp sport != 1000-2000 accept").matches());
        assertEquals(List.of(new Match.ProtocolIs(Protocol.SCTP, false),
                new Match.Port("sctp", Direction.DESTINATION, PortRange.single(9), false)),
                one("sctp dport 9 accept").matches());
        Rule set = one("tcp dport { 22, 80, 443 } accept");
        assertEquals(new Match.ProtocolIs(Protocol.TCP, false), set.matches().get(0));
        assertEquals(new Match.Lookup(List.of(Match.LookupKey.DST_PORT),
                List.of(elem(port(22)), elem(port(80)), elem(port(443))), false, ""), set.matches().get(1));
        assertEquals(List.of(new Match.ProtocolIs(Protocol.TCP, false),
                new Match.Port("tcp", Direction.DESTINATION, new PortRange(0, 1023), false)),
                one("tcp dport < 1024 accept").matches());
    }

    @Test
    void thPortsHaveNoProtocolDependencyAndAreFlaggedWhenNothingPinsOne() {
        NftRuleset pinned = Fixtures.chain("ip", "meta l4proto { tcp, udp } th dport 53 accept");
        Rule r = Fixtures.rule(pinned);
        assertEquals(new Match.Lookup(List.of(Match.LookupKey.L4PROTO), List.of(elem(proto(6)), elem(proto(17))),
                false, ""), r.matches().get(0));
        assertEquals(new Match.Port("th", Direction.DESTINATION, PortRange.single(53), false), r.matches().get(1));
        assertTrue(Fixtures.warnings(pinned).isEmpty(), () -> "warnings: " + pinned.diagnostics());
        NftRuleset loose = Fixtures.chain("ip", "th dport 53 accept");
        assertEquals(1, Fixtures.warnings(loose).size());
        assertTrue(Fixtures.warnings(loose).get(0).toString().startsWith("t.nft:3:3: warning:"),
                Fixtures.warnings(loose).get(0).toString());
    }

    @Test
    void protocols() {
        assertEquals(List.of(new Match.ProtocolIs(Protocol.UDP, false)), one("meta l4proto udp accept").matches());
        assertEquals(List.of(new Match.ProtocolIs(Protocol.ICMP, true)), one("ip protocol != icmp accept").matches());
        assertEquals(List.of(V4, new Match.ProtocolIs(Protocol.TCP, false)),
                Fixtures.rule(Fixtures.chain("inet", "ip protocol tcp accept")).matches());
        assertEquals(List.of(new Match.ProtocolIs(new Protocol(47), false)), one("meta l4proto 47 accept").matches());
    }

    // ---- marks

    @Test
    void markComparisonsWithMasks() {
        assertEquals(List.of(new Match.Mark(0, 0x4000, false)), one("mark and 0x4000 == 0 return").matches());
        assertEquals(List.of(new Match.Mark(0, 0x4000, true)), one("meta mark & 0x00004000 != 0 return").matches());
        assertEquals(List.of(new Match.Mark(0x10, 0xffffffffL, false)), one("meta mark 0x10 accept").matches());
        assertEquals(List.of(new Match.Mark(0x10, 0xffffffffL, true)), one("mark != 16 accept").matches());
        assertEquals(List.of(new Match.Connmark(0x100, 0xff00, false)),
                one("ct mark and 0xff00 == 0x100 accept").matches());
        Match.Lookup range = assertInstanceOf(Match.Lookup.class, one("mark 0x10-0x20 accept").matches().get(0));
        assertEquals(List.of(Match.LookupKey.MARK), range.keys());
        assertEquals(IntervalSet.range(32, 0x10, 0x20), range.elements().get(0).components().get(0));
    }

    @Test
    void markAndConnmarkAssignments() {
        Target.SetMark or = assertInstanceOf(Target.SetMark.class, one("mark set mark or 0x4000").target());
        assertEquals(0x4000, or.value());
        assertEquals(0x4000, or.mask());
        Target.SetMark xor = assertInstanceOf(Target.SetMark.class, one("meta mark set meta mark xor 0x4000").target());
        assertEquals(0x4000, xor.value());
        assertEquals(0, xor.mask());
        Target.SetMark and = assertInstanceOf(Target.SetMark.class, one("mark set mark and 0xff").target());
        assertEquals(0x12, and.apply(0x1312));
        Target.SetMark set = assertInstanceOf(Target.SetMark.class, one("mark set 0x10").target());
        assertEquals(0x10, set.apply(0xffff));
        Target.SetMark andOr = assertInstanceOf(Target.SetMark.class, one("mark set mark and 0xff or 0x100").target());
        assertEquals(0x134, andOr.apply(0xff34));
        assertEquals(new Target.ConnMark(Target.ConnMark.Op.SET_XMARK, 0x5, 0xffffffffL, 0, 0, "ct mark set 0x5"),
                one("ct mark set 0x5").target());
        Target.ConnMark save = assertInstanceOf(Target.ConnMark.class, one("ct mark set mark and 0xff").target());
        assertEquals(Target.ConnMark.Op.SAVE, save.op());
        assertEquals(0xff, save.nfmask());
        assertEquals(0xffffffffL, save.ctmask());
        Target.ConnMark restore = assertInstanceOf(Target.ConnMark.class, one("meta mark set ct mark").target());
        assertEquals(Target.ConnMark.Op.RESTORE, restore.op());
        assertEquals(0xffffffffL, restore.nfmask());
    }

    // ---- conntrack and fib

    @Test
    void ctStateAndStatus() {
        assertEquals(List.of(new Match.CtStateIs(Set.of(CtState.NEW), false, false)),
                one("ct state new accept").matches());
        assertEquals(new Match.CtStateIs(Set.of(CtState.ESTABLISHED, CtState.RELATED), false, false),
                one("ct state established,related accept").matches().get(0));
        assertEquals(new Match.CtStateIs(Set.of(CtState.ESTABLISHED, CtState.RELATED), false, false),
                one("ct state { established, related } accept").matches().get(0));
        assertEquals(new Match.CtStateIs(Set.of(CtState.INVALID), true, false),
                one("ct state != invalid accept").matches().get(0));
        // '!= a,b' compares the one state bit with two bits at once: always true.
        assertEquals(new Match.CtStateIs(Set.of(), true, false),
                one("ct state != established,related accept").matches().get(0));
        assertEquals(new Match.CtStateIs(Set.of(CtState.DNAT), false, false),
                one("ct status dnat accept").matches().get(0));
        assertEquals(new Match.CtStatusIs(Set.of(CtStatus.ASSURED), false),
                one("ct status assured accept").matches().get(0));
    }

    @Test
    void fibAddressTypes() {
        assertEquals(new Match.AddrTypeIs(Direction.SOURCE, Set.of(AddrType.LOCAL), false,
                Match.AddrTypeIs.LimitIface.NONE), one("fib saddr type local accept").matches().get(0));
        assertEquals(new Match.AddrTypeIs(Direction.DESTINATION, Set.of(AddrType.LOCAL), true,
                Match.AddrTypeIs.LimitIface.NONE), one("fib daddr type != local accept").matches().get(0));
        assertEquals(new Match.AddrTypeIs(Direction.DESTINATION, Set.of(AddrType.LOCAL), false,
                Match.AddrTypeIs.LimitIface.IN), one("fib daddr . iif type local accept").matches().get(0));
        assertEquals(new Match.AddrTypeIs(Direction.DESTINATION, Set.of(AddrType.BROADCAST, AddrType.MULTICAST),
                false, Match.AddrTypeIs.LimitIface.NONE),
                one("fib daddr type { broadcast, multicast } drop").matches().get(0));
    }

    // ---- interfaces

    @Test
    void interfaceNamesWildcardsAndSets() {
        assertEquals(List.of(new Match.Interface(Direction.SOURCE, "eth0", false)),
                one("iifname \"eth0\" accept").matches());
        assertEquals(List.of(new Match.Interface(Direction.DESTINATION, "veth+", true)),
                one("oifname != \"veth*\" accept").matches());
        assertEquals(List.of(new Match.Interface(Direction.SOURCE, "lo", false)),
                one("meta iif \"lo\" accept").matches());
        List<Rule> split = Fixtures.rules(Fixtures.chain("ip", "iifname { \"eth1\", \"eth0\" } accept"), "c");
        assertEquals(2, split.size());
        assertEquals(List.of(new Match.Interface(Direction.SOURCE, "eth0", false)), split.get(0).matches());
        assertEquals(List.of(new Match.Interface(Direction.SOURCE, "eth1", false)), split.get(1).matches());
        assertEquals(List.of(new Match.Interface(Direction.DESTINATION, "eth0", true),
                new Match.Interface(Direction.DESTINATION, "eth1", true)),
                one("oifname != { \"eth0\", \"eth1\" } drop").matches());
    }

    // ---- named sets and maps

    @Test
    void concatenatedNamedSetLookup() {
        NftRuleset rs = Fixtures.chain("ip", "set s { type ipv4_addr . inet_proto . inet_service ; flags interval ;"
                + " elements = { 10.0.0.0/8 . tcp . 80-90, 10.1.2.3 . udp . 53 } }",
                "ip daddr . meta l4proto . th dport @s accept");
        Match.Lookup l = assertInstanceOf(Match.Lookup.class, Fixtures.rule(rs).matches().get(0));
        assertEquals(List.of(Match.LookupKey.DST_ADDR, Match.LookupKey.L4PROTO, Match.LookupKey.DST_PORT), l.keys());
        assertEquals("s", l.set());
        assertEquals(List.of(elem(v4("10.0.0.0/8"), proto(6), IntervalSet.range(16, 80, 90)),
                elem(v4("10.1.2.3/32"), proto(17), port(53))), l.elements());
        assertTrue(Fixtures.warnings(rs).isEmpty(), "the elements pin th to TCP and UDP");
    }

    @Test
    void typeofSetsAndTcpPortKeysBringTheirDependency() {
        NftRuleset rs = Fixtures.chain("ip", "set s { typeof ip saddr . tcp dport ; elements = { 10.0.0.1 . 22 } }",
                "ip saddr . tcp dport @s accept");
        Rule r = Fixtures.rule(rs);
        assertEquals(new Match.ProtocolIs(Protocol.TCP, false), r.matches().get(0));
        Match.Lookup l = assertInstanceOf(Match.Lookup.class, r.matches().get(1));
        assertEquals(List.of(elem(v4("10.0.0.1/32"), port(22))), l.elements());
    }

    @Test
    void namedVerdictMapIsOneRulePerElementWithItsVerdict() {
        NftRuleset rs = Fixtures.chain("ip", "map m { type ipv4_addr . inet_proto . inet_service : verdict ;"
                + " elements = { 10.0.0.2 . tcp . 80 : goto a, 10.0.0.1 . udp . 53 : drop, 10.0.0.3 . tcp . 1 : "
                + "accept, 10.0.0.4 . tcp . 2 : return, 10.0.0.5 . tcp . 3 : jump a, 10.0.0.6 . tcp . 4 : continue }"
                + " }\n chain a {\n }",
                "ip saddr 192.0.2.1 ip daddr . meta l4proto . th dport vmap @m");
        List<Rule> rules = Fixtures.rules(rs, "c");
        assertEquals(6, rules.size());
        assertEquals(List.of(new Target.Drop(), new Target.Goto("a"), new Target.Accept(), new Target.Return(),
                new Target.Jump("a"), new Target.None()), rules.stream().map(Rule::target).toList());
        for (Rule r : rules) {
            assertEquals(addr(Direction.SOURCE, "192.0.2.1/32", false), r.matches().get(0), "criteria before vmap");
            Match.Lookup l = assertInstanceOf(Match.Lookup.class, r.matches().get(1));
            assertEquals(1, l.elements().size());
            assertEquals("m", l.set());
        }
        assertEquals(elem(v4("10.0.0.1/32"), proto(17), port(53)),
                ((Match.Lookup) rules.get(0).matches().get(1)).elements().get(0));
    }

    @Test
    void emptyVerdictMapGivesARuleThatNeverMatches() {
        List<Rule> rules = Fixtures.rules(Fixtures.chain("ip", "map m { type inet_proto . inet_service : verdict ; }",
                "meta l4proto . th dport vmap @m"), "c");
        assertEquals(1, rules.size());
        assertEquals(new Match.Lookup(List.of(Match.LookupKey.L4PROTO, Match.LookupKey.DST_PORT), List.of(), false,
                "m"), rules.get(0).matches().get(0));
        assertEquals(new Target.None(), rules.get(0).target());
    }

    @Test
    void anonymousVerdictMapsOnLookupKeysAndOnCtState() {
        List<Rule> ports = Fixtures.rules(Fixtures.chain("ip", "chain web {\n }",
                "tcp dport vmap { 80 : jump web, 22 : accept }"), "c");
        assertEquals(2, ports.size());
        assertEquals(new Target.Accept(), ports.get(0).target());
        assertEquals(new Match.ProtocolIs(Protocol.TCP, false), ports.get(0).matches().get(0));
        List<Rule> states = Fixtures.rules(Fixtures.chain("ip",
                "ct state vmap { invalid : drop, established : accept }"), "c");
        assertEquals(List.of(new Match.CtStateIs(Set.of(CtState.ESTABLISHED), false, false)), states.get(0).matches());
        assertEquals(new Target.Accept(), states.get(0).target());
        assertEquals(new Target.Drop(), states.get(1).target());
    }

    // ---- numgen

    @Test
    void numgenBranchesHaveProbabilityOneOverN() {
        List<Rule> rules = Fixtures.rules(Fixtures.chain("ip", "chain a {\n }\n chain b {\n }\n chain d {\n }",
                "numgen random mod 3 vmap { 0 : goto a, 1 : goto b, 2 : goto d }"), "c");
        assertEquals(3, rules.size());
        Match.Statistic s0 = assertInstanceOf(Match.Statistic.class, rules.get(0).matches().get(0));
        Match.Statistic s1 = assertInstanceOf(Match.Statistic.class, rules.get(1).matches().get(0));
        assertEquals("1/3", s0.probabilityText());
        assertEquals("0.5", s1.probabilityText());
        assertEquals(1.0 / 3, s0.probability());
        assertTrue(rules.get(2).matches().isEmpty());
        assertEquals(new Target.Goto("d"), rules.get(2).target());
    }

    @Test
    void numgenBranchesCoveringSeveralValuesAndMissingValues() {
        // mod 5: branch a has 0-1 (2/5), b has 2 (1/5), values 3 and 4 go to no branch (2/5 fall through).
        List<Rule> rules = Fixtures.rules(Fixtures.chain("ip", "chain a {\n }\n chain b {\n }",
                "numgen random mod 5 vmap { 2 : goto b, 0-1 : goto a }"), "c");
        assertEquals(2, rules.size());
        Match.Statistic a = assertInstanceOf(Match.Statistic.class, rules.get(0).matches().get(0));
        Match.Statistic b = assertInstanceOf(Match.Statistic.class, rules.get(1).matches().get(0));
        assertEquals(new Target.Goto("a"), rules.get(0).target());
        assertEquals("0.4", a.probabilityText());
        assertEquals("1/3", b.probabilityText(), "one of the three values a left");
    }

    // ---- NAT

    @Test
    void natTargets() {
        NftTable t = Fixtures.only(Fixtures.read("hostfw.transaction.nft"));
        List<Rule> pre = t.chains().get("prerouting").rules();
        assertEquals(new Target.Dnat(List.of(new NatRange(IpRange.single(IpAddress.parse("10.0.0.5")),
                PortRange.single(80))), false, false), pre.get(0).target());
        assertEquals(V4, pre.get(0).matches().get(pre.get(0).matches().size() - 1),
                "dnat ip in an inet table leaves IPv6 packets alone");
        assertEquals(new Target.Dnat(List.of(new NatRange(IpRange.single(IpAddress.parse("2001:db8::2")),
                PortRange.single(8080))), false, false), pre.get(1).target());
        assertEquals(new Target.Redirect(PortRange.single(22), false), pre.get(2).target());
        List<Rule> post = t.chains().get("postrouting").rules();
        assertEquals(new Target.Masquerade(null, true, false), post.get(0).target());
        assertEquals(new Target.Snat(List.of(new NatRange(IpRange.single(IpAddress.parse("192.168.0.1")), null)),
                false, false, false), post.get(1).target());
        assertEquals(new Target.Snat(List.of(new NatRange(new IpRange(IpAddress.parse("192.168.0.1"),
                IpAddress.parse("192.168.0.10")), new PortRange(1024, 2048))), false, false, true),
                post.get(2).target());
        assertEquals(new Target.Masquerade(null, false, true), one("masquerade fully-random").target());
        assertEquals(new Target.Masquerade(new PortRange(1024, 2048), false, false),
                one("meta l4proto tcp masquerade to :1024-2048").target());
    }

    // ---- verdicts and other statements

    @Test
    void verdictsRejectCounterCommentLogNotrack() {
        assertEquals(new Target.Accept(), one("accept").target());
        assertEquals(new Target.Drop(), one("drop").target());
        assertEquals(new Target.Return(), one("return").target());
        assertEquals(new Target.None(), one("ip saddr 10.0.0.1 continue").target());
        assertEquals(new Target.Reject("icmp-port-unreachable"), one("reject").target());
        assertEquals(new Target.Reject("icmp-admin-prohibited"),
                one("reject with icmp type admin-prohibited").target());
        Rule reset = one("reject with tcp reset");
        assertEquals(new Target.Reject("tcp-reset"), reset.target());
        assertEquals(List.of(new Match.ProtocolIs(Protocol.TCP, false)), reset.matches());
        assertEquals(new Target.Reject("icmpx-port-unreachable"),
                Fixtures.rule(Fixtures.chain("inet", "reject")).target());
        assertEquals(List.of(V6), Fixtures.rule(Fixtures.chain("inet", "reject with icmpv6 type no-route")).matches());
        Rule counted = one("ip saddr 10.0.0.1 counter packets 7 bytes 420 drop comment \"bad host\"");
        assertEquals(new Counters(7, 420), counted.counters());
        assertEquals(new Match.Comment("bad host"), counted.matches().get(counted.matches().size() - 1));
        assertEquals(new Target.Log("LOG", List.of("prefix", "x: ")), one("log prefix \"x: \"").target());
        assertEquals(new Target.NoTrack("notrack"), one("udp dport 53 notrack").target());
        assertEquals(new Target.Jump("d"), Fixtures.rule(Fixtures.chain("ip", "chain d {\n }", "jump d")).target());
    }

    @Test
    void actionsBeforeTheVerdictBecomeTheirOwnRules() {
        List<Rule> rules = Fixtures.rules(Fixtures.chain("ip", "tcp dport 80 mark set 0x10 log accept"), "c");
        assertEquals(3, rules.size());
        assertInstanceOf(Target.SetMark.class, rules.get(0).target());
        assertInstanceOf(Target.Log.class, rules.get(1).target());
        assertEquals(new Target.Accept(), rules.get(2).target());
        for (Rule r : rules) {
            assertEquals(new Match.Port("tcp", Direction.DESTINATION, PortRange.single(80), false), r.matches().get(1));
        }
    }

    @Test
    void aRuleWhoseActionChangesWhatItTestsIsUnknown() {
        NftRuleset rs = Fixtures.chain("ip", "mark and 0x1 == 0 mark set mark or 0x1 accept");
        Rule r = Fixtures.rule(rs);
        assertInstanceOf(Target.Unknown.class, r.target());
        assertEquals(1, Fixtures.warnings(rs).size());
        assertTrue(Fixtures.warnings(rs).get(0).message().contains("changes the mark"),
                Fixtures.warnings(rs).get(0).message());
    }

    // ---- base chains

    @Test
    void baseChainsWithNamedPrioritiesPerFamilyAndHook() {
        NftRuleset rs = NftFrontEnd.read("b.nft", "table inet f {\n"
                + " chain a { type filter hook input priority filter; policy drop; }\n"
                + " chain b { type nat hook prerouting priority dstnat + 5; }\n"
                + " chain d { type nat hook output priority -100; }\n"
                + " chain e { type route hook output priority mangle; }\n"
                + " chain g { type filter hook prerouting priority raw; }\n"
                + " chain h { type filter hook forward priority security; }\n"
                + " chain i { type nat hook postrouting priority srcnat; }\n"
                + "}\n"
                + "table bridge br {\n chain j { type filter hook prerouting priority dstnat; }\n}\n");
        NftTable f = Fixtures.table(rs, "inet f");
        assertEquals(List.of(
                new BaseChain("inet f", "a", Hook.INPUT, 0, BaseChain.Type.FILTER, Policy.DROP),
                new BaseChain("inet f", "b", Hook.PREROUTING, -95, BaseChain.Type.NAT, Policy.ACCEPT),
                new BaseChain("inet f", "d", Hook.OUTPUT, -100, BaseChain.Type.NAT, Policy.ACCEPT),
                new BaseChain("inet f", "e", Hook.OUTPUT, -150, BaseChain.Type.ROUTE, Policy.ACCEPT),
                new BaseChain("inet f", "g", Hook.PREROUTING, -300, BaseChain.Type.FILTER, Policy.ACCEPT),
                new BaseChain("inet f", "h", Hook.FORWARD, 50, BaseChain.Type.FILTER, Policy.ACCEPT),
                new BaseChain("inet f", "i", Hook.POSTROUTING, 100, BaseChain.Type.NAT, Policy.ACCEPT)),
                f.baseChains());
        assertEquals(Policy.DROP, f.chains().get("a").policy());
        assertEquals(-300, Fixtures.table(rs, "bridge br").baseChains().get(0).priority());
    }

    @Test
    void numgenChanceTexts() {
        assertEquals("1", NumgenSplit.text(1, 1));
        assertEquals("0.5", NumgenSplit.text(2, 4));
        assertEquals("0.125", NumgenSplit.text(1, 8));
        assertEquals("0.2", NumgenSplit.text(1, 5));
        assertEquals("1/3", NumgenSplit.text(2, 6));
        assertEquals("1/7", NumgenSplit.text(1, 7));
    }

    @Test
    void unconditionalChanceOfEveryNumgenBranchIsExactlyOneOverN() {
        for (int n = 1; n <= 12; n++) {
            StringBuilder map = new StringBuilder();
            StringBuilder chains = new StringBuilder();
            for (int i = 0; i < n; i++) {
                map.append(i == 0 ? "" : ", ").append(i).append(" : goto e").append(i);
                chains.append(" chain e").append(i).append(" {\n }\n");
            }
            List<Rule> rules = Fixtures.rules(Fixtures.chain("ip", chains.toString(),
                    "numgen random mod " + n + " vmap { " + map + " }"), "c");
            assertEquals(n, rules.size());
            // Exact rational arithmetic: P(branch i) = prod_{j<i} (1 - p_j) * p_i with p_j = 1/(n-j).
            java.math.BigInteger num = java.math.BigInteger.ONE;
            java.math.BigInteger den = java.math.BigInteger.ONE;
            for (int i = 0; i < n; i++) {
                long[] p = rules.get(i).matches().isEmpty() ? new long[] {1, 1} : fraction(
                        ((Match.Statistic) rules.get(i).matches().get(0)).probabilityText());
                java.math.BigInteger bn = num.multiply(java.math.BigInteger.valueOf(p[0]));
                java.math.BigInteger bd = den.multiply(java.math.BigInteger.valueOf(p[1]));
                assertEquals(0, bn.multiply(java.math.BigInteger.valueOf(n)).compareTo(bd),
                        "branch " + i + " of " + n);
                num = num.multiply(java.math.BigInteger.valueOf(p[1] - p[0]));
                den = bd;
            }
        }
    }

    private static long[] fraction(String text) {
        if (text.contains("/")) {
            String[] parts = text.split("/");
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        }
        java.math.BigDecimal d = new java.math.BigDecimal(text);
        java.math.BigInteger den = java.math.BigInteger.TEN.pow(Math.max(0, d.scale()));
        return new long[] {d.movePointRight(Math.max(0, d.scale())).longValueExact(), den.longValueExact()};
    }
}
