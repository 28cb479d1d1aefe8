package io.netprove.grammar.ipset;

import io.netprove.grammar.InputError;
import io.netprove.grammar.TextInput;
import io.netprove.model.ipset.IpSets;
import io.netprove.model.netfilter.Diagnostic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ipset state from {@code ipset save} (or {@code ipset restore} input) or {@code ipset list} output; the
 * format is told apart by the first non-blank line. Throws {@link InputError} on bad input.
 */
public final class IpsetFrontEnd {

    /** The two text forms of the ipset state. */
    public enum Format { SAVE, LIST }

    private IpsetFrontEnd() {
    }

    public static IpSets readFile(Path path) {
        return read(io.netprove.grammar.DisplayPath.of(path), TextInput.read(path));
    }

    public static IpSets read(String name, String text) {
        return read(name, text, detect(name, text));
    }

    public static IpSets read(String name, String text, Format format) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        SetTable table = new SetTable(diagnostics);
        if (format == Format.LIST) {
            new IpsetListParser(name, table, diagnostics).read(text);
        } else {
            new IpsetSaveParser(name, table, diagnostics).read(text);
        }
        return new IpSets(table.sets(), List.of(name), diagnostics);
    }

    /** LIST when the first non-blank line starts with {@code Name:}, else SAVE. */
    public static Format detect(String name, String text) {
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            return t.startsWith("Name:") ? Format.LIST : Format.SAVE;
        }
        return Format.SAVE;
    }
}
