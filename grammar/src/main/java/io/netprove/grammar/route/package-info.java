/**
 * The Linux routing front end: {@code ip route} / {@code ip -6 route} (any table), {@code ip rule}, and
 * {@code ip addr} in text and JSON ({@code ip -j addr}), read into {@link io.netprove.model.route.RoutingState}.
 */
package io.netprove.grammar.route;
