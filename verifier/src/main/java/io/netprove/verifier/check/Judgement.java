package io.netprove.verifier.check;

import io.netprove.model.space.HeaderSpace;

/**
 * How a path counts for a statement. BAD paths falsify it, UNDETERMINED ones might (an unmodelled construct decides
 * them), GOOD ones do not. {@code region}, when not null, narrows BAD or UNDETERMINED to the packets of the path that
 * also lie in it (for example: the path leaves the destination unchanged, and only destinations inside the target
 * are bad); null means the whole path.
 */
public record Judgement(Kind kind, HeaderSpace region, String why) {

    /** The three classes of paths. */
    public enum Kind { GOOD, BAD, UNDETERMINED }

    public static Judgement good() {
        return new Judgement(Kind.GOOD, null, "");
    }

    public static Judgement bad(String why) {
        return new Judgement(Kind.BAD, null, why);
    }

    public static Judgement badWithin(HeaderSpace region, String why) {
        return new Judgement(region.isEmpty() ? Kind.GOOD : Kind.BAD, region, why);
    }

    public static Judgement undetermined(String why) {
        return new Judgement(Kind.UNDETERMINED, null, why);
    }
}
