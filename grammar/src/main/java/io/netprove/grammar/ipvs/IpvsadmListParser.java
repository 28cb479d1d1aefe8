package io.netprove.grammar.ipvs;

import io.netprove.grammar.Words;
import io.netprove.grammar.InputError;
import io.netprove.model.ipvs.ForwardingMethod;
import io.netprove.model.ipvs.IpvsProtocol;
import io.netprove.model.ipvs.Persistence;
import io.netprove.model.ipvs.RealServer;
import io.netprove.model.ipvs.Scheduler;
import io.netprove.model.ipvs.SchedulerFlag;
import io.netprove.model.ipvs.TunnelEncapsulation;
import io.netprove.model.ipvs.VirtualService;
import io.netprove.model.ipvs.VirtualServiceKey;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the table {@code ipvsadm -Ln} prints: an optional version line, two header lines, then service lines
 * ({@code TCP  10.96.0.1:443 rr persistent 10800}, {@code FWM  7 IPv6 wlc}) each followed by its real servers
 * ({@code   -> 192.168.0.10:6443   Masq    1      0          0}). The default layout, {@code --thresholds} and
 * {@code --tun-info} are understood; the statistics layouts carry no forwarding state and are refused.
 */
final class IpvsadmListParser {

    /** Which columns the real-server lines have. */
    private enum Layout { DEFAULT, THRESHOLDS, TUNNEL_INFO }

    private final String file;
    private final ServiceTable table;
    private final List<Diagnostic> diagnostics;

    IpvsadmListParser(String file, ServiceTable table, List<Diagnostic> diagnostics) {
        this.file = file;
        this.table = table;
        this.diagnostics = diagnostics;
    }

    void read(String text) {
        String[] lines = text.split("\n", -1);
        Layout layout = null;
        int headerLines = 0;
        VirtualServiceKey current = null;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            List<Words.Word> words = Words.split(file, lineNo, line);
            if (words.isEmpty()) {
                continue;
            }
            String first = words.get(0).text();
            if (headerLines == 0 && first.equals("IP") && line.startsWith("IP Virtual Server version")) {
                // kernel IPVS version and connection table size: not forwarding state
                continue;
            }
            if (first.equals("Prot") && headerLines == 0) {
                layout = headerLayout(lineNo, line, words);
                headerLines = 1;
                continue;
            }
            if (headerLines == 1) {
                if (!first.equals("->") || words.size() < 2 || !words.get(1).text().equals("RemoteAddress:Port")) {
                    throw at(lineNo, words.get(0).column(), "unexpected '" + first
                            + "': expected the second header line '  -> RemoteAddress:Port ...'");
                }
                headerLines = 2;
                if (layout == Layout.DEFAULT && words.size() > 3 && words.get(3).text().equals("TunnelInfo")) {
                    layout = Layout.TUNNEL_INFO;
                }
                continue;
            }
            if (headerLines < 2) {
                throw at(lineNo, words.get(0).column(), "unexpected '" + first + "' before the table header: "
                        + "expected 'Prot LocalAddress:Port Scheduler Flags' (the output of ipvsadm -Ln)");
            }
            if (first.equals("->")) {
                SourceLocation where = new SourceLocation(file, lineNo, words.get(0).column());
                if (current == null) {
                    throw new InputError(where, "real server line before any virtual service: expected a service "
                            + "line such as 'TCP  10.96.0.1:443 rr' first");
                }
                VirtualService s = table.require(current, where);
                table.addServer(current, server(lineNo, line, words, layout, s, where));
                continue;
            }
            current = service(lineNo, line, words);
        }
        if (headerLines < 2) {
            throw at(Math.max(1, lines.length), 1, "no table header: expected the output of ipvsadm -Ln "
                    + "with its 'Prot LocalAddress:Port Scheduler Flags' header (truncated input?)");
        }
    }

    private Layout headerLayout(int lineNo, String line, List<Words.Word> words) {
        if (words.size() >= 2 && words.get(1).text().equals("LocalAddress:Port")) {
            if (words.size() == 4 && words.get(2).text().equals("Scheduler") && words.get(3).text().equals("Flags")) {
                return Layout.DEFAULT;
            }
            if (words.size() >= 3 && words.get(2).text().equals("Uthreshold")) {
                return Layout.THRESHOLDS;
            }
            if (words.size() >= 3) {
                throw at(lineNo, words.get(2).column(), "listing with '" + words.get(2).text()
                        + "' columns (--stats, --rate or --persistent-conn): expected the plain ipvsadm -Ln "
                        + "listing or --thresholds");
            }
        }
        throw at(lineNo, 1, "unexpected header: expected 'Prot LocalAddress:Port Scheduler Flags'");
    }

    private VirtualServiceKey service(int lineNo, String line, List<Words.Word> words) {
        Words.Word first = words.get(0);
        SourceLocation where = new SourceLocation(file, lineNo, first.column());
        int i;
        VirtualServiceKey key;
        if (first.text().equals("FWM")) {
            Words.Word markWord = word(lineNo, line, words, 1, "a firewall mark after FWM");
            long mark = Endpoints.longNumber(markWord.text(), 0xffffffffL);
            if (mark <= 0) {
                throw at(lineNo, markWord.column(), "bad firewall mark '" + markWord.text()
                        + "': expected a decimal integer from 1 to 4294967295");
            }
            i = 2;
            AddressFamily family = AddressFamily.IPV4;
            if (words.size() > 2 && words.get(2).text().equals("IPv6")) {
                family = AddressFamily.IPV6;
                i = 3;
            }
            key = new VirtualServiceKey.ByFwmark(mark, family);
        } else {
            IpvsProtocol protocol = IpvsProtocol.fromListName(first.text());
            if (protocol == null) {
                throw at(lineNo, first.column(), "unknown protocol '" + first.text()
                        + "': expected TCP, UDP, SCTP or FWM at the start of a service line");
            }
            Words.Word addr = word(lineNo, line, words, 1, "the service address:port");
            Endpoints.Endpoint e = Endpoints.parse(addr.text());
            if (e == null || e.port() < 0) {
                throw at(lineNo, addr.column(), "bad virtual service address '" + addr.text()
                        + "': expected numeric address:port, IPv6 as [address]:port (list with ipvsadm -Ln)");
            }
            key = new VirtualServiceKey.ByAddress(protocol, e.address(), e.port());
            i = 2;
        }
        Words.Word schedWord = word(lineNo, line, words, i, "the scheduler name");
        Scheduler scheduler = new Scheduler(schedWord.text());
        if (!scheduler.isKnown()) {
            diagnostics.add(Diagnostic.warning(new SourceLocation(file, lineNo, schedWord.column()),
                    "unknown IPVS scheduler '" + scheduler + "' kept by name; any real server may be chosen"));
        }
        i++;
        Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
        if (i < words.size() && words.get(i).text().startsWith("(")) {
            Words.Word w = words.get(i);
            String t = w.text();
            if (!t.endsWith(")") || t.length() < 3) {
                throw at(lineNo, w.column(), "bad scheduler flags '" + t + "': expected (flag,flag)");
            }
            int col = w.column() + 1;
            for (String f : t.substring(1, t.length() - 1).split(",", -1)) {
                SchedulerFlag flag = SchedulerFlag.parse(f, scheduler);
                if (flag == null) {
                    throw at(lineNo, col, "scheduler flag '" + f + "' does not apply to scheduler " + scheduler
                            + ": expected flag-1, flag-2, flag-3, sh-/mh-fallback or sh-/mh-port");
                }
                flags.add(flag);
                col += f.length() + 1;
            }
            i++;
        }
        Optional<Persistence> persistence = Optional.empty();
        boolean onePacket = false;
        while (i < words.size()) {
            Words.Word w = words.get(i);
            switch (w.text()) {
                case "persistent": {
                    Words.Word v = word(lineNo, line, words, i + 1, "the persistence timeout in seconds");
                    long timeout = Endpoints.longNumber(v.text(), 0xffffffffL);
                    if (timeout < 1) {
                        throw at(lineNo, v.column(), "bad persistence timeout '" + v.text()
                                + "': expected a positive number of seconds");
                    }
                    i += 2;
                    int length = key.family().bits();
                    String engine = null;
                    while (i < words.size() && (words.get(i).text().equals("mask")
                            || words.get(i).text().equals("pe"))) {
                        Words.Word kw = words.get(i);
                        Words.Word arg = word(lineNo, line, words, i + 1, "a value after " + kw.text());
                        if (kw.text().equals("mask")) {
                            length = mask(lineNo, arg, key.family());
                        } else {
                            engine = arg.text();
                        }
                        i += 2;
                    }
                    persistence = Optional.of(new Persistence(timeout, length, Optional.ofNullable(engine)));
                    continue;
                }
                case "ops":
                    onePacket = true;
                    i++;
                    continue;
                default:
                    throw at(lineNo, w.column(), "unexpected '" + w.text()
                            + "' on a service line: expected (flags), 'persistent N [mask M] [pe E]' or 'ops'");
            }
        }
        table.addService(new VirtualService(key, scheduler, flags, persistence, onePacket, List.of(), where), where);
        return key;
    }

    private int mask(int lineNo, Words.Word w, AddressFamily family) {
        if (family == AddressFamily.IPV6) {
            int len = Endpoints.number(w.text(), 128);
            if (len < 1) {
                throw at(lineNo, w.column(), "bad IPv6 persistence mask '" + w.text() + "': expected 1 to 128");
            }
            return len;
        }
        IpAddress m = IpAddress.tryParse(w.text());
        IpPrefix p = m != null && m.isV4() ? IpPrefix.tryParse("0.0.0.0/" + w.text()) : null;
        if (p == null) {
            throw at(lineNo, w.column(), "bad persistence mask '" + w.text()
                    + "': expected a contiguous dotted netmask such as 255.255.255.0");
        }
        return p.length();
    }

    private RealServer server(int lineNo, String line, List<Words.Word> words, Layout layout, VirtualService s,
                              SourceLocation where) {
        Words.Word addr = word(lineNo, line, words, 1, "the real server address:port");
        Endpoints.Endpoint e = Endpoints.parse(addr.text());
        if (e == null || e.port() < 0) {
            throw at(lineNo, addr.column(), "bad real server address '" + addr.text()
                    + "': expected numeric address:port, IPv6 as [address]:port (list with ipvsadm -Ln)");
        }
        if (e.address().family() != s.family()) {
            diagnostics.add(Diagnostic.note(where, "real server " + addr.text() + " is of another family than "
                    + s.key() + " (allowed for tunnelling servers)"));
        }
        if (layout == Layout.THRESHOLDS) {
            long upper = count(lineNo, line, words, 2, "the upper threshold");
            long lower = count(lineNo, line, words, 3, "the lower threshold");
            long active = count(lineNo, line, words, 4, "the ActiveConn count");
            long inactive = count(lineNo, line, words, 5, "the InActConn count");
            extra(lineNo, words, 6);
            diagnostics.add(Diagnostic.note(where, "--thresholds listing has no forwarding method or weight; "
                    + "assuming Masq and weight 1"));
            return new RealServer(e.address(), e.port(), ForwardingMethod.MASQ, 1, upper, lower,
                    Optional.empty(), Optional.of(new RealServer.ConnectionCounts(active, inactive)), where);
        }
        Words.Word fwd = word(lineNo, line, words, 2, "the forwarding method (Masq, Route, Tunnel or Local)");
        ForwardingMethod method = ForwardingMethod.fromListName(fwd.text());
        if (method == null) {
            throw at(lineNo, fwd.column(), "unknown forwarding method '" + fwd.text()
                    + "': expected Masq, Route, Tunnel or Local");
        }
        int i = 3;
        Optional<TunnelEncapsulation> tunnel = Optional.empty();
        if (layout == Layout.TUNNEL_INFO) {
            Words.Word info = word(lineNo, line, words, 3, "the tunnel information (n/a, ipip, gue:PORT:FLAGS)");
            tunnel = tunnelInfo(lineNo, info);
            i = 4;
        }
        Words.Word weightWord = word(lineNo, line, words, i, "the weight");
        int weight = Endpoints.number(weightWord.text(), 65535);
        if (weight < 0) {
            throw at(lineNo, weightWord.column(), "bad weight '" + weightWord.text()
                    + "': expected an integer from 0 to 65535");
        }
        long active = count(lineNo, line, words, i + 1, "the ActiveConn count");
        long inactive = count(lineNo, line, words, i + 2, "the InActConn count");
        extra(lineNo, words, i + 3);
        return new RealServer(e.address(), e.port(), method, weight, 0, 0, tunnel,
                Optional.of(new RealServer.ConnectionCounts(active, inactive)), where);
    }

    private Optional<TunnelEncapsulation> tunnelInfo(int lineNo, Words.Word w) {
        String t = w.text();
        if (t.equals("n/a")) {
            return Optional.empty();
        }
        String[] parts = t.split(":", -1);
        TunnelEncapsulation.Type type;
        switch (parts[0]) {
            case "ipip": type = TunnelEncapsulation.Type.IPIP; break;
            case "gue": type = TunnelEncapsulation.Type.GUE; break;
            case "gre": type = TunnelEncapsulation.Type.GRE; break;
            default:
                throw at(lineNo, w.column(), "unknown tunnel information '" + t
                        + "': expected n/a, ipip, gue:PORT:FLAGS or gre:FLAGS");
        }
        OptionalInt port = OptionalInt.empty();
        String csum = "-c";
        if (type == TunnelEncapsulation.Type.GUE && parts.length == 3) {
            int p = Endpoints.number(parts[1], 65535);
            if (p < 1) {
                throw at(lineNo, w.column(), "bad GUE port in '" + t + "': expected gue:PORT:FLAGS");
            }
            port = OptionalInt.of(p);
            csum = parts[2];
        } else if (type == TunnelEncapsulation.Type.GRE && parts.length == 2) {
            csum = parts[1];
        } else if (parts.length != 1 || type != TunnelEncapsulation.Type.IPIP) {
            throw at(lineNo, w.column(), "bad tunnel information '" + t + "': expected ipip, gue:PORT:FLAGS or "
                    + "gre:FLAGS");
        }
        TunnelEncapsulation.Checksum c;
        switch (csum) {
            case "-c": c = TunnelEncapsulation.Checksum.NONE; break;
            case "+c": c = TunnelEncapsulation.Checksum.CHECKSUM; break;
            case "r+c": c = TunnelEncapsulation.Checksum.REMOTE_CHECKSUM; break;
            default:
                throw at(lineNo, w.column(), "bad checksum flags in '" + t + "': expected -c, +c or r+c");
        }
        return Optional.of(new TunnelEncapsulation(type, port, c));
    }

    private long count(int lineNo, String line, List<Words.Word> words, int index, String what) {
        Words.Word w = word(lineNo, line, words, index, what);
        long v = Endpoints.longNumber(w.text(), 0xffffffffL);
        if (v < 0) {
            throw at(lineNo, w.column(), "bad number '" + w.text() + "': expected " + what);
        }
        return v;
    }

    private void extra(int lineNo, List<Words.Word> words, int index) {
        if (index < words.size()) {
            Words.Word w = words.get(index);
            throw at(lineNo, w.column(), "unexpected '" + w.text() + "' at the end of a real server line: "
                    + "expected nothing after the InActConn column");
        }
    }

    private Words.Word word(int lineNo, String line, List<Words.Word> words, int index, String what) {
        if (index >= words.size()) {
            throw at(lineNo, line.stripTrailing().length() + 1, "line ends early: expected " + what
                    + " (truncated line?)");
        }
        return words.get(index);
    }

    private InputError at(int lineNo, int column, String message) {
        return new InputError(new SourceLocation(file, lineNo, column), message);
    }
}
