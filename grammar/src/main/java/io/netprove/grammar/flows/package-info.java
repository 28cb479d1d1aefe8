/** Reader for tab-separated flow lists (one probe per line) used by batch traces and conformance corpora. */
package io.netprove.grammar.flows;
