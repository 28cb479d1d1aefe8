package io.netprove.grammar.nft;

import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.Target;
import io.netprove.model.nft.NftRuleset;
import io.netprove.model.nft.NftTable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Test resources of this package, the shared corpus, and location-free views of lowered tables. */
final class Fixtures {

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NftRuleset read(String resource) {
        return NftFrontEnd.read(resource, text(resource));
    }

    /** The shared folder, or null (with a visible message on stderr) when it is absent. */
    static Path shared(String why) {
        String configured = System.getProperty("netprove.shared");
        Path p = configured != null ? Paths.get(configured) : Paths.get("..", "..", "shared");
        if (Files.isDirectory(p.resolve("corpus"))) {
            return p.toAbsolutePath().normalize();
        }
        System.err.println("SKIPPED: " + why + " needs ../shared/corpus, which is not present at " + p);
        return null;
    }

    static NftTable table(NftRuleset rs, String key) {
        for (NftTable t : rs.tables()) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        throw new AssertionError("no table " + key + " in " + rs.tables());
    }

    static NftTable only(NftRuleset rs) {
        assertEquals(1, rs.tables().size(), () -> "tables: " + rs.tables());
        return rs.tables().get(0);
    }

    static List<Rule> rules(NftRuleset rs, String chain) {
        Chain c = only(rs).chains().get(chain);
        assertNotNull(c, "chain " + chain);
        return c.rules();
    }

    /** The one model rule of the one chain {@code c} of a small test table. */
    static Rule rule(NftRuleset rs) {
        List<Rule> rules = rules(rs, "c");
        assertEquals(1, rules.size(), () -> "rules: " + rules);
        return rules.get(0);
    }

    /** Reads {@code table ip t { chain c { BODY } }} (or the given family). */
    static NftRuleset chain(String family, String body) {
        return NftFrontEnd.read("t.nft", "table " + family + " t {\n chain c {\n  " + body + "\n }\n}\n");
    }

    /** Same as {@link #chain} with extra table items (sets, maps, chains) before the chain. */
    static NftRuleset chain(String family, String items, String body) {
        return NftFrontEnd.read("t.nft", "table " + family + " t {\n" + items + "\n chain c {\n  " + body
                + "\n }\n}\n");
    }

    static List<Diagnostic> warnings(NftRuleset rs) {
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : rs.diagnostics()) {
            if (d.severity() == Diagnostic.Severity.WARNING) {
                out.add(d);
            }
        }
        return out;
    }

    /** Chains with rules stripped of what differs between forms: locations, rule text and handles. */
    static Map<String, List<Rule>> comparable(NftTable t) {
        Map<String, List<Rule>> out = new LinkedHashMap<>();
        for (Chain c : t.chains().values()) {
            List<Rule> rules = new ArrayList<>();
            for (Rule r : c.rules()) {
                List<Match> ms = new ArrayList<>();
                for (Match m : r.matches()) {
                    ms.add(m instanceof Match.Unknown u ? new Match.Unknown(u.module(), u.arguments(),
                            SourceLocation.NONE) : m);
                }
                Target tg = r.target() instanceof Target.Unknown u
                        ? new Target.Unknown(u.name(), u.arguments(), SourceLocation.NONE) : r.target();
                if (tg instanceof Target.SetMark sm) {
                    tg = new Target.SetMark(sm.value(), sm.mask(), "");
                } else if (tg instanceof Target.ConnMark cm) {
                    tg = new Target.ConnMark(cm.op(), cm.value(), cm.mask(), cm.nfmask(), cm.ctmask(), "");
                }
                rules.add(new Rule(ms, tg, r.counters(), SourceLocation.NONE, ""));
            }
            out.put(c.name() + (c.policy() == null ? "" : " policy " + c.policy()), rules);
        }
        return out;
    }

    /** Counts the unknown criteria and targets of a table. */
    static int unknowns(NftTable t) {
        int n = 0;
        for (Chain c : t.chains().values()) {
            for (Rule r : c.rules()) {
                n += r.target() instanceof Target.Unknown ? 1 : 0;
                for (Match m : r.matches()) {
                    n += m instanceof Match.Unknown ? 1 : 0;
                }
            }
        }
        return n;
    }
}
