package io.netprove.rules.builtin;

import io.netprove.rules.Finding;
import io.netprove.rules.LintInput;
import io.netprove.rules.facts.ProxyMode;
import io.netprove.rules.facts.RuleContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.netprove.rules.RuleFixture.cluster;
import static io.netprove.rules.RuleFixture.dump;
import static io.netprove.rules.RuleFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyRulesTest {

    static final String IPTABLES_MODE = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :KUBE-SERVICES - [0:0]
            :KUBE-SVC-AAAA - [0:0]
            -A PREROUTING -j KUBE-SERVICES
            -A KUBE-SERVICES -m comment --comment "shop/web:http cluster IP" -m tcp -p tcp -d 10.96.0.11 --dport 80 -j KUBE-SVC-AAAA
            COMMIT
            """;

    static final String IPVS_MODE = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :KUBE-SERVICES - [0:0]
            :KUBE-MARK-MASQ - [0:0]
            -A PREROUTING -j KUBE-SERVICES
            -A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ
            -A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT
            COMMIT
            """;

    private static LintInput expectingIpvs(String dump) {
        return LintInput.of(cluster("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n"))
                .withNodes(List.of(dump("node-1", dump)))
                .withContext(RuleContext.DEFAULT.withExpectedProxyMode(Optional.of(ProxyMode.IPVS)));
    }

    @Test
    void iptablesChainsWhereIpvsIsExpectedFire() {
        List<Finding> f = run("NP-PROXY-001", expectingIpvs(IPTABLES_MODE));
        assertEquals(1, f.size(), f.toString());
        assertEquals("Node node-1", f.get(0).subject());
        assertEquals("node-1/iptables-save.txt", f.get(0).location().file());
        assertEquals(9, f.get(0).location().line());
        assertTrue(f.get(0).message().contains("fell back"), f.get(0).message());
    }

    @Test
    void ipvsRulesWhereIpvsIsExpectedAreQuiet() {
        assertEquals(List.of(), run("NP-PROXY-001", expectingIpvs(IPVS_MODE)));
    }

    @Test
    void iptablesModeIsQuietWhenNothingIsExpected() {
        LintInput in = expectingIpvs(IPTABLES_MODE).withContext(RuleContext.DEFAULT);
        assertEquals(List.of(), run("NP-PROXY-001", in));
    }
}
