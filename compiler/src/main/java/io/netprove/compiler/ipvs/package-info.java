/** kube-proxy's IPVS mode: virtual servers, the ipsets it fills and the iptables rules that use them. */
package io.netprove.compiler.ipvs;
