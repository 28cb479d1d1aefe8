package io.netprove.verifier.check;

import io.netprove.model.space.HeaderSpace;

import java.util.List;

/**
 * How a path counts for a statement. BAD paths falsify it, UNDETERMINED ones might (an unmodelled construct decides
 * them), GOOD ones do not. {@code regions}, when not empty, narrow BAD or UNDETERMINED to the packets of the path that
 * also lie in it (for example: the path leaves the destination unchanged, and only destinations inside the target
 * are bad): the path counts within the union of the regions; no region means the whole path.
 */
public record Judgement(Kind kind, List<HeaderSpace> regions, String why) {

    /** The three classes of paths. */
    public enum Kind { GOOD, BAD, UNDETERMINED }

    public Judgement {
        regions = List.copyOf(regions);
    }

    public static Judgement good() {
        return new Judgement(Kind.GOOD, List.of(), "");
    }

    public static Judgement bad(String why) {
        return new Judgement(Kind.BAD, List.of(), why);
    }

    /** BAD for the packets of the path inside any of the regions (GOOD when there is none). */
    public static Judgement badWithin(List<HeaderSpace> regions, String why) {
        List<HeaderSpace> live = regions.stream().filter(r -> !r.isEmpty()).toList();
        return live.isEmpty() ? good() : new Judgement(Kind.BAD, live, why);
    }

    public static Judgement undetermined(String why) {
        return new Judgement(Kind.UNDETERMINED, List.of(), why);
    }
}
