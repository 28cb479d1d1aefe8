/** JMH benchmarks of the iptables front end and the netfilter simulator on generated kube-proxy dumps. */
package io.netprove.bench;
