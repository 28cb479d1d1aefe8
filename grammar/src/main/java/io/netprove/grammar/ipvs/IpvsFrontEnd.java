package io.netprove.grammar.ipvs;

import io.netprove.grammar.InputError;
import io.netprove.grammar.TextInput;
import io.netprove.model.ipvs.IpvsState;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads IPVS state from {@code ipvsadm-save -n} (or {@code ipvsadm -R} input) or from {@code ipvsadm -Ln}; the
 * format is told apart by the first non-blank line. Throws {@link InputError} on bad input.
 */
public final class IpvsFrontEnd {

    /** The two text forms of the IPVS table. */
    public enum Format { SAVE, LIST }

    private IpvsFrontEnd() {
    }

    public static IpvsState readFile(Path path) {
        return read(io.netprove.grammar.DisplayPath.of(path), TextInput.read(path));
    }

    /** Reads one text, detecting its format; an empty save file is an empty table. */
    public static IpvsState read(String name, String text) {
        return read(name, text, detect(name, text));
    }

    public static IpvsState read(String name, String text, Format format) {
        ServiceTable table = new ServiceTable();
        List<Diagnostic> diagnostics = new ArrayList<>();
        if (format == Format.LIST) {
            new IpvsadmListParser(name, table, diagnostics).read(text);
        } else {
            new IpvsadmSaveParser(name, table, diagnostics).read(text);
        }
        return new IpvsState(table.services(), List.of(name), diagnostics);
    }

    /** LIST when the first non-blank line is the version or header line of {@code ipvsadm -L}, else SAVE. */
    public static Format detect(String name, String text) {
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (t.startsWith("IP Virtual Server version") || t.startsWith("Prot ")) {
                return Format.LIST;
            }
            if (t.startsWith("-") || t.startsWith("ipvsadm ")) {
                return Format.SAVE;
            }
            throw new InputError(new SourceLocation(name, lineNo, line.indexOf(t.charAt(0)) + 1),
                    "unexpected '" + t.split("\\s+")[0] + "': expected ipvsadm-save output (lines such as "
                            + "'-A -t 10.96.0.1:443 -s rr') or ipvsadm -Ln output");
        }
        return Format.SAVE;
    }
}
