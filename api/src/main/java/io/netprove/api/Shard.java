package io.netprove.api;

/**
 * One part of a sharded check: shard {@code index} of {@code count}, counted from 0 so that a Kubernetes Indexed
 * Job's {@code JOB_COMPLETION_INDEX} can be used as it is. Written {@code index/count} on the command line.
 */
public record Shard(int index, int count) {

    /** Checks that {@code 0 <= index < count}. */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count
                    + ": expected INDEX/COUNT with 0 <= INDEX < COUNT");
        }
    }

    /**
     * Parses {@code "i/N"}.
     *
     * @throws IllegalArgumentException when the text is not two numbers with {@code 0 <= i < N}
     */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("shard '" + text + "': expected INDEX/COUNT such as 0/4");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard '" + text + "': expected INDEX/COUNT such as 0/4");
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
