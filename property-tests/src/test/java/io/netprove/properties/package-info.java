/** Property-based tests (jqwik): generators for rule sets, packets and cluster objects, and the properties they feed. */
package io.netprove.properties;
