/** Predicts what kube-proxy writes on one node (iptables, IPVS or nftables state) from a cluster's manifests. */
package io.netprove.compiler;
