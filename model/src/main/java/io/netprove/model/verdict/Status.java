package io.netprove.model.verdict;

/**
 * HOLDS: proven for every packet in scope (the negated statement is unsatisfiable). VIOLATED: a concrete witness
 * packet shows the statement false. UNKNOWN: neither could be established (solver timeout, an unmodelled construct
 * the answer depends on, or missing state); the reason says which.
 */
public enum Status {
    HOLDS, VIOLATED, UNKNOWN
}
