package io.netprove.model.nft;

import io.netprove.model.netfilter.Diagnostic;

import java.util.List;

/** Every nftables table of a node, with what the front end warned about and where the text came from. */
public record NftRuleset(List<NftTable> tables, List<Diagnostic> diagnostics, List<String> sources) {

    public NftRuleset {
        tables = List.copyOf(tables);
        diagnostics = List.copyOf(diagnostics);
        sources = List.copyOf(sources);
    }
}
