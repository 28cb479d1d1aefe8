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

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads {@code ipvsadm-save -n} output and, more generally, {@code ipvsadm -R} input: one command per line
 * ({@code -A}/{@code -E}/{@code -D} for services, {@code -a}/{@code -e}/{@code -d} for real servers, {@code -C}),
 * with ipvsadm's short and long options and its defaults (scheduler wlc, forwarding -g, weight 1, persistence 360 s).
 * The checks ipvsadm itself makes are errors here too (zero port without persistence, one-packet scheduling on TCP,
 * scheduler flags of another scheduler, a real server of an unknown service).
 */
final class IpvsadmSaveParser {

    /** ipvsadm's MAX_TIMEOUT: 31 days. */
    private static final long MAX_TIMEOUT = 86400L * 31;

    private static final String OPTIONS_HINT = "expected an ipvsadm option such as -t, -u, --sctp-service, -f, "
            + "-s, -p, -M, -b, -o, -r, -m, -g, -i, -w, -x or -y";

    private final String file;
    private final ServiceTable table;
    private final List<Diagnostic> diagnostics;

    IpvsadmSaveParser(String file, ServiceTable table, List<Diagnostic> diagnostics) {
        this.file = file;
        this.table = table;
        this.diagnostics = diagnostics;
    }

    void read(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            List<Words.Word> words = Words.split(file, lineNo, line);
            if (words.isEmpty() || words.get(0).text().startsWith("#")) {
                continue;
            }
            command(lineNo, line, words);
        }
    }

    /** What one line said, before defaults and checks. */
    private static final class Parsed {
        Words.Word command;
        IpvsProtocol protocol;
        Words.Word serviceWord;
        IpAddress serviceAddress;
        int servicePort = -1;
        long fwmark;
        boolean ipv6;
        Words.Word ipv6Word;
        String scheduler;
        Words.Word schedulerWord;
        Words.Word persistentWord;
        long timeout = -1;
        Words.Word netmaskWord;
        String engine;
        boolean onePacket;
        Words.Word onePacketWord;
        Words.Word flagsWord;
        Words.Word serverWord;
        IpAddress serverAddress;
        int serverPort = -1;
        ForwardingMethod method;
        Words.Word methodWord;
        int weight = -1;
        long upper = -1;
        long lower = -1;
        TunnelEncapsulation.Type tunnelType;
        Words.Word tunnelWord;
        int tunnelPort = -1;
        TunnelEncapsulation.Checksum checksum;
    }

    private void command(int lineNo, String line, List<Words.Word> words) {
        int first = 0;
        if (words.get(0).text().equals("ipvsadm")) {
            first = 1;
            if (words.size() == 1) {
                throw at(lineNo, line.length() + 1, "'ipvsadm' alone: expected a command such as -A or -a");
            }
        }
        Parsed p = new Parsed();
        p.command = words.get(first);
        String cmd = canonicalCommand(p.command.text());
        if (cmd == null) {
            throw at(lineNo, p.command.column(), "unexpected '" + p.command.text() + "': expected a command -A, -E, "
                    + "-D, -a, -e, -d or -C (as ipvsadm-save writes them)");
        }
        for (int i = first + 1; i < words.size(); i++) {
            i = option(lineNo, line, words, i, p);
        }
        SourceLocation where = new SourceLocation(file, lineNo, p.command.column());
        if (cmd.equals("-C")) {
            table.clear();
            return;
        }
        VirtualServiceKey key = serviceKey(lineNo, line, p);
        switch (cmd) {
            case "-A":
            case "-E": {
                VirtualService s = service(lineNo, key, p, where);
                if (cmd.equals("-A")) {
                    table.addService(s, where);
                } else {
                    VirtualService old = table.get(key);
                    if (old == null) {
                        throw new InputError(where, "-E of virtual service " + key
                                + " that was never added: expected an '-A' line for it first");
                    }
                    table.replaceService(s.withRealServers(old.realServers()));
                }
                return;
            }
            case "-D":
                if (table.get(key) == null) {
                    throw new InputError(where, "-D of virtual service " + key
                            + " that was never added: expected an '-A' line for it first");
                }
                table.removeService(key);
                return;
            default:
                break;
        }
        VirtualService s = table.require(key, where);
        if (p.serverWord == null) {
            throw at(lineNo, line.length() + 1, "missing real server: expected '-r address[:port]' on a "
                    + p.command.text() + " line");
        }
        RealServer r = server(lineNo, s, p, where);
        if (cmd.equals("-a")) {
            table.addServer(key, r);
            return;
        }
        int index = ServiceTable.indexOf(s, r.address(), r.port());
        if (index < 0) {
            throw new InputError(where, (cmd.equals("-e") ? "-e" : "-d") + " of real server " + r.endpoint()
                    + " that " + key + " does not have: expected an '-a' line for it first");
        }
        List<RealServer> servers = new ArrayList<>(s.realServers());
        if (cmd.equals("-e")) {
            servers.set(index, r);
        } else {
            servers.remove(index);
        }
        table.replaceService(s.withRealServers(servers));
    }

    private static String canonicalCommand(String word) {
        switch (word) {
            case "-A": case "--add-service": return "-A";
            case "-E": case "--edit-service": return "-E";
            case "-D": case "--delete-service": return "-D";
            case "-a": case "--add-server": return "-a";
            case "-e": case "--edit-server": return "-e";
            case "-d": case "--delete-server": return "-d";
            case "-C": case "--clear": return "-C";
            default: return null;
        }
    }

    /** Reads the option at {@code words[i]} into {@code p}; returns the index of the last word it used. */
    private int option(int lineNo, String line, List<Words.Word> words, int i, Parsed p) {
        Words.Word w = words.get(i);
        String name = w.text();
        String inlineValue = null;
        int eq = name.indexOf('=');
        if (name.startsWith("--") && eq > 0) {
            inlineValue = name.substring(eq + 1);
            name = name.substring(0, eq);
        }
        switch (name) {
            case "-t": case "--tcp-service":
            case "-u": case "--udp-service":
            case "--sctp-service": {
                Words.Word v = value(lineNo, line, words, i, w, inlineValue, "the virtual service address:port");
                duplicateService(lineNo, p, w);
                p.protocol = name.equals("-t") || name.equals("--tcp-service") ? IpvsProtocol.TCP
                        : name.equals("--sctp-service") ? IpvsProtocol.SCTP : IpvsProtocol.UDP;
                p.serviceWord = v;
                Endpoints.Endpoint e = Endpoints.parse(v.text());
                if (e == null) {
                    throw at(lineNo, v.column(), "bad virtual service address '" + v.text()
                            + "': expected address:port, IPv6 as [address]:port (numeric, as ipvsadm-save -n writes)");
                }
                p.serviceAddress = e.address();
                p.servicePort = Math.max(e.port(), 0);
                return next(i, inlineValue);
            }
            case "-f": case "--fwmark-service": {
                Words.Word v = value(lineNo, line, words, i, w, inlineValue, "a firewall mark");
                duplicateService(lineNo, p, w);
                long mark = Endpoints.longNumber(v.text(), 0xffffffffL);
                if (mark <= 0) {
                    throw at(lineNo, v.column(), "bad firewall mark '" + v.text()
                            + "': expected a decimal integer from 1 to 4294967295");
                }
                p.fwmark = mark;
                p.serviceWord = v;
                return next(i, inlineValue);
            }
            case "-6": case "--ipv6":
                if (p.fwmark == 0) {
                    throw at(lineNo, w.column(), "-6 before -f: expected -6 only after a firewall-mark service");
                }
                p.ipv6 = true;
                p.ipv6Word = w;
                return i;
            case "-s": case "--scheduler": {
                Words.Word v = value(lineNo, line, words, i, w, inlineValue, "a scheduler name such as rr or wlc");
                p.scheduler = v.text();
                p.schedulerWord = v;
                return next(i, inlineValue);
            }
            case "-p": case "--persistent": {
                p.persistentWord = w;
                p.timeout = Persistence.DEFAULT_TIMEOUT;
                String t = inlineValue;
                int used = i;
                if (t == null && i + 1 < words.size() && !words.get(i + 1).text().startsWith("-")) {
                    t = words.get(i + 1).text();
                    used = i + 1;
                }
                if (t != null) {
                    long v = Endpoints.longNumber(t, MAX_TIMEOUT);
                    if (v < 1) {
                        int col = used == i ? w.column() : words.get(used).column();
                        throw at(lineNo, col, "bad persistence timeout '" + t
                                + "': expected seconds from 1 to " + MAX_TIMEOUT);
                    }
                    p.timeout = v;
                }
                return used;
            }
            case "-M": case "--netmask":
                p.netmaskWord = value(lineNo, line, words, i, w, inlineValue, "a netmask");
                return next(i, inlineValue);
            case "--pe":
                p.engine = value(lineNo, line, words, i, w, inlineValue, "a persistence engine name").text();
                return next(i, inlineValue);
            case "-o": case "--ops":
                p.onePacket = true;
                p.onePacketWord = w;
                return i;
            case "-b": case "--sched-flags":
                p.flagsWord = value(lineNo, line, words, i, w, inlineValue, "comma-separated scheduler flags");
                return next(i, inlineValue);
            case "-r": case "--real-server": {
                Words.Word v = value(lineNo, line, words, i, w, inlineValue, "a real server address[:port]");
                Endpoints.Endpoint e = Endpoints.parse(v.text());
                if (e == null) {
                    throw at(lineNo, v.column(), "bad real server address '" + v.text()
                            + "': expected address[:port], IPv6 as [address]:port");
                }
                p.serverWord = v;
                p.serverAddress = e.address();
                p.serverPort = e.port();
                return next(i, inlineValue);
            }
            case "-g": case "--gatewaying":
                return method(lineNo, p, w, ForwardingMethod.ROUTE, i);
            case "-i": case "--ipip":
                return method(lineNo, p, w, ForwardingMethod.TUNNEL, i);
            case "-m": case "--masquerading":
                return method(lineNo, p, w, ForwardingMethod.MASQ, i);
            case "-w": case "--weight": {
                Words.Word v = value(lineNo, line, words, i, w, inlineValue, "a weight from 0 to 65535");
                p.weight = Endpoints.number(v.text(), 65535);
                if (p.weight < 0) {
                    throw at(lineNo, v.column(), "bad weight '" + v.text() + "': expected an integer from 0 to 65535");
                }
                return next(i, inlineValue);
            }
            case "-x": case "--u-threshold":
            case "-y": case "--l-threshold": {
                Words.Word v = value(lineNo, line, words, i, w, inlineValue, "a connection threshold");
                long t = Endpoints.longNumber(v.text(), Integer.MAX_VALUE);
                if (t < 0) {
                    throw at(lineNo, v.column(), "bad threshold '" + v.text()
                            + "': expected an integer from 0 to " + Integer.MAX_VALUE);
                }
                if (name.equals("-x") || name.equals("--u-threshold")) {
                    p.upper = t;
                } else {
                    p.lower = t;
                }
                return next(i, inlineValue);
            }
            case "--tun-type": {
                Words.Word v = value(lineNo, line, words, i, w, inlineValue, "ipip, gue or gre");
                switch (v.text()) {
                    case "ipip": p.tunnelType = TunnelEncapsulation.Type.IPIP; break;
                    case "gue": p.tunnelType = TunnelEncapsulation.Type.GUE; break;
                    case "gre": p.tunnelType = TunnelEncapsulation.Type.GRE; break;
                    default:
                        throw at(lineNo, v.column(), "unknown tunnel type '" + v.text() + "': expected ipip, gue or gre");
                }
                p.tunnelWord = w;
                return next(i, inlineValue);
            }
            case "--tun-port": {
                Words.Word v = value(lineNo, line, words, i, w, inlineValue, "a UDP port");
                p.tunnelPort = Endpoints.number(v.text(), 65535);
                if (p.tunnelPort < 1) {
                    throw at(lineNo, v.column(), "bad tunnel port '" + v.text() + "': expected 1 to 65535");
                }
                return next(i, inlineValue);
            }
            case "--tun-nocsum":
                p.checksum = TunnelEncapsulation.Checksum.NONE;
                return i;
            case "--tun-csum":
                p.checksum = TunnelEncapsulation.Checksum.CHECKSUM;
                return i;
            case "--tun-remcsum":
                p.checksum = TunnelEncapsulation.Checksum.REMOTE_CHECKSUM;
                return i;
            case "-n": case "--numeric":
                // a listing option some scripts leave on restore lines; it changes nothing
                return i;
            default:
                throw at(lineNo, w.column(), "unknown option '" + w.text() + "': " + OPTIONS_HINT);
        }
    }

    private static int next(int i, String inlineValue) {
        return inlineValue != null ? i : i + 1;
    }

    private int method(int lineNo, Parsed p, Words.Word w, ForwardingMethod m, int i) {
        if (p.method != null) {
            throw at(lineNo, w.column(), "second forwarding method '" + w.text() + "' after '"
                    + p.methodWord.text() + "': expected one of -g, -i, -m");
        }
        p.method = m;
        p.methodWord = w;
        return i;
    }

    private void duplicateService(int lineNo, Parsed p, Words.Word w) {
        if (p.serviceWord != null) {
            throw at(lineNo, w.column(), "second virtual service '" + w.text()
                    + "': expected one of -t, -u, --sctp-service or -f per line");
        }
    }

    private Words.Word value(int lineNo, String line, List<Words.Word> words, int i, Words.Word option,
                             String inlineValue, String expected) {
        if (inlineValue != null) {
            if (inlineValue.isEmpty()) {
                throw at(lineNo, option.column() + option.text().length(), "option " + option.text()
                        + " has an empty value: expected " + expected);
            }
            return new Words.Word(inlineValue, option.column() + option.text().indexOf('=') + 1);
        }
        if (i + 1 >= words.size()) {
            throw at(lineNo, line.stripTrailing().length() + 1, "option " + option.text()
                    + " needs a value: expected " + expected + " (truncated line?)");
        }
        return words.get(i + 1);
    }

    private VirtualServiceKey serviceKey(int lineNo, String line, Parsed p) {
        if (p.serviceWord == null) {
            throw at(lineNo, line.stripTrailing().length() + 1, "missing virtual service: expected "
                    + "-t|-u|--sctp-service address:port or -f mark after " + p.command.text());
        }
        if (p.fwmark > 0) {
            return new VirtualServiceKey.ByFwmark(p.fwmark, p.ipv6 ? AddressFamily.IPV6 : AddressFamily.IPV4);
        }
        return new VirtualServiceKey.ByAddress(p.protocol, p.serviceAddress, p.servicePort);
    }

    private VirtualService service(int lineNo, VirtualServiceKey key, Parsed p, SourceLocation where) {
        if (p.serverWord != null) {
            throw at(lineNo, p.serverWord.column(), "real server on a " + p.command.text()
                    + " line: expected -r only with -a, -e or -d");
        }
        Scheduler scheduler = p.scheduler == null ? Scheduler.DEFAULT : new Scheduler(p.scheduler);
        if (!scheduler.isKnown()) {
            diagnostics.add(Diagnostic.warning(new SourceLocation(file, lineNo, p.schedulerWord.column()),
                    "unknown IPVS scheduler '" + p.scheduler + "' kept by name; any real server may be chosen"));
        }
        Optional<Persistence> persistence = Optional.empty();
        int width = key.family().bits();
        if (p.persistentWord != null) {
            int length = width;
            if (p.netmaskWord != null) {
                length = netmask(lineNo, p.netmaskWord, key.family());
            }
            persistence = Optional.of(new Persistence(p.timeout, length, Optional.ofNullable(p.engine)));
        } else if (p.netmaskWord != null || p.engine != null) {
            diagnostics.add(Diagnostic.note(where, "netmask or persistence engine without -p has no effect"));
        }
        if (key instanceof VirtualServiceKey.ByAddress && ((VirtualServiceKey.ByAddress) key).port() == 0
                && persistence.isEmpty()) {
            throw at(lineNo, p.serviceWord.column(), "zero port for a non-persistent service: expected a port, "
                    + "or -p for a catch-all persistent service");
        }
        if (p.onePacket && key instanceof VirtualServiceKey.ByAddress
                && ((VirtualServiceKey.ByAddress) key).protocol() != IpvsProtocol.UDP) {
            throw at(lineNo, p.onePacketWord.column(), "one-packet scheduling on a "
                    + ((VirtualServiceKey.ByAddress) key).protocol().listName()
                    + " service: expected -o only for UDP or firewall-mark services");
        }
        Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
        if (p.flagsWord != null) {
            int col = p.flagsWord.column();
            for (String f : p.flagsWord.text().split(",", -1)) {
                SchedulerFlag flag = SchedulerFlag.parse(f, scheduler);
                if (flag == null) {
                    throw at(lineNo, col, "scheduler flag '" + f + "' does not apply to scheduler " + scheduler
                            + ": expected flag-1, flag-2, flag-3" + (scheduler.name().equals("sh")
                            || scheduler.name().equals("mh") ? ", " + scheduler + "-fallback or " + scheduler
                            + "-port" : ""));
                }
                flags.add(flag);
                col += f.length() + 1;
            }
        }
        return new VirtualService(key, scheduler, flags, persistence, p.onePacket, List.of(), where);
    }

    private int netmask(int lineNo, Words.Word w, AddressFamily family) {
        if (family == AddressFamily.IPV6) {
            int len = Endpoints.number(w.text(), 128);
            if (len < 1) {
                throw at(lineNo, w.column(), "bad IPv6 persistence netmask '" + w.text()
                        + "': expected a prefix length from 1 to 128");
            }
            return len;
        }
        IpAddress mask = IpAddress.tryParse(w.text());
        IpPrefix prefix = mask != null && mask.isV4() ? IpPrefix.tryParse("0.0.0.0/" + w.text()) : null;
        if (prefix == null) {
            throw at(lineNo, w.column(), "bad persistence netmask '" + w.text()
                    + "': expected a contiguous dotted netmask such as 255.255.255.0");
        }
        return prefix.length();
    }

    private RealServer server(int lineNo, VirtualService s, Parsed p, SourceLocation where) {
        if (p.persistentWord != null || p.schedulerWord != null || p.flagsWord != null) {
            Words.Word w = p.persistentWord != null ? p.persistentWord
                    : p.schedulerWord != null ? p.schedulerWord : p.flagsWord;
            throw at(lineNo, w.column(), "service option on a real-server line: expected -s, -p, -M and -b only "
                    + "with -A or -E");
        }
        ForwardingMethod method = p.method == null ? ForwardingMethod.ROUTE : p.method;
        boolean byMark = s.key() instanceof VirtualServiceKey.ByFwmark;
        int servicePort = byMark ? 0 : ((VirtualServiceKey.ByAddress) s.key()).port();
        int port = p.serverPort < 0 ? servicePort : p.serverPort;
        if (!byMark && (method == ForwardingMethod.ROUTE || method == ForwardingMethod.TUNNEL)) {
            port = servicePort;
        }
        if (p.serverAddress.family() != s.family() && method != ForwardingMethod.TUNNEL) {
            throw at(lineNo, p.serverWord.column(), "real server " + p.serverWord.text() + " is "
                    + p.serverAddress.family() + " but the service is " + s.family()
                    + ": expected the same family (only tunnelling servers may differ)");
        }
        Optional<TunnelEncapsulation> tunnel = Optional.empty();
        if (p.tunnelWord != null || p.tunnelPort >= 0 || p.checksum != null) {
            if (method != ForwardingMethod.TUNNEL) {
                throw at(lineNo, where.column(), "tunnel options with forwarding method " + method.listName()
                        + ": expected --tun-* only with -i");
            }
            TunnelEncapsulation.Type type = p.tunnelType == null ? TunnelEncapsulation.Type.IPIP : p.tunnelType;
            if (type == TunnelEncapsulation.Type.GUE && p.tunnelPort < 0) {
                throw at(lineNo, p.tunnelWord.column(), "GUE tunnel without --tun-port: expected the UDP port");
            }
            if (type != TunnelEncapsulation.Type.GUE && p.tunnelPort >= 0) {
                throw at(lineNo, where.column(), "--tun-port with tunnel type " + type
                        + ": expected --tun-port only with --tun-type gue");
            }
            tunnel = Optional.of(new TunnelEncapsulation(type,
                    p.tunnelPort < 0 ? OptionalInt.empty() : OptionalInt.of(p.tunnelPort),
                    p.checksum == null ? TunnelEncapsulation.Checksum.NONE : p.checksum));
        }
        SourceLocation at = new SourceLocation(file, lineNo, p.command.column());
        return new RealServer(p.serverAddress, port, method, p.weight < 0 ? 1 : p.weight,
                Math.max(p.upper, 0), Math.max(p.lower, 0), tunnel, Optional.empty(), at);
    }

    private InputError at(int lineNo, int column, String message) {
        return new InputError(new SourceLocation(file, lineNo, column), message);
    }
}
