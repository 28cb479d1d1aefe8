/** ipset state: typed sets, their members, and the kernel's membership test for {@code -m set --match-set}. */
package io.netprove.model.ipset;
