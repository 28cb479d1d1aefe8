package io.netprove.grammar.route;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.route.PolicyRule;
import io.netprove.model.route.Route;
import io.netprove.model.route.RoutingState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RouteRoundTripTest {

    private static List<Route> bare(List<Route> routes) {
        List<Route> out = new ArrayList<>();
        for (Route r : routes) {
            out.add(new Route(r.type(), r.family(), r.destination(), r.source(), r.table(), r.tos(), r.nextHops(),
                    r.multipath(), r.preferredSource(), r.protocol(), r.scope(), r.metric(), r.attributes(),
                    SourceLocation.NONE));
        }
        return out;
    }

    private static List<PolicyRule> bareRules(List<PolicyRule> rules) {
        List<PolicyRule> out = new ArrayList<>();
        for (PolicyRule r : rules) {
            out.add(new PolicyRule(r.family(), r.priority(), r.not(), r.from(), r.to(), r.tos(), r.fwmark(),
                    r.fwmask(), r.iif(), r.oif(), r.ipProtocol(), r.sourcePorts(), r.destinationPorts(),
                    r.uidRange(), r.l3mdev(), r.action(), r.table(), r.gotoTarget(), r.suppressPrefixLength(),
                    r.attributes(), SourceLocation.NONE));
        }
        return out;
    }

    private static void routesSurvive(String file, AddressFamily family) {
        List<Route> first = new RoutingStateReader().routes(file, Fixtures.text(file), family).state().routes();
        String written = IpRouteWriter.routes(first);
        List<Route> second = new RoutingStateReader().routes("written", written, family).state().routes();
        assertEquals(bare(first), bare(second), written);
    }

    @Test
    void everyRouteFixtureSurvivesWritingAndReading() {
        routesSurvive("flannel-vxlan/ip-route-show-table-all.txt", null);
        routesSurvive("flannel-host-gw/ip-route.txt", null);
        routesSurvive("calico-ipip/ip-route-show-table-all.txt", null);
        routesSurvive("macvlan/ip-route.txt", null);
        routesSurvive("bridge/ip-route-show-table-all.txt", null);
        routesSurvive("bridge/ip-6-route-show-table-all.txt", AddressFamily.IPV6);
    }

    @Test
    void writerPrintsWhatIproute2Prints() {
        String file = "calico-ipip/ip-route-show-table-all.txt";
        String text = Fixtures.text(file);
        List<Route> routes = new RoutingStateReader().routes(file, text, null).state().routes();
        StringBuilder expected = new StringBuilder();
        for (String line : text.split("\n")) {
            expected.append(line.stripTrailing()).append('\n');
        }
        assertEquals(expected.toString(), IpRouteWriter.routes(routes));
    }

    @Test
    void rulesSurviveAndPrintAsIpRule() {
        String file = "bridge/ip-rule.txt";
        RoutingState s = new RoutingStateReader().rules(file, Fixtures.text(file), AddressFamily.IPV4).state();
        String written = IpRouteWriter.rules(s.rules());
        assertEquals(Fixtures.text(file), written);
        RoutingState back = new RoutingStateReader().rules("w", written, AddressFamily.IPV4).state();
        assertEquals(bareRules(s.rules()), bareRules(back.rules()));
        String odd = "2000:\tfrom all iif eth9 [detached] lookup 5 proto static\n3000:\tfrom all goto 3100 [unresolved]\n";
        RoutingState o = new RoutingStateReader().rules("odd", odd, AddressFamily.IPV4).state();
        assertEquals(odd, IpRouteWriter.rules(o.rules()));
    }
}
