package io.netprove.grammar.k8s;

import io.netprove.model.k8s.LabelSelector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a {@code metav1.LabelSelector} and rejects what {@code ValidateLabelSelector} rejects. */
final class SelectorDecoder {

    private static final Set<String> SELECTOR_FIELDS = Set.of("matchLabels", "matchExpressions");
    private static final Set<String> REQUIREMENT_FIELDS = Set.of("key", "operator", "values");

    private SelectorDecoder() {
    }

    /** The selector under {@code key}, or empty when the key is absent or null. */
    static Optional<LabelSelector> optional(Fields parent, String key) {
        return parent.mapping(key).map(SelectorDecoder::read);
    }

    static LabelSelector read(Fields sel) {
        sel.warnUnknown(SELECTOR_FIELDS);
        Map<String, String> matchLabels = sel.stringMap("matchLabels");
        MetadataDecoder.checkLabels(sel, "matchLabels", matchLabels);
        List<LabelSelector.Requirement> requirements = new ArrayList<>();
        for (Fields r : sel.mappings("matchExpressions")) {
            r.warnUnknown(REQUIREMENT_FIELDS);
            String key = r.requiredString("key", "a label key");
            ApiValues.checked(key, ApiNames::qualifiedName, r, "key");
            String op = r.requiredString("operator", "one of In, NotIn, Exists, DoesNotExist");
            LabelSelector.Operator operator = LabelSelector.Operator.fromApiName(op).orElseThrow(() -> r.error(
                    "operator", "expected one of In, NotIn, Exists, DoesNotExist, got '" + Messages.clip(op) + "'"));
            List<String> values = r.strings("values");
            if (operator.takesValues() && values.isEmpty()) {
                throw r.missing("values", "at least one value when the operator is " + operator.apiName());
            }
            if (!operator.takesValues() && !values.isEmpty()) {
                throw r.error("values", "expected no values when the operator is " + operator.apiName());
            }
            for (String v : values) {
                ApiValues.checked(v, ApiNames::labelValue, r, "values");
            }
            requirements.add(new LabelSelector.Requirement(key, operator, values));
        }
        return new LabelSelector(matchLabels, requirements);
    }
}
