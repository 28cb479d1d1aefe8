package io.netprove.verifier.fuzz;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.NatRange;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.Table;
import io.netprove.model.netfilter.Target;
import io.netprove.model.nft.NftTable;
import io.netprove.model.space.IntervalSet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values where one node's rules change their mind: the first and last address of every prefix and range a rule
 * tests (and the addresses just outside), NAT targets, the node's own addresses; the ends of every port range (and
 * the ports just outside); the protocols, interface names and packet marks the rules test. Packets built from these
 * values land on both sides of every edge.
 */
public record RuleBoundaries(AddressFamily family, List<IpAddress> addresses, List<Integer> ports,
                             List<Protocol> protocols, List<String> interfaces, List<Long> marks) {

    public RuleBoundaries {
        addresses = List.copyOf(addresses);
        ports = List.copyOf(ports);
        protocols = List.copyOf(protocols);
        interfaces = List.copyOf(interfaces);
        marks = List.copyOf(marks);
    }

    /** The boundaries of an iptables ruleset and the nftables tables of the same family, plus the node's addresses. */
    public static RuleBoundaries of(Ruleset rs, List<NftTable> nft, Collection<IpAddress> nodeAddresses) {
        Collector c = new Collector(rs.family());
        for (IpAddress a : nodeAddresses) {
            if (a.family() == rs.family()) {
                c.addresses.add(a);
            }
        }
        c.addresses.add(rs.family() == AddressFamily.IPV4 ? IpAddress.parse("127.0.0.1") : IpAddress.parse("::1"));
        for (Table t : rs.tables().values()) {
            for (Chain ch : t.chains().values()) {
                c.chain(ch);
            }
        }
        for (NftTable t : nft) {
            for (Chain ch : t.chains().values()) {
                c.chain(ch);
            }
        }
        Set<Integer> ports = new TreeSet<>(c.ports);
        ports.add(0);
        ports.add(65535);
        List<Protocol> protocols = new ArrayList<>(List.of(Protocol.TCP, Protocol.UDP,
                rs.family() == AddressFamily.IPV4 ? Protocol.ICMP : Protocol.ICMPV6));
        for (Protocol p : c.protocols) {
            if (!protocols.contains(p)) {
                protocols.add(p);
            }
        }
        return new RuleBoundaries(rs.family(), new ArrayList<>(new TreeSet<>(c.addresses)), new ArrayList<>(ports),
                protocols, new ArrayList<>(c.interfaces), new ArrayList<>(c.marks));
    }

    /** Walks the criteria and targets of rules, keeping the edges. */
    private static final class Collector {
        final AddressFamily family;
        final Set<IpAddress> addresses = new LinkedHashSet<>();
        final Set<Integer> ports = new LinkedHashSet<>();
        final Set<Protocol> protocols = new LinkedHashSet<>();
        final Set<String> interfaces = new LinkedHashSet<>();
        final Set<Long> marks = new LinkedHashSet<>();

        Collector(AddressFamily family) {
            this.family = family;
        }

        void chain(Chain ch) {
            for (Rule r : ch.rules()) {
                for (Match m : r.matches()) {
                    match(m);
                }
                target(r.target());
            }
        }

        void edges(IpAddress first, IpAddress last) {
            if (first.family() != family) {
                return;
            }
            addresses.add(first);
            addresses.add(last);
            addresses.add(first.plus(-1));
            addresses.add(last.plus(1));
        }

        void prefix(IpPrefix p) {
            edges(p.network(), p.last());
        }

        void range(IpRange r) {
            edges(r.first(), r.last());
        }

        void ports(PortRange r) {
            ports.add(r.first());
            ports.add(r.last());
            if (r.first() > 0) {
                ports.add(r.first() - 1);
            }
            if (r.last() < 65535) {
                ports.add(r.last() + 1);
            }
        }

        void set(IntervalSet s, boolean address) {
            for (long[] r : s.ranges()) {
                if (address) {
                    IpAddress first = family == AddressFamily.IPV4 ? IpAddress.v4(r[1]) : IpAddress.v6(r[0], r[1]);
                    IpAddress last = family == AddressFamily.IPV4 ? IpAddress.v4(r[3]) : IpAddress.v6(r[2], r[3]);
                    edges(first, last);
                } else if (r[1] <= 65535 && r[3] <= 65535) {
                    ports(new PortRange((int) r[1], (int) r[3]));
                }
            }
        }

        void match(Match m) {
            if (m instanceof Match.Address a) {
                prefix(a.prefix());
            } else if (m instanceof Match.IpRangeIs r) {
                range(r.range());
            } else if (m instanceof Match.CtAddress a) {
                prefix(a.prefix());
            } else if (m instanceof Match.Port p) {
                ports(p.range());
            } else if (m instanceof Match.CtPort p) {
                ports(p.range());
            } else if (m instanceof Match.Multiport mp) {
                mp.ports().forEach(this::ports);
            } else if (m instanceof Match.ProtocolIs p && !p.negated() && p.protocol().number() != 0) {
                protocols.add(p.protocol());
            } else if (m instanceof Match.Interface i) {
                String name = i.pattern().endsWith("+") ? i.pattern().replace("+", "0") : i.pattern();
                interfaces.add(name);
            } else if (m instanceof Match.Mark mk) {
                marks.add(mk.value() & mk.mask());
            } else if (m instanceof Match.Lookup l) {
                for (Match.LookupElement e : l.elements()) {
                    for (int k = 0; k < l.keys().size() && k < e.components().size(); k++) {
                        Match.LookupKey key = l.keys().get(k);
                        if (key == Match.LookupKey.SRC_ADDR || key == Match.LookupKey.DST_ADDR) {
                            set(e.components().get(k), true);
                        } else if (key == Match.LookupKey.SRC_PORT || key == Match.LookupKey.DST_PORT) {
                            set(e.components().get(k), false);
                        }
                    }
                }
            }
        }

        void target(Target t) {
            List<NatRange> ranges = List.of();
            if (t instanceof Target.Dnat d) {
                ranges = d.ranges();
            } else if (t instanceof Target.Snat s) {
                ranges = s.ranges();
            }
            for (NatRange r : ranges) {
                if (r.addresses() != null && r.addresses().first().family() == family) {
                    addresses.add(r.addresses().first());
                    addresses.add(r.addresses().last());
                }
                if (r.ports() != null) {
                    ports.add(r.ports().first());
                    ports.add(r.ports().last());
                }
            }
        }
    }
}
