package io.netprove.grammar.k8s;

import io.netprove.grammar.InputError;
import io.netprove.model.k8s.KubeKind;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads {@code metadata}: name (checked against the kind's name syntax), namespace, labels and annotations. */
final class MetadataDecoder {

    private MetadataDecoder() {
    }

    static ObjectMeta read(Fields root, KubeKind kind, String defaultNamespace) {
        if (!root.has("metadata")) {
            throw root.missing("metadata", "metadata with at least a name");
        }
        Fields meta = root.requiredMapping("metadata", "metadata with at least a name");
        Optional<String> name = meta.nonEmptyString("name");
        if (name.isEmpty()) {
            if (meta.has("generateName")) {
                throw meta.missing("name", "a name (generateName is not supported: the name is chosen by the API "
                        + "server, so no manifest can be checked against it)");
            }
            throw meta.missing("name", "the " + kind.apiName() + "'s name");
        }
        ApiValues.checked(name.get(), nameSyntax(kind), meta, "name");
        Optional<String> namespace = meta.nonEmptyString("namespace");
        if (kind.namespaced()) {
            namespace.ifPresent(ns -> ApiValues.checked(ns, ApiNames::dnsLabel, meta, "namespace"));
            namespace = Optional.of(namespace.orElse(defaultNamespace));
        } else if (namespace.isPresent()) {
            meta.warn("namespace", "ignored: a " + kind.apiName() + " is cluster-scoped");
            namespace = Optional.empty();
        }
        Map<String, String> labels = meta.stringMap("labels");
        checkLabels(meta, "labels", labels);
        Map<String, String> annotations = meta.stringMap("annotations");
        checkKeys(meta, "annotations", annotations);
        return new ObjectMeta(name.get(), namespace, labels, annotations);
    }

    /** The name syntax the API server checks for each kind. */
    private static Function<String, String> nameSyntax(KubeKind kind) {
        switch (kind) {
            case NAMESPACE:
            case SERVICE:
                // Services accept RFC 1123 labels since RelaxedServiceNameValidation; RFC 1035 before.
                return ApiNames::dnsLabel;
            default:
                return ApiNames::dnsSubdomain;
        }
    }

    /** Checks label keys and values of the mapping under {@code key}. */
    static void checkLabels(Fields f, String key, Map<String, String> labels) {
        Map<String, SourceLocation> where = f.keyLocations(key);
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String problem = ApiNames.qualifiedName(e.getKey());
            if (problem != null) {
                throw new InputError(where.get(e.getKey()), f.path(key) + ": label key '" + Messages.clip(e.getKey())
                        + "': expected " + problem);
            }
            problem = ApiNames.labelValue(e.getValue());
            if (problem != null) {
                throw new InputError(where.get(e.getKey()), f.path(key) + "." + e.getKey() + ": expected " + problem
                        + ", got '" + Messages.clip(e.getValue()) + "'");
            }
        }
    }

    private static void checkKeys(Fields f, String key, Map<String, String> map) {
        Map<String, SourceLocation> where = f.keyLocations(key);
        for (String k : map.keySet()) {
            String problem = ApiNames.qualifiedName(k);
            if (problem != null) {
                throw new InputError(where.get(k), f.path(key) + ": key '" + Messages.clip(k) + "': expected "
                        + problem);
            }
        }
    }
}
