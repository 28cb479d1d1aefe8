/** kube-proxy's iptables mode: the iptables-restore input it writes and the jumps it installs in built-in chains. */
package io.netprove.compiler.iptables;
