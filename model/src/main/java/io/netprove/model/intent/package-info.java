/** The intent language's model: the cluster under test, named zones, and the reachability and exposure statements. */
package io.netprove.model.intent;
