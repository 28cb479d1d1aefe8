package io.netprove.grammar.ipset;

import io.netprove.grammar.Words;
import io.netprove.grammar.InputError;
import io.netprove.model.ipset.IpSet;
import io.netprove.model.ipset.IpSetElement;
import io.netprove.model.ipset.IpSetMember;
import io.netprove.model.ipset.IpSetOptions;
import io.netprove.model.ipset.IpSetType;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The option words shared by {@code ipset save} and {@code ipset list}: create options (a {@code create} line's
 * tail, a {@code Header:} line) and element options (an {@code add} line's tail, a member line's tail).
 */
final class OptionSyntax {

    /** A set's family and options as read from its create options. */
    record CreateOptions(Optional<AddressFamily> family, IpSetOptions options) {
    }

    /** An element's options, plus the list:set position words of an add command. */
    record MemberOptions(IpSetMember member, String before, String after) {
    }

    private final String file;
    private final int line;
    private final List<Diagnostic> diagnostics;

    OptionSyntax(String file, int line, List<Diagnostic> diagnostics) {
        this.file = file;
        this.line = line;
        this.diagnostics = diagnostics;
    }

    CreateOptions create(IpSetType type, List<Words.Word> words, int from, int endColumn) {
        AddressFamily family = type.familyFree() ? null : type.fixedFamily() != null ? type.fixedFamily()
                : AddressFamily.IPV4;
        OptionalInt hashSize = OptionalInt.empty();
        OptionalLong maxElements = OptionalLong.empty();
        OptionalLong timeout = OptionalLong.empty();
        boolean counters = false;
        boolean comment = false;
        boolean skbinfo = false;
        boolean forceadd = false;
        OptionalInt netmask = OptionalInt.empty();
        Optional<PortRange> portRange = Optional.empty();
        Optional<IpRange> addressRange = Optional.empty();
        OptionalInt listSize = OptionalInt.empty();
        OptionalInt bucketSize = OptionalInt.empty();
        Optional<String> initval = Optional.empty();
        OptionalLong markmask = OptionalLong.empty();
        List<String> other = new ArrayList<>();
        Words.Word netmaskWord = null;
        for (int i = from; i < words.size(); i++) {
            Words.Word w = words.get(i);
            switch (w.text()) {
                case "family": {
                    Words.Word v = value(words, i, endColumn, "inet or inet6");
                    if (v.text().equals("inet") || v.text().equals("ipv4")) {
                        family = AddressFamily.IPV4;
                    } else if (v.text().equals("inet6") || v.text().equals("ipv6")) {
                        family = AddressFamily.IPV6;
                    } else {
                        throw at(v.column(), "unknown family '" + v.text() + "': expected inet or inet6");
                    }
                    if (type.familyFree() || (type.fixedFamily() != null && type.fixedFamily() != family)) {
                        throw at(w.column(), "family option on a " + type + " set: expected no family ("
                                + (type.familyFree() ? "the type holds no addresses" : "the type is IPv4 only")
                                + ")");
                    }
                    i++;
                    break;
                }
                case "hashsize":
                    hashSize = OptionalInt.of((int) count(words, i, endColumn, Integer.MAX_VALUE));
                    i++;
                    break;
                case "maxelem":
                    maxElements = OptionalLong.of(count(words, i, endColumn, 0xffffffffL));
                    i++;
                    break;
                case "timeout":
                    timeout = OptionalLong.of(count(words, i, endColumn, 0xffffffffL));
                    i++;
                    break;
                case "bucketsize":
                    bucketSize = OptionalInt.of((int) count(words, i, endColumn, 255));
                    i++;
                    break;
                case "size":
                    listSize = OptionalInt.of((int) count(words, i, endColumn, Integer.MAX_VALUE));
                    i++;
                    break;
                case "initval": {
                    Words.Word v = value(words, i, endColumn, "a 0x-hex value");
                    if (ElementSyntax.number(v.text(), 0xffffffffL) < 0) {
                        throw at(v.column(), "bad initval '" + v.text() + "': expected a 32-bit 0x-hex value");
                    }
                    initval = Optional.of(v.text());
                    i++;
                    break;
                }
                case "markmask": {
                    Words.Word v = value(words, i, endColumn, "a mark mask");
                    long m = ElementSyntax.number(v.text(), 0xffffffffL);
                    if (m <= 0) {
                        throw at(v.column(), "bad markmask '" + v.text() + "': expected a non-zero 32-bit value");
                    }
                    markmask = OptionalLong.of(m);
                    i++;
                    break;
                }
                case "netmask":
                    netmaskWord = value(words, i, endColumn, "a prefix length");
                    i++;
                    break;
                case "range": {
                    Words.Word v = value(words, i, endColumn, "a range");
                    if (type == IpSetType.BITMAP_PORT) {
                        portRange = Optional.of(portRange(v));
                    } else if (type == IpSetType.BITMAP_IP || type == IpSetType.BITMAP_IP_MAC) {
                        addressRange = Optional.of(addressRange(v));
                    } else {
                        throw at(w.column(), "range option on a " + type + " set: expected it only for bitmap "
                                + "types");
                    }
                    i++;
                    break;
                }
                case "counters":
                    counters = true;
                    break;
                case "comment":
                    comment = true;
                    break;
                case "skbinfo":
                    skbinfo = true;
                    break;
                case "forceadd":
                    forceadd = true;
                    break;
                case "-exist":
                case "-!":
                    break;
                case "bitmask": {
                    Words.Word v = value(words, i, endColumn, "a mask");
                    other.add("bitmask " + v.text());
                    diagnostics.add(Diagnostic.warning(new SourceLocation(file, line, w.column()),
                            "bitmask option is kept but not modelled: addresses are compared unmasked"));
                    i++;
                    break;
                }
                default:
                    throw at(w.column(), "unknown create option '" + w.text() + "': expected family, hashsize, "
                            + "maxelem, timeout, counters, comment, skbinfo, forceadd, netmask, range, size, "
                            + "bucketsize, initval or markmask");
            }
        }
        if (netmaskWord != null) {
            if (type != IpSetType.HASH_IP && type != IpSetType.BITMAP_IP) {
                throw at(netmaskWord.column() , "netmask option on a " + type + " set: expected it only for "
                        + "hash:ip and bitmap:ip");
            }
            int width = family == null ? 32 : family.bits();
            long len = ElementSyntax.number(netmaskWord.text(), width);
            if (len < 1) {
                IpAddress mask = IpAddress.tryParse(netmaskWord.text());
                IpPrefix p = mask != null && mask.isV4() && width == 32 ? IpPrefix.tryParse("0.0.0.0/" + mask) : null;
                if (p == null) {
                    throw at(netmaskWord.column(), "bad netmask '" + netmaskWord.text()
                            + "': expected a prefix length from 1 to " + width);
                }
                len = p.length();
            }
            netmask = OptionalInt.of((int) len);
        }
        if (type == IpSetType.BITMAP_PORT && portRange.isEmpty()) {
            throw at(endColumn, "bitmap:port set without a range: expected 'range FROM-TO'");
        }
        if ((type == IpSetType.BITMAP_IP || type == IpSetType.BITMAP_IP_MAC) && addressRange.isEmpty()) {
            throw at(endColumn, type + " set without a range: expected 'range FROM-TO' or 'range IP/CIDR'");
        }
        IpSetOptions options = new IpSetOptions(hashSize, maxElements, timeout, counters, comment, skbinfo, forceadd,
                netmask, portRange, addressRange, listSize, bucketSize, initval, markmask, other);
        return new CreateOptions(Optional.ofNullable(family), options);
    }

    private PortRange portRange(Words.Word v) {
        String t = v.text();
        int dash = t.indexOf('-');
        long a = dash < 0 ? -1 : ElementSyntax.number(t.substring(0, dash), 65535);
        long b = dash < 0 ? -1 : ElementSyntax.number(t.substring(dash + 1), 65535);
        if (a < 0 || b < 0 || a > b) {
            throw at(v.column(), "bad port range '" + t + "': expected FROM-TO such as 0-65535");
        }
        return new PortRange((int) a, (int) b);
    }

    private IpRange addressRange(Words.Word v) {
        String t = v.text();
        int dash = t.indexOf('-');
        if (dash > 0) {
            IpAddress a = IpAddress.tryParse(t.substring(0, dash));
            IpAddress b = IpAddress.tryParse(t.substring(dash + 1));
            if (a != null && b != null && a.isV4() && b.isV4() && a.compareTo(b) <= 0) {
                return new IpRange(a, b);
            }
        } else {
            IpPrefix p = IpPrefix.tryParse(t);
            if (p != null && p.family() == AddressFamily.IPV4) {
                return new IpRange(p.network(), p.last());
            }
        }
        throw at(v.column(), "bad address range '" + t + "': expected FROM-TO or IP/CIDR (IPv4)");
    }

    /** Reads the element options after the element word at {@code from - 1}. */
    MemberOptions member(IpSet set, List<IpSetElement> elements, List<Words.Word> words, int from, int endColumn,
                         SourceLocation at, boolean addCommand) {
        boolean nomatch = false;
        OptionalLong timeout = OptionalLong.empty();
        Optional<String> comment = Optional.empty();
        long packets = -1;
        long bytes = -1;
        List<String> other = new ArrayList<>();
        String before = null;
        String after = null;
        for (int i = from; i < words.size(); i++) {
            Words.Word w = words.get(i);
            switch (w.text()) {
                case "nomatch":
                    if (!set.type().supportsNomatch()) {
                        throw at(w.column(), "nomatch on a member of " + set.type() + " set " + set.name()
                                + ": expected nomatch only in types with a network component");
                    }
                    nomatch = true;
                    break;
                case "timeout":
                    timeout = OptionalLong.of(count(words, i, endColumn, 0xffffffffL));
                    i++;
                    break;
                case "packets":
                    packets = count(words, i, endColumn, Long.MAX_VALUE);
                    i++;
                    break;
                case "bytes":
                    bytes = count(words, i, endColumn, Long.MAX_VALUE);
                    i++;
                    break;
                case "comment":
                    comment = Optional.of(value(words, i, endColumn, "a quoted comment").text());
                    if (!set.options().comment()) {
                        diagnostics.add(Diagnostic.note(new SourceLocation(file, line, w.column()),
                                "comment on a member of set " + set.name() + " which was not created with comment"));
                    }
                    i++;
                    break;
                case "skbmark":
                case "skbprio":
                case "skbqueue":
                    other.add(w.text() + " " + value(words, i, endColumn, "a value").text());
                    i++;
                    break;
                case "before":
                case "after": {
                    Words.Word v = value(words, i, endColumn, "a member set name");
                    if (!addCommand || set.type() != IpSetType.LIST_SET) {
                        throw at(w.column(), "'" + w.text() + "' outside an add to a list:set: expected it only "
                                + "there");
                    }
                    if (w.text().equals("before")) {
                        before = v.text();
                    } else {
                        after = v.text();
                    }
                    i++;
                    break;
                }
                case "-exist":
                case "-!":
                    break;
                default:
                    throw at(w.column(), "unknown element option '" + w.text() + "': expected timeout, packets, "
                            + "bytes, comment, nomatch, skbmark, skbprio or skbqueue");
            }
        }
        Optional<IpSetMember.PacketCounters> counters = Optional.empty();
        if (packets >= 0 || bytes >= 0) {
            counters = Optional.of(new IpSetMember.PacketCounters(Math.max(packets, 0), Math.max(bytes, 0)));
        }
        return new MemberOptions(new IpSetMember(elements, nomatch, timeout, comment, counters, other, at),
                before, after);
    }

    private long count(List<Words.Word> words, int i, int endColumn, long max) {
        Words.Word v = value(words, i, endColumn, "a number");
        long n = ElementSyntax.number(v.text(), max);
        if (n < 0) {
            throw at(v.column(), "bad value '" + v.text() + "' for " + words.get(i).text()
                    + ": expected a number from 0 to " + max);
        }
        return n;
    }

    private Words.Word value(List<Words.Word> words, int i, int endColumn, String expected) {
        if (i + 1 >= words.size()) {
            throw at(endColumn, "option " + words.get(i).text() + " needs a value: expected " + expected
                    + " (truncated line?)");
        }
        return words.get(i + 1);
    }

    private InputError at(int column, String message) {
        return new InputError(new SourceLocation(file, line, column), message);
    }
}
