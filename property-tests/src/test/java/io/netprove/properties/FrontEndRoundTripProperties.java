package io.netprove.properties;

import io.netprove.grammar.ipset.IpsetFrontEnd;
import io.netprove.grammar.ipset.IpsetSaveWriter;
import io.netprove.grammar.ipvs.IpvsFrontEnd;
import io.netprove.grammar.ipvs.IpvsadmSaveWriter;
import io.netprove.grammar.route.IpRouteWriter;
import io.netprove.grammar.route.RoutingStateReader;
import io.netprove.model.ipset.IpSets;
import io.netprove.model.ipvs.IpvsState;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.route.RoutingState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Property (b) for the front ends whose model is easiest reached through their own input: IPVS ({@code
 * ipvsadm-save}), ipset ({@code ipset save}) and routes and rules ({@code ip route}, {@code ip rule}). A model is
 * read from generated text; writing it out and reading that back must give the same model (locations aside), and
 * writing again the same text. iptables has its own property over generated models
 * ({@link IptablesRoundTripProperties}).
 */
class FrontEndRoundTripProperties {

    private static final Budget.Tally TALLY = new Budget.Tally("front-end-print-parse");

    private static Arbitrary<String> v4() {
        return IptablesRulesets.address(AddressFamily.IPV4).map(Object::toString);
    }

    private static Arbitrary<Integer> port() {
        return IptablesRulesets.port().map(p -> Math.max(1, p));
    }

    // ------------------------------------------------------------------ IPVS

    @Provide
    Arbitrary<String> ipvsadmSave() {
        Arbitrary<String> key = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("-t", "-u", "--sctp-service"), v4(), port())
                        .as((p, a, n) -> p + " " + a + ":" + n),
                Arbitraries.integers().between(1, 0xffff).map(m -> "-f " + m));
        Arbitrary<String> options = Combinators.combine(Arbitraries.of("rr", "wlc", "lc", "sh", "mh"),
                Arbitraries.of("", " -p 10800", " -p 300 -M 255.255.255.0")).as((s, p) -> " -s " + s + p);
        Arbitrary<String> real = Combinators.combine(v4(), port(), Arbitraries.of("-m", "-g", "-i"),
                Arbitraries.integers().between(0, 5)).as((a, p, m, w) -> a + ":" + p + " " + m + " -w " + w);
        // unique by address: direct routing and tunnelling keep the virtual port, so ports cannot tell them apart
        Arbitrary<String> service = Combinators.combine(key, options, real.list().ofMaxSize(4).uniqueElements(
                r -> r.substring(0, r.indexOf(':')))).as((k, o, rs) -> {
                    StringBuilder sb = new StringBuilder("-A " + k + o + "\n");
                    for (String r : rs) {
                        sb.append("-a ").append(k).append(" -r ").append(r).append('\n');
                    }
                    return sb.toString();
                });
        return service.list().ofMaxSize(5).uniqueElements(s -> s.substring(0, s.indexOf(" -s "))).map(l ->
                String.join("", l));
    }

    @Property
    void ipvsadmSaveRoundTrips(@ForAll("ipvsadmSave") String text) {
        TALLY.cases.incrementAndGet();
        IpvsState first = IpvsFrontEnd.read("generated", text);
        String written = IpvsadmSaveWriter.write(first.services());
        IpvsState second = IpvsFrontEnd.read("written", written);
        TALLY.checks.addAndGet(first.services().size());
        assertEquals(LocationFree.of(first.services()), LocationFree.of(second.services()), written);
        assertEquals(written, IpvsadmSaveWriter.write(second.services()));
    }

    // ------------------------------------------------------------------ ipset

    @Provide
    Arbitrary<String> ipsetSave() {
        Arbitrary<String> ipPort = Combinators.combine(v4(), Arbitraries.of("tcp", "udp", "sctp"), port())
                .as((a, p, n) -> a + "," + p + ":" + n);
        Arbitrary<String> net = IptablesRulesets.prefix(AddressFamily.IPV4).map(p -> p.toShortString());
        Arbitrary<String> set = Arbitraries.of("hash:ip", "hash:ip,port", "hash:net", "bitmap:port")
                .flatMap(type -> {
                    Arbitrary<String> element = switch (type) {
                        case "hash:ip" -> v4();
                        case "hash:ip,port" -> ipPort;
                        case "hash:net" -> net;
                        default -> port().map(Object::toString);
                    };
                    String options = type.equals("bitmap:port") ? " range 0-65535"
                            : " family inet hashsize 1024 maxelem 65536";
                    return Combinators.combine(Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1)
                                    .ofMaxLength(8), element.list().ofMaxSize(6).uniqueElements(),
                            Arbitraries.of("", " comment", " timeout 300", " counters"))
                            .as((name, elems, extra) -> {
                                StringBuilder sb = new StringBuilder("create FZ-" + name + " " + type + options
                                        + extra + "\n");
                                for (String e : elems) {
                                    sb.append("add FZ-").append(name).append(' ').append(e);
                                    if (extra.equals(" comment")) {
                                        sb.append(" comment \"np ").append(e).append('"');
                                    } else if (extra.equals(" timeout 300")) {
                                        sb.append(" timeout 120");
                                    } else if (extra.equals(" counters")) {
                                        sb.append(" packets 3 bytes 180");
                                    }
                                    sb.append('\n');
                                }
                                return sb.toString();
                            });
                });
        return set.list().ofMaxSize(4).uniqueElements(s -> s.substring(0, s.indexOf(' ', 7))).map(l ->
                String.join("", l));
    }

    @Property
    void ipsetSaveRoundTrips(@ForAll("ipsetSave") String text) {
        TALLY.cases.incrementAndGet();
        IpSets first = IpsetFrontEnd.read("generated", text);
        String written = IpsetSaveWriter.write(first);
        IpSets second = IpsetFrontEnd.read("written", written);
        TALLY.checks.addAndGet(first.sets().size());
        assertEquals(LocationFree.of(first.sets()), LocationFree.of(second.sets()), written);
        assertEquals(written, IpsetSaveWriter.write(second));
    }

    // ------------------------------------------------------------------ ip route / ip rule

    @Provide
    Arbitrary<List<String>> ipRoute() {
        Arbitrary<String> dest = Arbitraries.oneOf(Arbitraries.just("default"),
                IptablesRulesets.prefix(AddressFamily.IPV4).map(p -> p.toShortString()));
        Arbitrary<String> route = Combinators.combine(dest,
                Arbitraries.of("via 192.168.56.1 dev eth0", "dev cni0", "dev flannel.1", "via 10.244.2.0 dev"
                        + " flannel.1 onlink", "dev tunl0 proto bird"),
                Arbitraries.of("", " proto kernel scope link src 10.244.1.1", " metric 100", " table 100",
                        " proto dhcp src 192.168.56.21 metric 100")).as((d, h, x) -> d + " " + h + x);
        Arbitrary<String> local = v4().map(a -> "local " + a + " dev lo table local proto kernel scope host src "
                + a);
        Arbitrary<String> rule = Combinators.combine(Arbitraries.integers().between(1, 32765),
                Arbitraries.of("from all", "from 10.244.0.0/16", "from all fwmark 0x4000/0x4000",
                        "from all to 10.96.0.0/12", "not from all iif lo"),
                Arbitraries.of("lookup main", "lookup 100", "unreachable", "lookup local"))
                .as((p, m, a) -> p + ":\t" + m + " " + a);
        return Combinators.combine(Arbitraries.oneOf(route, local).list().ofMaxSize(8).uniqueElements(),
                rule.list().ofMaxSize(4).uniqueElements(r -> r.substring(0, r.indexOf(':'))))
                .as((routes, rules) -> {
                    List<String> out = new ArrayList<>();
                    out.add(String.join("\n", routes) + "\n");
                    out.add(String.join("\n", rules) + "\n");
                    return out;
                });
    }

    @Property
    void ipRouteAndRuleRoundTrip(@ForAll("ipRoute") List<String> texts) {
        TALLY.cases.incrementAndGet();
        RoutingState first = new RoutingStateReader().routes("generated", texts.get(0), AddressFamily.IPV4)
                .rules("generated-rules", texts.get(1), AddressFamily.IPV4).state();
        String routes = IpRouteWriter.routes(first.routes());
        String rules = IpRouteWriter.rules(first.rules());
        RoutingState second = new RoutingStateReader().routes("written", routes, AddressFamily.IPV4)
                .rules("written-rules", rules, AddressFamily.IPV4).state();
        TALLY.checks.addAndGet(first.routes().size() + first.rules().size());
        assertEquals(LocationFree.of(first.routes()), LocationFree.of(second.routes()), routes);
        assertEquals(LocationFree.of(first.rules()), LocationFree.of(second.rules()), rules);
        assertEquals(routes + rules, IpRouteWriter.routes(second.routes()) + IpRouteWriter.rules(second.rules()));
    }

    @AfterContainer
    static void report() {
        TALLY.print("IPVS services, sets, routes and rules round-tripped");
    }
}
