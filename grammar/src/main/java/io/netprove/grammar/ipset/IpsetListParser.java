package io.netprove.grammar.ipset;

import io.netprove.grammar.Words;
import io.netprove.grammar.InputError;
import io.netprove.model.ipset.IpSet;
import io.netprove.model.ipset.IpSetElement;
import io.netprove.model.ipset.IpSetType;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.OptionalInt;

/**
 * Reads {@code ipset list} output: blocks of {@code Name:}, {@code Type:}, {@code Revision:}, {@code Header:},
 * {@code Size in memory:}, {@code References:}, {@code Number of entries:} and {@code Members:} followed by one
 * element per line, separated by blank lines. When a block states its number of entries, a different count of
 * member lines is an error (a truncated listing).
 */
final class IpsetListParser {

    private final String file;
    private final SetTable table;
    private final List<Diagnostic> diagnostics;

    IpsetListParser(String file, SetTable table, List<Diagnostic> diagnostics) {
        this.file = file;
        this.table = table;
        this.diagnostics = diagnostics;
    }

    /** The block being read. */
    private static final class Block {
        String name;
        SourceLocation at;
        IpSetType type;
        int revision = -1;
        IpSet set;
        long entries = -1;
        int entriesLine;
        boolean members;
        int memberCount;
    }

    void read(String text) {
        String[] lines = text.split("\n", -1);
        Block block = null;
        int lastLine = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                if (block != null && block.members) {
                    finish(block, lineNo);
                    block = null;
                }
                continue;
            }
            lastLine = lineNo;
            if (block != null && block.members && !line.startsWith("Name: ")) {
                member(block, lineNo, line);
                continue;
            }
            int colon = line.indexOf(':');
            String key = colon < 0 ? line.strip() : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).strip();
            int valueColumn = colon < 0 ? line.length() + 1 : colon + 2 + leading(line.substring(colon + 1));
            if (key.equals("Name")) {
                if (block != null) {
                    finish(block, lineNo);
                }
                if (value.isEmpty()) {
                    throw at(lineNo, valueColumn, "empty set name: expected 'Name: SETNAME'");
                }
                block = new Block();
                block.name = value;
                block.at = new SourceLocation(file, lineNo, 1);
                continue;
            }
            if (block == null) {
                throw at(lineNo, 1, "unexpected '" + firstWord(line) + "': expected 'Name: SETNAME' to start a set "
                        + "(the output of ipset list)");
            }
            switch (key) {
                case "Type":
                    block.type = IpSetType.lookup(value);
                    if (block.type == null) {
                        throw at(lineNo, valueColumn, "unknown set type '" + value + "': expected an ipset type "
                                + "such as hash:ip,port or bitmap:port");
                    }
                    break;
                case "Revision":
                    block.revision = (int) ElementSyntax.number(value, Integer.MAX_VALUE);
                    if (block.revision < 0) {
                        throw at(lineNo, valueColumn, "bad revision '" + value + "': expected a number");
                    }
                    break;
                case "Header": {
                    if (block.type == null) {
                        throw at(lineNo, 1, "Header before Type in set " + block.name + ": expected 'Type: ...' "
                                + "first");
                    }
                    List<Words.Word> words = Words.split(file, lineNo, line);
                    OptionSyntax.CreateOptions o = new OptionSyntax(file, lineNo, diagnostics)
                            .create(block.type, words, 1, line.stripTrailing().length() + 1);
                    block.set = new IpSet(block.name, block.type, o.family(), o.options(), List.of(),
                            block.revision < 0 ? OptionalInt.empty() : OptionalInt.of(block.revision), block.at);
                    break;
                }
                case "Size in memory":
                case "References":
                    // kernel bookkeeping (memory use, how many rules refer to the set): not forwarding state
                    break;
                case "Number of entries":
                    block.entries = ElementSyntax.number(value, Integer.MAX_VALUE);
                    block.entriesLine = lineNo;
                    if (block.entries < 0) {
                        throw at(lineNo, valueColumn, "bad number of entries '" + value + "': expected a number");
                    }
                    break;
                case "Members":
                    if (block.set == null) {
                        throw at(lineNo, 1, "Members of set " + block.name + " before its "
                                + (block.type == null ? "Type" : "Header") + " line: expected Type and Header first");
                    }
                    table.create(block.set, block.at);
                    block.members = true;
                    break;
                default:
                    throw at(lineNo, 1, "unexpected '" + key + "' in set " + block.name + ": expected Type, "
                            + "Revision, Header, Size in memory, References, Number of entries or Members");
            }
        }
        if (block != null) {
            finish(block, Math.max(lastLine, 1));
        }
    }

    private void member(Block block, int lineNo, String line) {
        List<Words.Word> words = Words.split(file, lineNo, line);
        IpSet set = table.require(block.name, block.at, "member");
        Words.Word element = words.get(0);
        List<IpSetElement> elements = ElementSyntax.parse(file, lineNo, element.column(), element.text(),
                set.type(), set.family().orElse(null), set.options().effectiveMarkmask());
        SourceLocation at = new SourceLocation(file, lineNo, element.column());
        OptionSyntax.MemberOptions o = new OptionSyntax(file, lineNo, diagnostics)
                .member(set, elements, words, 1, line.stripTrailing().length() + 1, at, false);
        table.add(set, o.member(), -1);
        block.memberCount++;
    }

    private void finish(Block block, int lineNo) {
        if (!block.members) {
            throw at(lineNo, 1, "set " + block.name + " has no 'Members:' line: expected the full ipset list "
                    + "output (not ipset list -t), truncated input?");
        }
        if (block.entries >= 0 && block.entries != block.memberCount) {
            throw at(lineNo, 1, "set " + block.name + " lists " + block.memberCount + " members but line "
                    + block.entriesLine + " says 'Number of entries: " + block.entries
                    + "': expected every member (truncated input?)");
        }
    }

    private static int leading(String s) {
        int n = 0;
        while (n < s.length() && s.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    private static String firstWord(String line) {
        String t = line.strip();
        int sp = t.indexOf(' ');
        return sp < 0 ? t : t.substring(0, sp);
    }

    private InputError at(int lineNo, int column, String message) {
        return new InputError(new SourceLocation(file, lineNo, column), message);
    }
}
