/**
 * The nftables front end: {@code nft list ruleset} text, {@code nft -j list ruleset} JSON and {@code nft -f} transaction
 * text, read into one vendor state (tables, chains, sets and rules as statement trees) and lowered to the netfilter
 * model.
 */
package io.netprove.grammar.nft;
