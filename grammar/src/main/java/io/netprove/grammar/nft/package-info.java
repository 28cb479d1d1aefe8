/** The nftables front end: nft list ruleset text, nft -j JSON and nft -f transactions lowered to the model. */
package io.netprove.grammar.nft;
