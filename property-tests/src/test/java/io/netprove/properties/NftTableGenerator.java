package io.netprove.properties;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * nftables tables as text, in the listing form ({@code table ip t { ... }}) or the transaction form
 * ({@code add table/chain/set/element/rule} lines): ip, ip6 and inet tables with base and regular chains (jumps only
 * forward, so no loops), named sets and verdict maps, and rules made of the statements netprove reads, with their
 * spellings (implicit and explicit operators, masks, flag lists, anonymous sets and maps, concatenations, NAT targets
 * of both families, quoted strings) and some statements it keeps as unknown. Drawn from a seeded {@link Random};
 * jqwik shrinks the seed.
 */
final class NftTableGenerator {

    private NftTableGenerator() {
    }

    /** A generated table text and its seed; it shows itself as the text when jqwik reports it. */
    record Generated(long seed, String text) {
        @Override
        public String toString() {
            return "seed " + seed + ":\n" + text;
        }
    }

    static Arbitrary<Generated> tables() {
        return Arbitraries.longs().map(seed -> new Generated(seed, new Draw(new Random(seed)).table()));
    }

    private static final class Draw {
        private final Random random;
        private String family;
        private final List<String> chains = new ArrayList<>();
        private final List<String> sets4 = new ArrayList<>();
        private final List<String> sets6 = new ArrayList<>();
        private final List<String> portSets = new ArrayList<>();
        private final List<String> maps = new ArrayList<>();
        private boolean seen;

        Draw(Random random) {
            this.random = random;
        }

        /** One table; the chains and sets are decided first, the text follows in one of the two forms. */
        String table() {
            family = pick("ip", "ip6", "inet");
            String table = family + " " + pick("t", "filter", "kube-proxy");
            List<String[]> sets = new ArrayList<>();
            if (!family.equals("ip6") && random.nextBoolean()) {
                sets.add(new String[] {"set", "allow4", "type ipv4_addr ; flags interval ;",
                        elements(() -> pick(v4(), v4prefix(), v4() + "-" + v4Higher()))});
                sets4.add("allow4");
            }
            if (!family.equals("ip") && random.nextBoolean()) {
                sets.add(new String[] {"set", "allow6", "type ipv6_addr ; flags interval ;",
                        elements(() -> pick(v6(), v6prefix()))});
                sets6.add("allow6");
            }
            if (random.nextBoolean()) {
                sets.add(new String[] {"set", "seen", "typeof meta l4proto . th dport ; flags timeout ; timeout 1h ;"
                        + " size 1024 ; comment \"dynamic\" ;", elements(() -> pick("tcp", "udp") + " . " + port()
                        + pick("", " timeout 30s", " comment \"x\"", " counter packets 1 bytes 60"))});
            }
            if (random.nextBoolean()) {
                sets.add(new String[] {"set", "ports", "type inet_service ; flags interval ;",
                        elements(() -> pick(Integer.toString(port()), port() + "-" + (64001 + random.nextInt(1000))))});
                portSets.add("ports");
            }
            int regular = random.nextInt(4);
            List<String> names = List.of("c0", "endpoint-X/ns/svc/tcp/p80__10.0.0.1/80", "\"my chain\"", "sub");
            for (int i = 0; i < regular; i++) {
                chains.add(names.get(i));
            }
            boolean v4 = !family.equals("ip6");
            if (v4 && random.nextBoolean()) {
                List<String> items = new ArrayList<>();
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    String target = chains.isEmpty() ? "drop" : pick("jump ", "goto ") + chains.get(0);
                    items.add(v4() + " . " + pick("tcp", "udp") + " . " + port() + " : " + pick("accept", target));
                }
                sets.add(new String[] {"map", "dispatch", "type ipv4_addr . inet_proto . inet_service : verdict ;",
                        String.join(", ", items)});
                maps.add("dispatch");
            }
            List<String[]> chainDefs = new ArrayList<>();
            int bases = 1 + random.nextInt(2);
            for (int i = 0; i < bases; i++) {
                boolean nat = random.nextInt(3) == 0;
                String hook = nat ? pick("prerouting", "output", "postrouting")
                        : pick("input", "forward", "output", "prerouting");
                String prio = pick("0", "-100", "filter", "10", "-110", "filter + 5", "raw");
                if (nat) {
                    prio = pick("-100", "100", "dstnat", "srcnat");
                    if (prio.equals("dstnat") && hook.equals("postrouting")) {
                        prio = "srcnat";
                    } else if (prio.equals("srcnat") && !hook.equals("postrouting")) {
                        prio = "dstnat";
                    }
                }
                String spec = "type " + (nat ? "nat" : "filter") + " hook " + hook + " priority " + prio
                        + " ; policy " + pick("accept", "accept", "drop") + " ;";
                chainDefs.add(new String[] {"base" + i, spec, String.join("\n", rules(-1, nat))});
            }
            for (int i = 0; i < chains.size(); i++) {
                chainDefs.add(new String[] {chains.get(i), null, String.join("\n", rules(i, false))});
            }
            return random.nextBoolean() ? listing(table, sets, chainDefs) : transaction(table, sets, chainDefs);
        }

        private String listing(String table, List<String[]> sets, List<String[]> chainDefs) {
            StringBuilder sb = new StringBuilder("table ").append(table).append(" {\n");
            for (String[] s : sets) {
                sb.append("\t").append(s[0]).append(' ').append(s[1]).append(" {\n\t\t")
                        .append(s[2].replace(" ;", "\n\t\t").strip()).append('\n');
                if (!s[3].isEmpty()) {
                    sb.append("\t\telements = { ").append(s[3]).append(" }\n");
                }
                sb.append("\t}\n");
            }
            for (String[] c : chainDefs) {
                sb.append("\tchain ").append(c[0]).append(" {\n");
                if (c[1] != null) {
                    sb.append("\t\t").append(c[1]).append('\n');
                }
                for (String rule : c[2].split("\n")) {
                    if (!rule.isEmpty()) {
                        sb.append("\t\t").append(rule).append('\n');
                    }
                }
                sb.append("\t}\n");
            }
            return sb.append("}\n").toString();
        }

        private String transaction(String table, List<String[]> sets, List<String[]> chainDefs) {
            StringBuilder sb = new StringBuilder("add table ").append(table).append('\n');
            // knftables sorts its dump: rules may name chains and sets that later lines add
            List<String> rules = new ArrayList<>();
            for (String[] c : chainDefs) {
                sb.append("add chain ").append(table).append(' ').append(c[0]);
                if (c[1] != null) {
                    sb.append(" { ").append(c[1]).append(" }");
                }
                sb.append('\n');
                for (String rule : c[2].split("\n")) {
                    if (!rule.isEmpty()) {
                        rules.add("add rule " + table + " " + c[0] + " " + rule);
                    }
                }
            }
            rules.forEach(r -> sb.append(r).append('\n'));
            for (String[] s : sets) {
                sb.append("add ").append(s[0]).append(' ').append(table).append(' ').append(s[1]).append(" { ")
                        .append(s[2]).append(" }\n");
                if (!s[3].isEmpty()) {
                    sb.append("add element ").append(table).append(' ').append(s[1]).append(" { ").append(s[3])
                            .append(" }\n");
                }
            }
            return sb.toString();
        }

        private String elements(java.util.function.Supplier<String> element) {
            List<String> out = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                String e = element.get();
                if (!out.contains(e)) {
                    out.add(e);
                }
            }
            return String.join(", ", out);
        }

        // ------------------------------------------------------------------------------------------------ rules

        /** Rules of chain {@code index} (-1 for a base chain): jumps only to later regular chains. */
        private List<String> rules(int index, boolean nat) {
            List<String> out = new ArrayList<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                List<String> parts = new ArrayList<>();
                for (int m = random.nextInt(4); m > 0; m--) {
                    parts.add(match());
                }
                for (int a = random.nextInt(3); a > 0; a--) {
                    parts.add(action());
                }
                if (nat && random.nextBoolean()) {
                    parts.add(natStatement());
                } else if (random.nextInt(4) != 0) {
                    parts.add(verdict(index + 1));
                }
                if (parts.isEmpty()) {
                    parts.add("counter");
                }
                out.add(String.join(" ", parts));
            }
            return out;
        }

        private String match() {
            boolean v4 = !family.equals("ip6");
            boolean v6 = !family.equals("ip");
            while (true) {
                switch (random.nextInt(24)) {
                    case 0:
                        if (v4) {
                            return "ip " + pick("saddr", "daddr") + " " + pick("", "!= ") + pick(v4(), v4prefix());
                        }
                        break;
                    case 1:
                        if (v4) {
                            return "ip daddr { " + v4() + ", " + v4prefix() + " }";
                        }
                        break;
                    case 2:
                        if (v6) {
                            return "ip6 " + pick("saddr", "daddr") + " " + pick("", "!= ") + pick(v6(), v6prefix());
                        }
                        break;
                    case 3:
                        return pick("tcp", "udp", "th", "sctp") + " " + pick("dport", "sport") + " "
                                + pick("", "!= ") + pick(Integer.toString(port()), portRange());
                    case 4:
                        return "tcp dport { " + port() + ", " + portRange() + " }";
                    case 5:
                        return "meta l4proto " + pick("tcp", "udp", "{ tcp, udp }", "!= icmp", "47");
                    case 6:
                        return pick("tcp flags syn / fin,syn,rst,ack", "tcp flags == syn", "tcp flags syn,ack",
                                "tcp flags & (syn|ack) == syn|ack");
                    case 7:
                        return pick("ct state established,related", "ct state == new", "ct state { new, invalid }",
                                "ct state != established", "ct status dnat");
                    case 8:
                        return pick("meta mark & 0xff00 == 0x4000", "mark 0x10", "mark != 16", "mark 0x10-0x20",
                                "meta mark and 0x4000 != 0", "ct mark 0x1");
                    case 9:
                        return pick("iifname \"eth0\"", "oifname \"veth*\"", "iifname { \"eth1\", \"eth0\" }",
                                "iif lo", "oifname != \"cni0\"", "iifname \"eth 0\"");
                    case 10:
                        return pick("fib daddr type local", "fib daddr type != local", "fib saddr . iif oif missing");
                    case 11:
                        if (v4) {
                            return pick("ip protocol icmp", "icmp type echo-request", "ip protocol != tcp");
                        }
                        break;
                    case 12:
                        if (v6) {
                            return pick("icmpv6 type nd-neighbor-solicit", "meta l4proto ipv6-icmp");
                        }
                        break;
                    case 13:
                        if (!sets4.isEmpty()) {
                            return "ip " + pick("saddr", "daddr") + " " + pick("", "!= ") + "@" + sets4.get(0);
                        }
                        break;
                    case 14:
                        if (!sets6.isEmpty()) {
                            return "ip6 saddr @" + sets6.get(0);
                        }
                        break;
                    case 15:
                        if (!portSets.isEmpty()) {
                            return "tcp dport @" + portSets.get(0);
                        }
                        break;
                    case 16:
                        return pick("meta nfproto ipv4", "meta pkttype host", "meta skuid 1000",
                                "ct original ip daddr 10.0.0.1", "ip dscp 0x10", "ip ttl < 5");
                    case 17:
                        return pick("rt mtu > 1400", "socket transparent 1", "meta cpu 1", "# xt_string");
                    case 18:
                        if (v4) {
                            return "ip saddr . tcp dport { " + v4() + " . " + port() + ", " + v4() + " . "
                                    + port() + " }";
                        }
                        break;
                    case 19:
                        return "ct " + pick("original", "reply") + " proto-dst " + port();
                    case 20:
                        return pick(seen ? "meta l4proto . th dport @seen" : "ct state new", "ct state vmap { established : accept,"
                                + " invalid : drop }", "ct status dnat,snat", "meta l4proto . th dport { tcp . 22 }");
                    default:
                        return pick("tcp dport " + port(), "udp dport 53", "meta l4proto tcp");
                }
            }
        }

        private String action() {
            return switch (random.nextInt(10)) {
                case 0 -> pick("counter", "counter packets 5 bytes 300");
                case 1 -> pick("log", "log prefix \"drop: \" level info", "log prefix \"x\\\"y\" group 2");
                case 2 -> "comment \"" + pick("plain", "with \\\"quotes\\\"", "a; b # c") + "\"";
                case 3 -> pick("meta mark set 0x4000", "meta mark set meta mark | 0x4000", "mark set mark and 0xff",
                        "ct mark set 0x1", "meta mark set ct mark");
                case 4 -> "notrack";
                case 5 -> pick("limit rate 10/second", "limit rate over 5/minute burst 3 packets",
                        "limit rate 1 mbytes/second");
                case 6 -> !sets4.isEmpty() && !family.equals("ip6") ? "update @" + sets4.get(0) + " { ip saddr }"
                        : "counter";
                default -> pick("counter", "meta mark set 0x10");
            };
        }

        private String natStatement() {
            boolean v4 = !family.equals("ip6");
            String fam = family.equals("inet") ? (v4 && random.nextBoolean() ? " ip" : " ip6") : "";
            boolean six = family.equals("ip6") || fam.equals(" ip6");
            String address = six ? v6() : v4();
            return switch (random.nextInt(6)) {
                case 0 -> "dnat" + fam + " to " + (six ? "[" + address + "]" : address) + ":" + port();
                case 1 -> "dnat" + fam + " to " + address;
                case 2 -> six ? "snat" + fam + " to " + address : "snat" + fam + " to " + address + "-" + v4Higher()
                        + pick("", " persistent");
                case 3 -> "masquerade" + pick("", " random", " fully-random", " random,persistent");
                case 4 -> "redirect to :" + port();
                default -> "masquerade to :" + portRange();
            };
        }

        /** A verdict; jumps and gotos only to regular chains from {@code firstTarget} on. */
        private String verdict(int firstTarget) {
            int n = random.nextInt(10);
            if (n < 2 && firstTarget < chains.size()) {
                return pick("jump ", "goto ") + chains.get(firstTarget + random.nextInt(chains.size() - firstTarget));
            }
            if (n == 2 && !maps.isEmpty() && firstTarget == 0 && !family.equals("ip6")) {
                return "ip daddr . meta l4proto . th dport vmap @" + maps.get(0);
            }
            if (n == 3) {
                return pick("reject", "reject with tcp reset", "reject with icmpx admin-prohibited",
                        family.equals("ip") ? "reject with icmp host-unreachable"
                                : "reject with icmpv6 no-route");
            }
            if (n == 4) {
                return "numgen random mod 2 vmap { 0 : accept, 1 : drop }";
            }
            if (n == 5) {
                return "queue num 2";
            }
            return pick("accept", "drop", "return", "continue");
        }

        // ------------------------------------------------------------------------------------------- values

        private String v4() {
            return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(200));
        }

        private String v4Higher() {
            return "10.255.255." + (201 + random.nextInt(50));
        }

        private String v4prefix() {
            return pick("10.0.0.0/8", "192.168.0.0/16", "172.16.0.0/12", "10." + random.nextInt(256) + ".0.0/16");
        }

        private String v6() {
            return pick("fd00::", "2001:db8::") + Integer.toHexString(1 + random.nextInt(0xfff));
        }

        private String v6prefix() {
            return pick("fd00::/8", "2001:db8::/32", "fd00:10:244::/56");
        }

        private int port() {
            return 1 + random.nextInt(64000);
        }

        private String portRange() {
            int low = port();
            return low + "-" + (low + random.nextInt(1000));
        }

        private String pick(String... options) {
            return options[random.nextInt(options.length)];
        }
    }
}
