package io.netprove.model.intent;

import io.netprove.model.netfilter.SourceLocation;

import java.util.Optional;

/** A claim of the intent that netprove proves or refutes. */
public sealed interface Statement permits ReachStatement, ExposureStatement {

    /** The name written before the statement ({@code "web from office": ...}), if any. */
    Optional<String> name();

    /** The statement as written (without its name), whitespace collapsed: for reports. */
    String text();

    /** Where the statement starts (its name, when it has one). */
    SourceLocation location();

    /** Exhaustive dispatch over every variant (Java 17 has no pattern switch). */
    interface Visitor<R> {
        R visit(ReachStatement x);

        R visit(ExposureStatement x);
    }

    /** Calls the visitor method for this variant. */
    <R> R accept(Visitor<R> v);
}
