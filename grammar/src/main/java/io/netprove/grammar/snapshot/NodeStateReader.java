package io.netprove.grammar.snapshot;

import io.netprove.grammar.InputError;
import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.node.NodeState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one node's state. A folder is a snapshot node folder: {@code iptables-save[.txt]} and
 * {@code ip6tables-save[.txt]} are read when present, and their absence is recorded as "not captured". A file is an
 * iptables-save dump of either family.
 */
public final class NodeStateReader {

    static final String[] IPTABLES = {"iptables-save.txt", "iptables-save"};
    static final String[] IP6TABLES = {"ip6tables-save.txt", "ip6tables-save"};

    private NodeStateReader() {
    }

    /** Reads {@code path} (folder or file) as the state of node {@code name} with the given addresses. */
    public static NodeState read(String name, List<IpAddress> addresses, Path path, SourceLocation declaredAt) {
        if (!Files.exists(path)) {
            throw new InputError(declaredAt, "state of node " + name + " not found at " + path
                    + ": expected a snapshot folder with iptables-save.txt or an iptables-save dump");
        }
        List<String> missing = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Optional<Ruleset> v4 = Optional.empty();
        Optional<Ruleset> v6 = Optional.empty();
        if (Files.isDirectory(path)) {
            Path f4 = first(path, IPTABLES);
            Path f6 = first(path, IP6TABLES);
            if (f4 != null) {
                v4 = Optional.of(IptablesFrontEnd.readFiles(List.of(f4), AddressFamily.IPV4));
                sources.add(io.netprove.grammar.DisplayPath.of(f4));
            } else {
                missing.add("iptables-save (IPv4 netfilter rules) of node " + name);
            }
            if (f6 != null) {
                v6 = Optional.of(IptablesFrontEnd.readFiles(List.of(f6), AddressFamily.IPV6));
                sources.add(io.netprove.grammar.DisplayPath.of(f6));
            } else {
                missing.add("ip6tables-save (IPv6 netfilter rules) of node " + name);
            }
        } else {
            Ruleset rs = IptablesFrontEnd.readFiles(List.of(path), null);
            sources.add(io.netprove.grammar.DisplayPath.of(path));
            if (rs.family() == AddressFamily.IPV4) {
                v4 = Optional.of(rs);
                missing.add("ip6tables-save (IPv6 netfilter rules) of node " + name);
            } else {
                v6 = Optional.of(rs);
                missing.add("iptables-save (IPv4 netfilter rules) of node " + name);
            }
        }
        return new NodeState(name, addresses, v4, v6, missing, sources);
    }

    private static Path first(Path dir, String[] names) {
        for (String n : names) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
