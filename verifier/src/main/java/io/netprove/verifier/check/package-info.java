/**
 * Deciding reachability questions on nodes: symbolic exploration, a judge that classifies each path, Z3 for the
 * proof or the witness, and the concrete simulator to replay every witness before it is reported.
 */
package io.netprove.verifier.check;
