package io.netprove.grammar.k8s;

import io.netprove.grammar.InputError;
import io.netprove.model.k8s.IgnoredObject;
import io.netprove.model.k8s.KubeKind;
import io.netprove.model.k8s.KubeObject;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns documents into objects: checks that each is a Kubernetes object, expands lists ({@code kind: List} and
 * typed lists such as {@code PodList}, whose items may omit their kind), picks the decoder by API group, version
 * and kind, records objects of other kinds as ignored, and rejects two objects with the same kind, namespace and
 * name.
 */
final class ObjectDecoder {

    private static final String LIST_SUFFIX = "List";

    private final String defaultNamespace;
    private final List<Diagnostic> warnings;
    private final List<KubeObject> objects = new ArrayList<>();
    private final List<IgnoredObject> ignored = new ArrayList<>();
    private final Map<String, SourceLocation> seen = new HashMap<>();

    ObjectDecoder(String defaultNamespace, List<Diagnostic> warnings) {
        this.defaultNamespace = defaultNamespace;
        this.warnings = warnings;
    }

    List<KubeObject> objects() {
        return objects;
    }

    List<IgnoredObject> ignored() {
        return ignored;
    }

    /** Reads one document; returns false for an empty document. */
    boolean document(ManifestNode doc) {
        if (doc instanceof ManifestNode.Scalar) {
            ManifestNode.Scalar s = (ManifestNode.Scalar) doc;
            if (s.type() == ManifestNode.ScalarType.NULL
                    || (s.type() == ManifestNode.ScalarType.STRING && s.text().isBlank())) {
                return false;
            }
        }
        if (!(doc instanceof ManifestNode.Mapping)) {
            throw new InputError(doc.location(), "not a Kubernetes object: expected apiVersion and kind, got "
                    + doc.describe());
        }
        object(doc, Optional.empty(), Optional.empty());
        return true;
    }

    private void object(ManifestNode node, Optional<String> inheritedApiVersion, Optional<String> inheritedKind) {
        if (!(node instanceof ManifestNode.Mapping)) {
            throw new InputError(node.location(), "not a Kubernetes object: expected apiVersion and kind, got "
                    + node.describe());
        }
        Fields root = Fields.of(node, "", warnings);
        Optional<String> apiVersion = root.nonEmptyString("apiVersion").or(() -> inheritedApiVersion);
        Optional<String> kind = root.nonEmptyString("kind").or(() -> inheritedKind);
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            String missing = apiVersion.isEmpty() && kind.isEmpty() ? "apiVersion and kind"
                    : apiVersion.isEmpty() ? "apiVersion" : "kind";
            throw new InputError(node.location(), "not a Kubernetes object: expected apiVersion and kind ("
                    + missing + " missing)");
        }
        if (kind.get().equals(LIST_SUFFIX) && !(root.value("items") instanceof ManifestNode.Sequence)) {
            root.list("items"); // absent or null is an empty list; anything else is an error
            return;
        }
        if (kind.get().endsWith(LIST_SUFFIX) && root.value("items") instanceof ManifestNode.Sequence) {
            String itemKind = kind.get().substring(0, kind.get().length() - LIST_SUFFIX.length());
            Optional<String> inherited = itemKind.isEmpty() ? Optional.empty() : Optional.of(itemKind);
            Optional<String> version = itemKind.isEmpty() ? Optional.empty() : apiVersion;
            for (ManifestNode item : root.list("items")) {
                object(item, version, inherited);
            }
            return;
        }
        decode(root, apiVersion.get(), kind.get());
    }

    private void decode(Fields root, String apiVersion, String kindName) {
        SourceLocation at = root.location();
        Optional<KubeKind> known = KubeKind.fromApiName(kindName);
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        if (known.isEmpty() || !servedGroup(known.get(), group)) {
            ignored.add(ignoredObject(root, apiVersion, kindName));
            return;
        }
        KubeKind kind = known.get();
        String expected = supportedVersions(kind);
        if (!(" " + expected + " ").contains(" " + apiVersion + " ")) {
            throw root.error("apiVersion", "expected " + expected.replace(" ", " or ") + " for kind "
                    + kind.apiName() + ", got '" + Messages.clip(apiVersion) + "'");
        }
        ObjectMeta meta = MetadataDecoder.read(root, kind, defaultNamespace);
        KubeObject object;
        switch (kind) {
            case NAMESPACE:
                object = WorkloadDecoder.namespace(meta, at);
                break;
            case POD:
                object = WorkloadDecoder.pod(root, meta, at);
                break;
            case NODE:
                object = WorkloadDecoder.node(root, meta, at);
                break;
            case SERVICE:
                object = ServiceDecoder.read(root, meta, at);
                break;
            case ENDPOINTS:
                object = EndpointsDecoder.endpoints(root, meta, at);
                break;
            case ENDPOINT_SLICE:
                object = EndpointsDecoder.slice(root, meta, at);
                break;
            case NETWORK_POLICY:
                object = NetworkPolicyDecoder.read(root, meta, at);
                break;
            case INGRESS:
                object = IngressDecoder.read(root, meta, at, !version.equals("v1"));
                break;
            default:
                throw new IllegalStateException("no decoder for " + kind);
        }
        String identity = object.describe();
        SourceLocation earlier = seen.putIfAbsent(identity, at);
        if (earlier != null) {
            throw new InputError(at, "duplicate " + identity + " (first defined at " + earlier
                    + "): expected each object once");
        }
        objects.add(object);
    }

    /** True if {@code group} is one the kind is served from (a same-named kind of another group is a CRD). */
    private static boolean servedGroup(KubeKind kind, String group) {
        if (group.equals(kind.group())) {
            return true;
        }
        return group.equals("extensions") && (kind == KubeKind.NETWORK_POLICY || kind == KubeKind.INGRESS);
    }

    /** The apiVersions read for each kind, space-separated. */
    private static String supportedVersions(KubeKind kind) {
        switch (kind) {
            case ENDPOINT_SLICE:
                return "discovery.k8s.io/v1";
            case NETWORK_POLICY:
                return "networking.k8s.io/v1 extensions/v1beta1";
            case INGRESS:
                return "networking.k8s.io/v1 networking.k8s.io/v1beta1 extensions/v1beta1";
            default:
                return "v1";
        }
    }

    /** Name and namespace when they are plain strings; an ignored object is not validated. */
    private IgnoredObject ignoredObject(Fields root, String apiVersion, String kind) {
        Optional<String> name = Optional.empty();
        Optional<String> namespace = Optional.empty();
        ManifestNode meta = root.value("metadata");
        if (meta instanceof ManifestNode.Mapping) {
            Map<String, ManifestNode.Field> fields = ((ManifestNode.Mapping) meta).fields();
            name = plainString(fields.get("name"));
            namespace = plainString(fields.get("namespace"));
        }
        return new IgnoredObject(apiVersion, kind, namespace, name, root.location());
    }

    private static Optional<String> plainString(ManifestNode.Field f) {
        if (f != null && ManifestNode.isScalar(f.value(), ManifestNode.ScalarType.STRING)) {
            return Optional.of(((ManifestNode.Scalar) f.value()).text());
        }
        return Optional.empty();
    }
}
