package io.netprove.model.node;

import io.netprove.model.ipset.IpSets;
import io.netprove.model.ipvs.IpvsState;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.route.RoutingState;

import java.util.List;
import java.util.Optional;

/**
 * What was captured of one node: its addresses, its iptables state per family, IPVS virtual servers, ipsets, its
 * routes/rules/addresses, kube-proxy's mode when known, and which inputs were not captured (each named, so that
 * answers depending on them can say "not captured").
 */
public record NodeState(String name, List<IpAddress> addresses, Optional<Ruleset> iptables,
                        Optional<Ruleset> ip6tables, Optional<IpvsState> ipvs, Optional<IpSets> ipsets,
                        Optional<RoutingState> routing, Optional<io.netprove.model.nft.NftRuleset> nft,
                        Optional<String> kubeProxyMode, List<String> notCaptured,
                        List<String> sources) {

    public NodeState {
        addresses = List.copyOf(addresses);
        notCaptured = List.copyOf(notCaptured);
        sources = List.copyOf(sources);
    }
}
