package io.netprove.grammar.nft;

import io.netprove.grammar.LocationFreeModel;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.nft.NftRuleset;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * List-then-read for nftables, shared by this package's tests and the property tests: apply inputs to one state, write
 * it as {@code nft list ruleset} text ({@link NftFrontEnd#listRuleset}), read that back, and compare the lowered
 * tables without what a listing does not keep: source locations, each rule's text as written, the warnings and the
 * input names.
 */
public final class NftRoundTrip {

    private static final Map<Class<?>, Set<String>> NOT_LISTED = Map.of(Rule.class, Set.of("text"),
            NftRuleset.class, Set.of("diagnostics", "sources"));

    private NftRoundTrip() {
    }

    /** The ruleset without locations, rule texts, warnings and input names. */
    public static NftRuleset normal(NftRuleset rs) {
        return LocationFreeModel.of(rs, NOT_LISTED);
    }

    /**
     * Lists the state of {@code sources}, reads the listing back, and asserts that it lowers to the tables the sources
     * lower to and that listing it again gives the same text. Returns the listing.
     */
    public static String assertRoundTrips(List<NftFrontEnd.Source> sources) {
        NftRuleset read = NftFrontEnd.readAll(sources);
        String listing = NftFrontEnd.listRuleset(sources);
        NftRuleset back = NftFrontEnd.read("listed.nft", listing);
        assertEquals(normal(read), normal(back), () -> "listing:\n" + listing);
        assertEquals(listing, NftFrontEnd.listRuleset("listed.nft", listing), "listed twice");
        return listing;
    }

    /** {@link #assertRoundTrips(List)} of one text. */
    public static String assertRoundTrips(String name, String text) {
        return assertRoundTrips(List.of(new NftFrontEnd.Source(name, text)));
    }
}
