package io.netprove.model.intent;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A conjunction of label requirements; the empty selector matches every object. */
public record LabelSelector(List<LabelRequirement> requirements) {

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    public LabelSelector {
        requirements = List.copyOf(requirements);
    }

    /** True if an object with these labels satisfies every requirement. */
    public boolean matches(Map<String, String> labels) {
        for (LabelRequirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** The selector in Kubernetes syntax ({@code app=web,tier!=canary}). */
    @Override
    public String toString() {
        return requirements.stream().map(LabelRequirement::toString).collect(Collectors.joining(","));
    }
}
