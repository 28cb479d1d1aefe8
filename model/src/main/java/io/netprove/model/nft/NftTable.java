package io.netprove.model.nft;

import io.netprove.model.netfilter.BaseChain;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One nftables table (family {@code ip}, {@code ip6} or {@code inet}) with its chains lowered to the netfilter
 * model's rules, matches and targets, and the chains it hooks into the kernel.
 */
public record NftTable(String family, String name, Map<String, Chain> chains, List<BaseChain> baseChains,
                       SourceLocation location) {

    public NftTable {
        chains = Collections.unmodifiableMap(new LinkedHashMap<>(chains));
        baseChains = List.copyOf(baseChains);
    }

    /** {@code family name}, as nft prints it. */
    public String key() {
        return family + " " + name;
    }
}
