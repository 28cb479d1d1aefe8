package io.netprove.grammar.flows;

import io.netprove.grammar.InputError;
import io.netprove.grammar.TextInput;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.packet.Probe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a tab-separated flow list with a header line naming at least the columns {@code name protocol source_ip
 * dest_ip dest_port} (in any order; extra columns are ignored). An empty protocol means tcp; the port may be empty for
 * ICMP.
 */
public final class FlowsFileReader {

    private static final String[] REQUIRED = {"name", "protocol", "source_ip", "dest_ip", "dest_port"};

    private FlowsFileReader() {
    }

    public static List<Probe> read(Path path) {
        return parse(path.toString(), TextInput.read(path));
    }

    public static List<Probe> parse(String file, String text) {
        String[] lines = text.split("\n", -1);
        int headerLine = -1;
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank() && !lines[i].startsWith("#")) {
                headerLine = i;
                break;
            }
        }
        if (headerLine < 0) {
            throw new InputError(SourceLocation.of(file, 1),
                    "empty flow list: expected a header line 'name<TAB>protocol<TAB>source_ip<TAB>dest_ip<TAB>dest_port'");
        }
        String[] header = stripCr(lines[headerLine]).split("\t", -1);
        int[] column = new int[REQUIRED.length];
        for (int r = 0; r < REQUIRED.length; r++) {
            column[r] = -1;
            for (int c = 0; c < header.length; c++) {
                if (header[c].trim().equals(REQUIRED[r])) {
                    column[r] = c;
                }
            }
            if (column[r] < 0) {
                throw new InputError(new SourceLocation(file, headerLine + 1, 1), "header has no '" + REQUIRED[r]
                        + "' column: expected the tab-separated columns name, protocol, source_ip, dest_ip,"
                        + " dest_port");
            }
        }
        List<Probe> probes = new ArrayList<>();
        for (int i = headerLine + 1; i < lines.length; i++) {
            String line = stripCr(lines[i]);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            int lineNo = i + 1;
            String name = field(f, column[0], file, lineNo, "a flow name");
            String protoText = field(f, column[1], file, lineNo, "a protocol").trim();
            Protocol proto = Protocol.lookup(protoText.isEmpty() ? "tcp" : protoText);
            if (proto == null) {
                throw new InputError(new SourceLocation(file, lineNo, col(f, column[1])), "unknown protocol '"
                        + protoText + "': expected tcp, udp, sctp or icmp");
            }
            IpAddress src = address(f, column[2], file, lineNo);
            IpAddress dst = address(f, column[3], file, lineNo);
            if (src.family() != dst.family()) {
                throw new InputError(new SourceLocation(file, lineNo, col(f, column[3])),
                        "source and destination are of different address families: expected both IPv4 or both IPv6");
            }
            String portText = field(f, column[4], file, lineNo, "a port").trim();
            int port = -1;
            if (!portText.isEmpty() || proto.hasPorts()) {
                try {
                    port = Integer.parseInt(portText);
                    if (port < 0 || port > 65535) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new InputError(new SourceLocation(file, lineNo, col(f, column[4])), "'" + portText
                            + "' is not a port: expected a number from 0 to 65535");
                }
            }
            probes.add(new Probe(name, proto, src, dst, port, SourceLocation.of(file, lineNo)));
        }
        return probes;
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static String field(String[] f, int c, String file, int line, String what) {
        if (c >= f.length) {
            throw new InputError(new SourceLocation(file, line, 1), "line has " + f.length + " columns: expected "
                    + what + " in column " + (c + 1));
        }
        return f[c];
    }

    private static int col(String[] f, int c) {
        int col = 1;
        for (int i = 0; i < c && i < f.length; i++) {
            col += f[i].length() + 1;
        }
        return col;
    }

    private static IpAddress address(String[] f, int c, String file, int line) {
        String t = field(f, c, file, line, "an IP address").trim();
        IpAddress a = IpAddress.tryParse(t);
        if (a == null) {
            throw new InputError(new SourceLocation(file, line, col(f, c)), "'" + t
                    + "' is not an IP address: expected for example 10.0.0.2 or 2001:db8::1");
        }
        return a;
    }
}
