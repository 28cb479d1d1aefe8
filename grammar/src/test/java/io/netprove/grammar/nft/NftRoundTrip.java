package io.netprove.grammar.nft;

import io.netprove.grammar.LocationFreeModel;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Target;
import io.netprove.model.nft.NftRuleset;
import io.netprove.model.nft.NftTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** Stands for a rule's text as written in an unknown target. */
    private static final String WRITTEN = "(the rule as written)";

    private NftRoundTrip() {
    }

    /**
     * The ruleset without locations, rule texts, warnings and input names. A rule that is not modelled as a whole
     * keeps its text as written as the argument of its unknown target: that argument is set aside with the text.
     */
    public static NftRuleset normal(NftRuleset rs) {
        List<NftTable> tables = new ArrayList<>();
        for (NftTable t : rs.tables()) {
            Map<String, Chain> chains = new LinkedHashMap<>();
            for (Chain c : t.chains().values()) {
                List<Rule> rules = new ArrayList<>();
                for (Rule r : c.rules()) {
                    Rule kept = r;
                    if (r.target() instanceof Target.Unknown u && u.arguments().equals(List.of(r.text()))) {
                        kept = new Rule(r.matches(), new Target.Unknown(u.name(), List.of(WRITTEN), u.location()),
                                r.counters(), r.location(), r.text());
                    }
                    rules.add(kept);
                }
                chains.put(c.name(), new Chain(c.name(), c.policy(), c.counters(), rules, c.declared()));
            }
            tables.add(new NftTable(t.family(), t.name(), chains, t.baseChains(), t.location()));
        }
        return LocationFreeModel.of(new NftRuleset(tables, rs.diagnostics(), rs.sources()), NOT_LISTED);
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
