/**
 * Linux routing state: routes of every table, policy rules, interfaces and their addresses, and the pure lookup
 * that picks the route a packet takes (rule order, longest prefix, metric).
 */
package io.netprove.model.route;
