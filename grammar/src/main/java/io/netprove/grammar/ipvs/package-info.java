/**
 * The IPVS front end: {@code ipvsadm-save -n} / {@code ipvsadm -R} input and the {@code ipvsadm -Ln} table, read by
 * hand-written line scanners into {@link io.netprove.model.ipvs.IpvsState}.
 */
package io.netprove.grammar.ipvs;
