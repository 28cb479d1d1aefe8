/** nftables state lowered to the netfilter model: tables of chains, their base chains with hooks and priorities. */
package io.netprove.model.nft;
