/**
 * The Z3 encoding: header fields as bit-vectors, path conditions as formulas, and queries whose UNSAT is a proof
 * and whose models are witness packets. One {@link io.netprove.verifier.smt.SmtContext} owns the native context.
 */
package io.netprove.verifier.smt;
