package io.netprove.model.netfilter;

/** A warning or note produced while reading or evaluating forwarding state, anchored at a source location. */
public record Diagnostic(Severity severity, SourceLocation location, String message) {

    /** How much a diagnostic matters. */
    public enum Severity { ERROR, WARNING, NOTE }

    public static Diagnostic warning(SourceLocation at, String message) {
        return new Diagnostic(Severity.WARNING, at, message);
    }

    public static Diagnostic note(SourceLocation at, String message) {
        return new Diagnostic(Severity.NOTE, at, message);
    }

    @Override
    public String toString() {
        return location + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
