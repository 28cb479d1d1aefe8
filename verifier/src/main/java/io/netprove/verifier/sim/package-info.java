/**
 * The concrete netfilter simulator: a packet walks the hooks and tables in the kernel's order; every free choice
 * (a statistic branch, a recent-list lookup, an unmodelled match) is explored, giving all possible outcomes.
 */
package io.netprove.verifier.sim;
