package io.netprove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netprove.grammar.flows.FlowsFileReader;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.Probe;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.NodeContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code netprove trace}: where does a packet end up on one node, with every outcome and the rules that decided it. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Trace a packet (or a list of flows) through one node's netfilter state.",
        footer = {"", "Examples:",
                "  netprove trace --iptables examples/shop/nodes/node-1/iptables-save.txt --local-address 192.168.0.2 \\",
                "      --from 203.0.113.2 --to 192.168.0.2:30080",
                "  netprove trace --iptables dump.txt --local-address 192.168.0.2 --flows flows.tsv",
                "", "Dispositions: LOCAL (delivered to the node), FORWARDED (leaves the node), DROPPED, REJECTED,",
                "UNKNOWN (an unmodelled construct decided it). Exit status 0, or 2 on bad input."})
public final class TraceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    NodeStateOptions state = new NodeStateOptions();

    @Option(names = "--from", paramLabel = "IP", description = "Source address of the packet.")
    String from;

    @Option(names = "--to", paramLabel = "IP[:PORT]", description = "Destination: IP, IP:PORT or [IPv6]:PORT.")
    String to;

    @Option(names = "--proto", paramLabel = "PROTO", defaultValue = "tcp",
            description = "tcp, udp, sctp, icmp or icmpv6 (default: ${DEFAULT-VALUE}).")
    String proto;

    @Option(names = "--sport", paramLabel = "PORT", description = "Source port (default 40000).")
    Integer sport;

    @Option(names = "--state", paramLabel = "STATE", defaultValue = "new",
            description = "Conntrack state of the packet: new, established, related, invalid (default: ${DEFAULT-VALUE}).")
    String ctState;

    @Option(names = "--in-interface", paramLabel = "IFACE", description = "Interface the packet arrives on.")
    String inInterface;

    @Option(names = "--out-interface", paramLabel = "IFACE", description = "Interface the packet leaves through.")
    String outInterface;

    @Option(names = "--mark", paramLabel = "MARK", description = "Initial packet mark (decimal or 0x hex).")
    String mark;

    @Option(names = "--flows", paramLabel = "FILE",
            description = "Tab-separated flows (header: name protocol source_ip dest_ip dest_port); one JSON line each.")
    Path flows;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}; --flows always prints JSON lines).")
    String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageError("--format " + format + ": expected text or json");
        }
        List<Probe> probes = new ArrayList<>();
        if (flows != null) {
            if (from != null || to != null) {
                throw new UsageError("--flows cannot be combined with --from/--to");
            }
            probes.addAll(FlowsFileReader.read(flows));
        } else {
            if (from == null || to == null) {
                throw new UsageError("expected --from IP and --to IP[:PORT] (or --flows FILE)");
            }
            probes.add(singleProbe());
        }
        Map<AddressFamily, NetfilterSimulator> simulators = simulators();
        boolean json = flows != null || format.equals("json");
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        for (Probe probe : probes) {
            NetfilterSimulator sim = simulators.get(probe.source().family());
            if (sim == null) {
                throw new UsageError("no " + (probe.source().family() == AddressFamily.IPV4 ? "IPv4" : "IPv6")
                        + " state given for flow '" + probe.name() + "': expected --"
                        + (probe.source().family() == AddressFamily.IPV4 ? "iptables" : "ip6tables") + " FILE");
            }
            Packet packet = adjust(probe.packet());
            List<Outcome> outcomes = sim.simulate(packet);
            if (json) {
                try {
                    out.println(mapper.writeValueAsString(TraceReport.json(probe.name(), packet, outcomes,
                            sim.ruleset())));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                out.print(TraceReport.text(packet, outcomes, sim.ruleset(), sim.node()));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private Probe singleProbe() {
        Protocol p = Protocol.lookup(proto.equals("icmpv6") ? "ipv6-icmp" : proto);
        if (p == null) {
            throw new UsageError("--proto " + proto + ": expected tcp, udp, sctp, icmp or icmpv6");
        }
        Endpoint src = Endpoint.parse(from, "--from");
        Endpoint dst = Endpoint.parse(to, "--to");
        if (src.address().family() != dst.address().family()) {
            throw new UsageError("--from and --to are of different address families");
        }
        if (p.hasPorts() && dst.port() < 0) {
            throw new UsageError("--to " + to + ": expected IP:PORT for " + p);
        }
        if (p.equals(Protocol.ICMP) && !dst.address().isV4() || p.equals(Protocol.ICMPV6) && dst.address().isV4()) {
            throw new UsageError("--proto " + proto + " does not fit the address family of --to");
        }
        return new Probe(src.address() + " -> " + to, p, src.address(), dst.address(), dst.port(),
                SourceLocation.NONE);
    }

    private Packet adjust(Packet p) {
        CtState st = switch (ctState.toLowerCase(Locale.ROOT)) {
            case "new" -> CtState.NEW;
            case "established" -> CtState.ESTABLISHED;
            case "related" -> CtState.RELATED;
            case "invalid" -> CtState.INVALID;
            default -> throw new UsageError("--state " + ctState + ": expected new, established, related or invalid");
        };
        Packet q = p.withCtState(st).withInterfaces(inInterface, outInterface);
        if (sport != null && q.protocol().hasPorts()) {
            q = q.withSource(q.source(), sport);
        }
        if (mark != null) {
            try {
                long m = mark.startsWith("0x") ? Long.parseLong(mark.substring(2), 16) : Long.parseLong(mark);
                q = q.withMark(m);
            } catch (NumberFormatException e) {
                throw new UsageError("--mark " + mark + ": expected a number (decimal or 0x hex)");
            }
        }
        return q;
    }

    private Map<AddressFamily, NetfilterSimulator> simulators() {
        Map<AddressFamily, NetfilterSimulator> sims = new EnumMap<>(AddressFamily.class);
        io.netprove.model.ipvs.IpvsState ipvs = state.ipvs == null ? null
                : io.netprove.grammar.ipvs.IpvsFrontEnd.readFile(state.ipvs);
        io.netprove.model.ipset.IpSets ipsets = state.ipset == null ? null
                : io.netprove.grammar.ipset.IpsetFrontEnd.readFile(state.ipset);
        java.util.Set<io.netprove.model.net.IpAddress> local = new java.util.HashSet<>(state.addresses());
        if (ipvs != null) {
            for (io.netprove.model.ipvs.VirtualService vs : ipvs.services()) {
                if (vs.key() instanceof io.netprove.model.ipvs.VirtualServiceKey.ByAddress a) {
                    local.add(a.address());
                }
            }
        }
        NodeContext node = new NodeContext(local, state.routeLocalnetFlag(), ipvs, ipsets);
        List<Ruleset> rulesets = state.rulesets();
        List<io.netprove.model.nft.NftTable> nft = state.nftTables();
        for (Ruleset rs : rulesets) {
            if (sims.containsKey(rs.family())) {
                throw new UsageError("two " + rs.family() + " rulesets given: expected one --iptables group per"
                        + " family (use --ip6tables for IPv6)");
            }
            sims.put(rs.family(), new NetfilterSimulator(rs, nft, node));
        }
        for (AddressFamily f : AddressFamily.values()) {
            String own = f == AddressFamily.IPV4 ? "ip" : "ip6";
            if (!sims.containsKey(f) && nft.stream().anyMatch(t -> t.family().equals(own)
                    || t.family().equals("inet"))) {
                sims.put(f, new NetfilterSimulator(new Ruleset(f, java.util.Map.of(), List.of(), List.of(),
                        List.of()), nft, node));
            }
        }
        return sims;
    }
}
