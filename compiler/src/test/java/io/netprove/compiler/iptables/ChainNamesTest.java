package io.netprove.compiler.iptables;

import io.netprove.compiler.nft.NftChainNamesAccess;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Chain names and probabilities against values kube-proxy's own tests expect. */
class ChainNamesTest {

    @Test
    void base32IsRfc4648WithoutPadding() {
        assertEquals("MZXW6YTBOI", ChainNames.base32("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("MY", ChainNames.base32("f".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void serviceAndEndpointChainsHashAsKubeProxyDoes() {
        assertEquals("KUBE-SVC-XPGD46QRK7WJZT7O", ChainNames.clusterPolicy("ns1/svc1:p80", "tcp"));
        assertEquals("KUBE-SVL-XPGD46QRK7WJZT7O", ChainNames.localPolicy("ns1/svc1:p80", "tcp"));
        assertEquals("KUBE-EXT-GNZBNJ2PO5MGZ6GT", ChainNames.external("ns2/svc2:p80", "tcp"));
        assertEquals("KUBE-FW-NUKIZ6OKUXPJNT4C", ChainNames.firewall("ns5/svc5:p80", "tcp"));
        assertEquals("KUBE-SEP-SXIVWICOYRO3J4NJ", ChainNames.endpoint("ns1/svc1:p80", "tcp", "10.180.0.1:80"));
        assertEquals("KUBE-SVC-AQI2S6QIMU7PVVRP", ChainNames.clusterPolicy("ns1/svc1", "tcp"));
        assertEquals("KUBE-SEP-LIGRYQQLSZN4UWQ5", ChainNames.endpoint("ns1/svc1:p80", "tcp", "[ff06::c1]:80"));
    }

    @Test
    void nftablesNamesCarryAnEightCharacterHash() {
        assertEquals("ULMVA6XW-ns1/svc1/tcp/p80", NftChainNamesAccess.service("ns1", "svc1", "tcp", "p80"));
        assertEquals("5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80",
                NftChainNamesAccess.endpoint("ns1", "svc1", "tcp", "p80", "10.180.0.1", 80));
    }

    @Test
    void probabilitiesHaveTenDecimalsRoundedLikeGo() {
        assertEquals("0.5000000000", IptablesModeCompiler.probability(2));
        assertEquals("0.3333333333", IptablesModeCompiler.probability(3));
        assertEquals("0.1666666667", IptablesModeCompiler.probability(6));
        assertEquals("0.0010000000", IptablesModeCompiler.probability(1000));
        assertEquals("0.0769230769", IptablesModeCompiler.probability(13));
    }
}
