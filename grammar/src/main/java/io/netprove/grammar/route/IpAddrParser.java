package io.netprove.grammar.route;

import io.netprove.grammar.Words;
import io.netprove.grammar.InputError;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.route.InterfaceAddress;
import io.netprove.model.route.NetworkInterface;
import io.netprove.model.route.RouteScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads {@code ip addr} (and {@code ip -d addr}) text: a header line per device
 * ({@code 2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc ... master cni0 state UP ...}), its
 * {@code link/TYPE ADDRESS brd ...} line, the {@code -d} kind line ({@code vxlan id 1 ...},
 * {@code bridge_slave ...}), {@code altname} lines and {@code inet}/{@code inet6} address lines with their
 * {@code valid_lft} continuation.
 */
final class IpAddrParser {

    private static final Set<String> ADDRESS_FLAGS = Set.of("secondary", "primary", "temporary", "dynamic",
            "deprecated", "tentative", "dadfailed", "nodad", "optimistic", "noprefixroute", "home", "mngtmpaddr",
            "stable-privacy", "autojoin", "permanent");

    private final String file;
    private final List<Diagnostic> diagnostics;

    IpAddrParser(String file, List<Diagnostic> diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    /** A device while its lines are read. */
    private static final class Device {
        int index;
        String name;
        String peer;
        List<String> flags = new ArrayList<>();
        int mtu;
        String master;
        String state = "UNKNOWN";
        String linkType;
        String linkAddress;
        String kind;
        String slaveKind;
        Integer netnsId;
        List<String> altNames = new ArrayList<>();
        List<InterfaceAddress> addresses = new ArrayList<>();
        SourceLocation location;

        NetworkInterface build() {
            return new NetworkInterface(index, name, Optional.ofNullable(peer), flags, mtu, Optional.ofNullable(master),
                    state, linkType == null ? "none" : linkType, Optional.ofNullable(linkAddress),
                    Optional.ofNullable(kind), Optional.ofNullable(slaveKind),
                    netnsId == null ? OptionalInt.empty() : OptionalInt.of(netnsId), altNames, addresses, location);
        }
    }

    List<NetworkInterface> read(String text) {
        List<NetworkInterface> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        Device d = null;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            List<Words.Word> words = Words.split(file, lineNo, line);
            if (words.isEmpty()) {
                continue;
            }
            boolean indented = line.startsWith(" ") || line.startsWith("\t");
            if (!indented) {
                if (d != null) {
                    out.add(d.build());
                }
                d = header(lineNo, line, words);
                continue;
            }
            if (d == null) {
                throw at(lineNo, words.get(0).column(), "indented line '" + words.get(0).text()
                        + "' before any interface: expected a header such as '1: lo: <LOOPBACK,UP> mtu 65536 ...'");
            }
            String first = words.get(0).text();
            if (first.startsWith("link/")) {
                link(d, lineNo, line, words);
            } else if (first.equals("inet") || first.equals("inet6")) {
                d.addresses.add(address(lineNo, line, words, first.equals("inet6")));
            } else if (first.equals("valid_lft") || first.equals("preferred_lft")) {
                // address lifetimes: the address is present now, which is what the model records
                continue;
            } else if (first.equals("altname")) {
                d.altNames.add(value(lineNo, line, words, 0, "an alternative name").text());
            } else if (first.endsWith("_slave") && d.slaveKind == null) {
                d.slaveKind = first.substring(0, first.length() - "_slave".length());
            } else if (InterfaceKinds.KINDS.contains(first) && d.kind == null) {
                d.kind = first;
            } else if (!InterfaceKinds.DETAIL_WORDS.contains(first)) {
                diagnostics.add(Diagnostic.note(new SourceLocation(file, lineNo, words.get(0).column()),
                        "detail line '" + first + " ...' of " + d.name + " is not modelled"));
            }
        }
        if (d != null) {
            out.add(d.build());
        }
        return out;
    }

    private Device header(int lineNo, String line, List<Words.Word> words) {
        Words.Word idx = words.get(0);
        String t = idx.text();
        long index = t.endsWith(":") ? Values.number(t.substring(0, t.length() - 1), Integer.MAX_VALUE) : -1;
        if (index < 0) {
            throw at(lineNo, idx.column(), "unexpected '" + t + "': expected an interface header such as "
                    + "'2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 ...'");
        }
        Device d = new Device();
        d.index = (int) index;
        d.location = new SourceLocation(file, lineNo, idx.column());
        Words.Word nameWord = wordAt(lineNo, line, words, 1, "the interface name followed by ':'");
        String name = nameWord.text();
        if (!name.endsWith(":") || name.length() < 2) {
            throw at(lineNo, nameWord.column(), "bad interface name '" + name + "': expected NAME: or NAME@LINK:");
        }
        name = name.substring(0, name.length() - 1);
        int at = name.indexOf('@');
        if (at > 0) {
            d.peer = name.substring(at + 1);
            name = name.substring(0, at);
        }
        d.name = name;
        Words.Word flagsWord = wordAt(lineNo, line, words, 2, "the interface flags such as <UP,LOWER_UP>");
        String f = flagsWord.text();
        if (!f.startsWith("<") || !f.endsWith(">")) {
            throw at(lineNo, flagsWord.column(), "bad interface flags '" + f + "': expected <FLAG,FLAG,...>");
        }
        for (String flag : f.substring(1, f.length() - 1).split(",")) {
            if (!flag.isEmpty()) {
                d.flags.add(flag);
            }
        }
        for (int i = 3; i < words.size(); i++) {
            Words.Word w = words.get(i);
            switch (w.text()) {
                case "mtu": {
                    Words.Word v = value(lineNo, line, words, i, "the MTU");
                    long mtu = Values.number(v.text(), Integer.MAX_VALUE);
                    if (mtu < 0) {
                        throw at(lineNo, v.column(), "bad MTU '" + v.text() + "': expected a number");
                    }
                    d.mtu = (int) mtu;
                    i++;
                    break;
                }
                case "master":
                    d.master = value(lineNo, line, words, i, "the master device").text();
                    i++;
                    break;
                case "state":
                    d.state = value(lineNo, line, words, i, "the operational state").text();
                    i++;
                    break;
                case "qdisc":
                case "mode":
                case "group":
                case "qlen":
                case "protodown":
                case "netns":
                    // queueing, link mode and device group do not decide where packets go: read and dropped
                    value(lineNo, line, words, i, "a value for " + w.text());
                    i++;
                    break;
                default:
                    if (w.text().startsWith("xdp")) {
                        diagnostics.add(Diagnostic.note(new SourceLocation(file, lineNo, w.column()),
                                "XDP program on " + d.name + " is not modelled"));
                        break;
                    }
                    throw at(lineNo, w.column(), "unknown interface attribute '" + w.text() + "': expected mtu, "
                            + "qdisc, master, state, mode, group or qlen");
            }
        }
        return d;
    }

    private void link(Device d, int lineNo, String line, List<Words.Word> words) {
        d.linkType = words.get(0).text().substring("link/".length());
        int i = 1;
        if (i < words.size() && !isLinkKeyword(words.get(i).text())) {
            d.linkAddress = words.get(i).text();
            i++;
        }
        for (; i < words.size(); i++) {
            Words.Word w = words.get(i);
            switch (w.text()) {
                case "brd":
                case "peer":
                case "permaddr":
                case "link-netns":
                    // link-layer broadcast/peer, permanent MAC and the peer's namespace name: not modelled
                    value(lineNo, line, words, i, "a value for " + w.text());
                    i++;
                    break;
                case "link-netnsid": {
                    Words.Word v = value(lineNo, line, words, i, "a namespace id");
                    long id = Values.number(v.text(), Integer.MAX_VALUE);
                    if (id < 0) {
                        throw at(lineNo, v.column(), "bad link-netnsid '" + v.text() + "': expected a number");
                    }
                    d.netnsId = (int) id;
                    i++;
                    break;
                }
                case "promiscuity":
                    // the start of the -d details (promiscuity, allmulti, min/max MTU): not forwarding state
                    return;
                default:
                    throw at(lineNo, w.column(), "unknown link attribute '" + w.text() + "': expected brd, peer, "
                            + "permaddr, link-netns, link-netnsid or the -d details");
            }
        }
    }

    private static boolean isLinkKeyword(String w) {
        return w.equals("brd") || w.equals("peer") || w.equals("permaddr") || w.equals("link-netns")
                || w.equals("link-netnsid") || w.equals("promiscuity");
    }

    private InterfaceAddress address(int lineNo, String line, List<Words.Word> words, boolean v6) {
        Words.Word a = wordAt(lineNo, line, words, 1, "an address such as 10.0.0.5/24");
        String t = a.text();
        int slash = t.indexOf('/');
        IpAddress local = IpAddress.tryParse(slash < 0 ? t : t.substring(0, slash));
        long len = slash < 0 ? -2 : Values.number(t.substring(slash + 1), 128);
        if (local == null || local.isV4() == v6 || len == -1 || len > local.family().bits()) {
            throw at(lineNo, a.column(), "bad " + (v6 ? "inet6" : "inet") + " address '" + t + "': expected "
                    + (v6 ? "an IPv6" : "an IPv4") + " ADDRESS/LENGTH");
        }
        int prefixLength = len < 0 ? local.family().bits() : (int) len;
        IpPrefix peer = null;
        IpAddress broadcast = null;
        RouteScope scope = RouteScope.GLOBAL;
        List<String> flags = new ArrayList<>();
        String label = null;
        for (int i = 2; i < words.size(); i++) {
            Words.Word w = words.get(i);
            switch (w.text()) {
                case "peer": {
                    Words.Word v = value(lineNo, line, words, i, "the peer ADDRESS/LENGTH");
                    peer = Values.prefix(v.text(), local.family());
                    if (peer == null || peer.family() != local.family()) {
                        throw at(lineNo, v.column(), "bad peer '" + v.text() + "': expected ADDRESS[/LENGTH]");
                    }
                    prefixLength = peer.length();
                    i++;
                    break;
                }
                case "brd": {
                    Words.Word v = value(lineNo, line, words, i, "the broadcast address");
                    broadcast = IpAddress.tryParse(v.text());
                    if (broadcast == null) {
                        throw at(lineNo, v.column(), "bad broadcast address '" + v.text() + "': expected an address");
                    }
                    i++;
                    break;
                }
                case "scope": {
                    Words.Word v = value(lineNo, line, words, i, "a scope");
                    scope = RouteScope.lookup(v.text());
                    if (scope == null) {
                        throw at(lineNo, v.column(), "unknown scope '" + v.text()
                                + "': expected global, site, link, host or a number");
                    }
                    i++;
                    break;
                }
                case "metric":
                case "proto":
                    // metric and protocol of the prefix route the address creates: that route is in ip route
                    value(lineNo, line, words, i, "a value for " + w.text());
                    i++;
                    break;
                default:
                    if (ADDRESS_FLAGS.contains(w.text()) || w.text().startsWith("-")) {
                        flags.add(w.text());
                    } else if (!v6 && i == words.size() - 1) {
                        label = w.text();
                    } else {
                        flags.add(w.text());
                        diagnostics.add(Diagnostic.note(new SourceLocation(file, lineNo, w.column()),
                                "unknown address flag '" + w.text() + "' kept"));
                    }
            }
        }
        return new InterfaceAddress(local, prefixLength, Optional.ofNullable(peer), Optional.ofNullable(broadcast),
                scope, flags, Optional.ofNullable(label));
    }

    private Words.Word value(int lineNo, String line, List<Words.Word> words, int i, String expected) {
        if (i + 1 >= words.size()) {
            throw at(lineNo, line.stripTrailing().length() + 1, "'" + words.get(i).text() + "' needs a value: "
                    + "expected " + expected + " (truncated line?)");
        }
        return words.get(i + 1);
    }

    private Words.Word wordAt(int lineNo, String line, List<Words.Word> words, int i, String expected) {
        if (i >= words.size()) {
            throw at(lineNo, line.stripTrailing().length() + 1, "line ends early: expected " + expected
                    + " (truncated line?)");
        }
        return words.get(i);
    }

    private InputError at(int lineNo, int column, String message) {
        return new InputError(new SourceLocation(file, lineNo, column), message);
    }
}
