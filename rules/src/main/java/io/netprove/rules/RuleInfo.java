package io.netprove.rules;

import io.netprove.model.netfilter.SourceLocation;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule of a pack: the Drools rule's {@code name}, the finding id it starts with and the rest of the name as its
 * {@code title} (a rule named {@code "NP-SVC-001 Service selector matches no pod"} has id {@code NP-SVC-001}), and
 * where it is written ({@code location}: the .drl file and line of a user rule; a name for built-in ones).
 */
public record RuleInfo(String id, String title, String name, SourceLocation location) {

    private static final Pattern ID = Pattern.compile("([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\\s+(.*)");

    /** The id and title of a rule named {@code ID title}; empty when the name does not start with an id. */
    public static Optional<RuleInfo> of(String ruleName, SourceLocation location) {
        Matcher m = ID.matcher(ruleName.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new RuleInfo(m.group(1), m.group(2).strip(), ruleName, location));
    }
}
