package io.netprove.model.ipvs;

import java.util.List;

/**
 * An IPVS scheduling algorithm by name. Names the kernel ships are {@link #KNOWN}; others (out-of-tree modules) are
 * kept as given and {@link #isKnown()} is false.
 */
public record Scheduler(String name) {

    /** The schedulers of the mainline kernel, in the order the ipvsadm manual lists them. */
    public static final List<String> KNOWN = List.of(
            "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos");

    /** What ipvsadm uses when {@code -s} is not given. */
    public static final Scheduler DEFAULT = new Scheduler("wlc");

    public Scheduler {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("scheduler name is empty");
        }
    }

    public boolean isKnown() {
        return KNOWN.contains(name);
    }

    /** True for schedulers that pick a server by hashing packet fields (sh, dh, mh), not by load. */
    public boolean isHashing() {
        return name.equals("sh") || name.equals("dh") || name.equals("mh");
    }

    @Override
    public String toString() {
        return name;
    }
}
