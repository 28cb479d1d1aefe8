package io.netprove.model.netfilter;

/** Where a construct came from: file, 1-based line and 1-based column (0 when unknown). */
public record SourceLocation(String file, int line, int column) {

    public static final SourceLocation NONE = new SourceLocation("", 0, 0);

    /** A location that points at a line only. */
    public static SourceLocation of(String file, int line) {
        return new SourceLocation(file, line, 0);
    }

    /** {@code file:line:col} (or {@code file:line} when the column is unknown). */
    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }
}
