/** kube-proxy's nftables mode: the transaction it feeds to {@code nft -f} to build its {@code kube-proxy} table. */
package io.netprove.compiler.nft;
