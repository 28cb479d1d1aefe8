/** Analyses over the model: the concrete packet simulator and the symbolic (Z3) verifier. */
package io.netprove.verifier;
