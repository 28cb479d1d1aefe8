/** {@code netprove collect}: a snapshot folder built from a live cluster with the user's kubectl. */
package io.netprove.cli.collect;
