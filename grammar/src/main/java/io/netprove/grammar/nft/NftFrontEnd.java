package io.netprove.grammar.nft;

import io.netprove.grammar.DisplayPath;
import io.netprove.grammar.TextInput;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.nft.NftRuleset;
import io.netprove.model.nft.NftTable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads nftables state into an {@link NftRuleset}. Each input is one of three forms, detected from its text:
 * {@code nft list ruleset} output (starts with {@code table}), {@code nft -j list ruleset} JSON (starts with
 * {@code {}), or the transaction text kube-proxy feeds to {@code nft -f} ({@code add ...}, {@code flush ...},
 * {@code delete ...} lines). Inputs apply in order to one state: a listing (text or JSON) is complete for the tables
 * it shows and replaces what earlier inputs said about them; a transaction changes what is there. The state is
 * lowered once all inputs are read. Throws {@link io.netprove.grammar.InputError} (file:line:col and what was
 * expected) on bad input; constructs that are valid nft but not modelled are kept as unknown and reported in
 * {@link NftRuleset#diagnostics()}.
 */
public final class NftFrontEnd {

    /** The three input forms. */
    public enum Form { LIST_RULESET, JSON, TRANSACTION }

    /** One input text and the name it is reported under. */
    public record Source(String name, String text) {
    }

    private NftFrontEnd() {
    }

    /** Reads files in order. */
    public static NftRuleset read(List<Path> files) {
        List<Source> sources = new ArrayList<>();
        for (Path p : files) {
            sources.add(new Source(DisplayPath.of(p), TextInput.read(p)));
        }
        return readAll(sources);
    }

    /** Reads one text. */
    public static NftRuleset read(String name, String text) {
        return readAll(List.of(new Source(name, text)));
    }

    /** Reads texts in order. */
    public static NftRuleset readAll(List<Source> sources) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<String> names = new ArrayList<>();
        NftState state = state(sources, diagnostics, names);
        List<NftTable> tables = new ArrayList<>();
        for (NftState.TableDef t : state.tables.values()) {
            tables.add(NftTableLowering.lower(t, diagnostics));
        }
        return new NftRuleset(tables, diagnostics, names);
    }

    /**
     * The {@code nft list ruleset} text of the state the inputs build (read as {@link #readAll} reads them): a
     * transaction is shown as the listing nft would print after applying it. Reading the listing back lowers to the
     * same tables. What the listing leaves out is said in {@link NftListingWriter}; the inputs' warnings are not
     * repeated.
     */
    public static String listRuleset(List<Source> sources) {
        return NftListingWriter.write(state(sources, new ArrayList<>(), new ArrayList<>()));
    }

    /** {@link #listRuleset(List)} of one text. */
    public static String listRuleset(String name, String text) {
        return listRuleset(List.of(new Source(name, text)));
    }

    /** Applies the inputs in order to one state, before lowering. */
    private static NftState state(List<Source> sources, List<Diagnostic> diagnostics, List<String> names) {
        NftState state = new NftState();
        for (Source s : sources) {
            names.add(s.name());
            String text = s.text().startsWith("\uFEFF") ? s.text().substring(1) : s.text();
            Form form = detect(text);
            if (form == Form.JSON) {
                new NftJsonReader(s.name(), text, state, diagnostics).read();
            } else {
                if (text.isBlank()) {
                    diagnostics.add(Diagnostic.warning(SourceLocation.of(s.name(), 0), "empty input: no nftables "
                            + "tables (an empty 'nft list ruleset' output)"));
                }
                new NftScriptReader(s.name(), text, state, diagnostics, form == Form.LIST_RULESET).read();
            }
            state.checkPlaceholders();
        }
        return state;
    }

    /** Which form {@code text} is in, from its first word (comments and blank lines skipped). */
    public static Form detect(String text) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '#') {
                int nl = text.indexOf('\n', i);
                i = nl < 0 ? text.length() : nl + 1;
            } else if (Character.isWhitespace(c) || c == '\uFEFF') {
                i++;
            } else {
                break;
            }
        }
        if (i < text.length() && (text.charAt(i) == '{' || text.charAt(i) == '[')) {
            return Form.JSON;
        }
        return text.startsWith("table", i) && (i + 5 == text.length() || !Character.isLetterOrDigit(text.charAt(i + 5)))
                ? Form.LIST_RULESET : Form.TRANSACTION;
    }
}
