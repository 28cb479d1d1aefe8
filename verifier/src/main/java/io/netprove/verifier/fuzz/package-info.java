/** Fuzzing one node's rules: boundary-biased packets, concrete-versus-symbolic cross-checks, rules that never match. */
package io.netprove.verifier.fuzz;
