/** One node's captured forwarding state, as a snapshot folder or the files given on the command line hold it. */
package io.netprove.model.node;
