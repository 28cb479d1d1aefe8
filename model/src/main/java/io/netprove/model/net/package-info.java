/** Addresses, prefixes, ports and protocols: the value types every packet and rule is made of. */
package io.netprove.model.net;
