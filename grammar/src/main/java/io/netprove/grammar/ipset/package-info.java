/**
 * The ipset front end: {@code ipset save} (and {@code ipset restore} input) and the {@code ipset list} blocks, read
 * by hand-written line scanners into {@link io.netprove.model.ipset.IpSets}.
 */
package io.netprove.grammar.ipset;
