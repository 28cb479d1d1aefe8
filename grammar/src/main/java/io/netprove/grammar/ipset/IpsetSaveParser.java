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
 * Reads {@code ipset save} output and {@code ipset restore} input: {@code create NAME TYPE [options]},
 * {@code add NAME ELEMENT [options]}, and the restore commands {@code del}, {@code flush} and {@code destroy}.
 */
final class IpsetSaveParser {

    private final String file;
    private final SetTable table;
    private final List<Diagnostic> diagnostics;

    IpsetSaveParser(String file, SetTable table, List<Diagnostic> diagnostics) {
        this.file = file;
        this.table = table;
        this.diagnostics = diagnostics;
    }

    void read(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            List<Words.Word> words = Words.split(file, lineNo, lines[i]);
            if (words.isEmpty() || words.get(0).text().startsWith("#")) {
                continue;
            }
            int end = lines[i].stripTrailing().length() + 1;
            Words.Word cmd = words.get(0);
            switch (cmd.text()) {
                case "create":
                    create(lineNo, words, end);
                    break;
                case "add":
                    add(lineNo, words, end);
                    break;
                case "del":
                    delete(lineNo, words, end);
                    break;
                case "flush":
                case "destroy": {
                    String name = words.size() > 1 ? words.get(1).text() : null;
                    if (name != null && !table.exists(name)) {
                        throw at(lineNo, words.get(1).column(), cmd.text() + " of set '" + name
                                + "' that was never created: expected a 'create " + name + " ...' line before");
                    }
                    if (cmd.text().equals("flush")) {
                        table.flush(name);
                    } else {
                        table.destroy(name);
                    }
                    break;
                }
                default:
                    throw at(lineNo, cmd.column(), "unexpected '" + cmd.text() + "': expected 'create' or 'add' "
                            + "(as ipset save writes them), or del, flush or destroy");
            }
        }
    }

    private void create(int lineNo, List<Words.Word> words, int end) {
        Words.Word name = word(lineNo, words, 1, end, "a set name");
        Words.Word typeWord = word(lineNo, words, 2, end, "a set type such as hash:ip,port");
        IpSetType type = IpSetType.lookup(typeWord.text());
        if (type == null) {
            throw at(lineNo, typeWord.column(), "unknown set type '" + typeWord.text() + "': expected one of "
                    + "bitmap:ip, bitmap:ip,mac, bitmap:port, hash:ip, hash:mac, hash:ip,mac, hash:ip,mark, "
                    + "hash:ip,port, hash:ip,port,ip, hash:ip,port,net, hash:net, hash:net,net, hash:net,port, "
                    + "hash:net,port,net, hash:net,iface, list:set");
        }
        if (name.text().length() > 31) {
            throw at(lineNo, name.column(), "set name '" + name.text() + "' is " + name.text().length()
                    + " characters long: expected at most 31");
        }
        OptionSyntax.CreateOptions o = new OptionSyntax(file, lineNo, diagnostics).create(type, words, 3, end);
        SourceLocation at = new SourceLocation(file, lineNo, words.get(0).column());
        table.create(new IpSet(name.text(), type, o.family(), o.options(), List.of(), OptionalInt.empty(), at), at);
    }

    private void add(int lineNo, List<Words.Word> words, int end) {
        Words.Word name = word(lineNo, words, 1, end, "a set name");
        IpSet set = table.require(name.text(), new SourceLocation(file, lineNo, name.column()), "add");
        Words.Word element = word(lineNo, words, 2, end, "an element of the " + set.type() + " set "
                + set.name() + " (" + ElementSyntax.format(set.type()) + ")");
        List<IpSetElement> elements = ElementSyntax.parse(file, lineNo, element.column(), element.text(),
                set.type(), set.family().orElse(null), set.options().effectiveMarkmask());
        checkBitmap(lineNo, set, element, elements);
        SourceLocation at = new SourceLocation(file, lineNo, words.get(0).column());
        OptionSyntax.MemberOptions o = new OptionSyntax(file, lineNo, diagnostics)
                .member(set, elements, words, 3, end, at, true);
        int position = -1;
        if (o.before() != null || o.after() != null) {
            String ref = o.before() != null ? o.before() : o.after();
            int index = SetTable.indexOf(set.members(), List.of(new IpSetElement.SetName(ref)));
            if (index < 0) {
                throw at(lineNo, element.column(), "'" + (o.before() != null ? "before" : "after") + " " + ref
                        + "' names a set that is not a member of " + set.name() + ": expected a member set");
            }
            position = o.before() != null ? index : index + 1;
        }
        table.add(set, o.member(), position);
    }

    private void checkBitmap(int lineNo, IpSet set, Words.Word element, List<IpSetElement> elements) {
        if (set.type() == IpSetType.BITMAP_PORT && set.options().portRange().isPresent()) {
            IpSetElement.Port p = (IpSetElement.Port) elements.get(0);
            if (p.ports().first() < set.options().portRange().get().first()
                    || p.ports().last() > set.options().portRange().get().last()) {
                throw at(lineNo, element.column(), "port " + element.text() + " is outside the range "
                        + set.options().portRange().get().first() + "-" + set.options().portRange().get().last()
                        + " of set " + set.name() + ": expected a port inside it");
            }
        }
        if ((set.type() == IpSetType.BITMAP_IP || set.type() == IpSetType.BITMAP_IP_MAC)
                && set.options().addressRange().isPresent()) {
            IpSetElement e = elements.get(0);
            boolean inside;
            if (e instanceof IpSetElement.Prefix) {
                inside = set.options().addressRange().get().contains(((IpSetElement.Prefix) e).prefix().network())
                        && set.options().addressRange().get().contains(((IpSetElement.Prefix) e).prefix().last());
            } else {
                IpSetElement.Range r = (IpSetElement.Range) e;
                inside = set.options().addressRange().get().contains(r.range().first())
                        && set.options().addressRange().get().contains(r.range().last());
            }
            if (!inside) {
                throw at(lineNo, element.column(), "address " + element.text() + " is outside the range of set "
                        + set.name() + ": expected an address inside " + set.options().addressRange().get());
            }
        }
    }

    private void delete(int lineNo, List<Words.Word> words, int end) {
        Words.Word name = word(lineNo, words, 1, end, "a set name");
        IpSet set = table.require(name.text(), new SourceLocation(file, lineNo, name.column()), "del");
        Words.Word element = word(lineNo, words, 2, end, "an element (" + ElementSyntax.format(set.type()) + ")");
        List<IpSetElement> elements = ElementSyntax.parse(file, lineNo, element.column(), element.text(),
                set.type(), set.family().orElse(null), set.options().effectiveMarkmask());
        table.delete(set, elements, new SourceLocation(file, lineNo, element.column()));
    }

    private Words.Word word(int lineNo, List<Words.Word> words, int index, int end, String expected) {
        if (index >= words.size()) {
            throw at(lineNo, end, "line ends early: expected " + expected + " (truncated line?)");
        }
        return words.get(index);
    }

    private InputError at(int lineNo, int column, String message) {
        return new InputError(new SourceLocation(file, lineNo, column), message);
    }
}
