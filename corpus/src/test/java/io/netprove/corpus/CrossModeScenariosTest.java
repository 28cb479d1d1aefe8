package io.netprove.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same services in the three kube-proxy modes (corpus/scenarios/modes-*, node state compiled from the shop
 * manifests) give the same verdicts, except where the modes really differ, each difference asserted here:
 * <ul>
 * <li>ping to a ClusterIP: answered only by an IPVS node whose rules predate KUBE-IPVS-FILTER (modes-ipvs-classic,
 * captured from an older kube-proxy); the modern IPVS rules reject it, iptables and nftables forward it to no
 * host;</li>
 * <li>a NodePort of an externalTrafficPolicy=Local service on a node without a local endpoint: iptables and nftables
 * drop it; IPVS falls back to the remote endpoints (its virtual server then lists the cluster endpoints).</li>
 * </ul>
 */
class CrossModeScenariosTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PING = "a ClusterIP answers ping";
    private static final String LOCAL_NODEPORT = "cart answers on every node";

    private static Map<String, String> verdicts(String scenario) throws Exception {
        GoldenScenariosTest.Run r = GoldenScenariosTest.run("check", GoldenScenariosTest.scenarios().resolve(scenario)
                .resolve("intent.np").toString(), "--no-rules", "--format", "json");
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode v : JSON.readTree(r.out()).get("verdicts")) {
            out.put(v.get("name").asText(), v.get("status").asText());
        }
        return out;
    }

    @Test
    void theModesAgreeExceptTheirDocumentedDifferences() throws Exception {
        Map<String, String> iptables = verdicts("modes-iptables");
        Map<String, String> ipvs = verdicts("modes-ipvs");
        Map<String, String> nft = verdicts("modes-nftables");
        assertEquals(iptables.keySet(), ipvs.keySet());
        assertEquals(iptables.keySet(), nft.keySet());
        for (String name : iptables.keySet()) {
            if (name.equals(LOCAL_NODEPORT)) {
                assertEquals("VIOLATED", iptables.get(name));
                assertEquals("VIOLATED", nft.get(name));
                assertEquals("HOLDS", ipvs.get(name), "IPVS falls back to remote endpoints");
                continue;
            }
            assertEquals(iptables.get(name), ipvs.get(name), name + ": iptables vs IPVS");
            assertEquals(iptables.get(name), nft.get(name), name + ": iptables vs nftables");
        }
        assertEquals("VIOLATED", iptables.get(PING), "a ClusterIP is no host's address in iptables mode");
        assertEquals("VIOLATED", ipvs.get(PING), "modern IPVS rules reject new connections to non-service ports");
    }

    @Test
    void anIpvsNodeBeforeTheFilterAnswersPingOnAClusterIp() throws Exception {
        assertEquals("HOLDS", verdicts("modes-ipvs-classic").get(PING));
    }
}
