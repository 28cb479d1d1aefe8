/** Property-based tests (jqwik): generators for rule sets, packets and cluster objects, and their properties. */
package io.netprove.properties;
