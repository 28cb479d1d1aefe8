/** Reading a node's state from a snapshot folder (nodes/NAME/ with its dumps) or from a single dump file. */
package io.netprove.grammar.snapshot;
