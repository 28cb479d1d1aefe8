/** Loading everything an intent file refers to: the intent, the cluster's manifests and the nodes' state. */
package io.netprove.grammar.input;
