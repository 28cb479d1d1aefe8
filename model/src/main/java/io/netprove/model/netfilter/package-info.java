/** The compiled forwarding state of netfilter: tables, chains, rules, match criteria and targets. */
package io.netprove.model.netfilter;
