#!/bin/sh
# Regenerates the nft listings and JSON of this folder with the real nft (needs root and nftables; nft 1.0.6 made
# the committed files). Each transaction is loaded into a throw-away network namespace and listed back.
#   kube-proxy.*  from ../shared/corpus/kube-proxy-nftables/TestOverallNFTablesRules/nft-transaction.txt, reordered
#                 (table, chains, sets and maps, rules, elements) because nft -f wants objects before their use
#                 while the corpus text is a sorted knftables dump
#   hostfw.*      from hostfw.transaction.nft (written for these tests: an inet host firewall)
#   kube-proxy6.* from kube-proxy6.transaction.nft (written for these tests: kube-proxy's IPv6 table shapes)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-$here/../../../../../../../../../shared/corpus/kube-proxy-nftables/TestOverallNFTablesRules/nft-transaction.txt}
ns=np-nft-regen
tmp=$(mktemp)
trap 'ip netns del $ns 2>/dev/null || true; rm -f "$tmp"' EXIT

load() {
    ip netns add $ns
    ip netns exec $ns nft -f "$1"
    ip netns exec $ns nft list ruleset > "$here/$2.list.nft"
    ip netns exec $ns nft -j list ruleset > "$here/$2.json"
    if [ "$2" = kube-proxy ]; then ip netns exec $ns nft -a list ruleset > "$here/$2.handles.nft"; fi
    ip netns del $ns
}

{ grep '^add table' "$corpus"; grep '^add chain' "$corpus"; grep -E '^add (set|map)' "$corpus";
  grep '^add rule' "$corpus"; grep '^add element' "$corpus"; } > "$tmp"
load "$tmp" kube-proxy
load "$here/hostfw.transaction.nft" hostfw
load "$here/kube-proxy6.transaction.nft" kube-proxy6
