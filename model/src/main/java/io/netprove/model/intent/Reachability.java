package io.netprove.model.intent;

/** Whether a reachability statement claims that the target can be reached or that it cannot. */
public enum Reachability {
    CAN_REACH("can reach"),
    CANNOT_REACH("cannot reach");

    private final String words;

    Reachability(String words) {
        this.words = words;
    }

    @Override
    public String toString() {
        return words;
    }
}
