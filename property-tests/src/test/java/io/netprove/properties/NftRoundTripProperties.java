package io.netprove.properties;

import io.netprove.compiler.CompiledNode;
import io.netprove.compiler.KubeProxyCompiler;
import io.netprove.compiler.KubeProxyConfig;
import io.netprove.compiler.KubeProxyMode;
import io.netprove.compiler.LocalTrafficDetector;
import io.netprove.grammar.nft.NftRoundTrip;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.List;

/**
 * List-then-read for nftables: the state built from an input, written as {@code nft list ruleset} text by
 * {@code NftFrontEnd.listRuleset} and read back, lowers to the same tables (locations, rule texts and warnings
 * aside), and listing it again gives the same text. The inputs are kube-proxy's nftables-mode transactions for the
 * generated clusters of {@link ClusterObjectsGenerator} (compiled by the compiler module under several kube-proxy
 * configurations), and generated tables of every statement form ({@link NftTableGenerator}) in both the listing and
 * the transaction form.
 */
class NftRoundTripProperties {

    private static final Budget.Tally TALLY = new Budget.Tally("nft-print-parse");

    /** A compiled transaction that shows itself when jqwik reports it. */
    record Compiled(String transaction) {
        @Override
        public String toString() {
            return "\n" + transaction;
        }
    }

    @Provide
    Arbitrary<Compiled> compiledClusters() {
        Arbitrary<LocalTrafficDetector> detectors = Arbitraries.of(new LocalTrafficDetector.None(),
                new LocalTrafficDetector.ByCidr(List.of(IpPrefix.parse("10.244.0.0/16"))),
                new LocalTrafficDetector.ByBridgeInterface("cni0"),
                new LocalTrafficDetector.ByInterfaceNamePrefix("veth"));
        return Combinators.combine(ClusterObjectsGenerator.clusters(), detectors, Arbitraries.of(true, false),
                Arbitraries.of(List.<String>of(), List.of("primary"), List.of("192.168.0.0/24")))
                .as((cluster, detector, masqueradeAll, nodePortAddresses) -> compile(cluster,
                        KubeProxyConfig.defaults(KubeProxyMode.NFTABLES, "node-1",
                                List.of(IpAddress.parse("192.168.0.2")))
                                .withLocalDetector(detector).withMasqueradeAll(masqueradeAll)
                                .withNodePortAddresses(nodePortAddresses)));
    }

    private static Compiled compile(ClusterObjects cluster, KubeProxyConfig config) {
        CompiledNode node = KubeProxyCompiler.compile(cluster, config);
        return new Compiled(node.nftablesText(AddressFamily.IPV4).orElseThrow());
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void kubeProxyTransactionsListAndReadBackEqual(@ForAll("compiledClusters") Compiled compiled) {
        TALLY.cases.incrementAndGet();
        String listing = NftRoundTrip.assertRoundTrips("compiled.nft", compiled.transaction());
        TALLY.checks.addAndGet(listing.lines().count());
    }

    @Provide
    Arbitrary<NftTableGenerator.Generated> tables() {
        return NftTableGenerator.tables();
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void generatedTablesListAndReadBackEqual(@ForAll("tables") NftTableGenerator.Generated table) {
        TALLY.cases.incrementAndGet();
        String listing = NftRoundTrip.assertRoundTrips("generated.nft", table.text());
        TALLY.checks.addAndGet(listing.lines().count());
    }

    @AfterContainer
    static void report() {
        TALLY.print("listing lines read back");
    }
}
