package io.netprove.model.k8s;

import io.netprove.model.netfilter.SourceLocation;

import java.util.Map;

/** A Kubernetes object netprove models; {@link #location()} is where the object starts in its manifest. */
public sealed interface KubeObject
        permits Namespace, Pod, Service, Endpoints, EndpointSlice, Node, NetworkPolicy, Ingress {

    KubeKind kind();

    ObjectMeta metadata();

    SourceLocation location();

    default String name() {
        return metadata().name();
    }

    /** The namespace, or {@code ""} for cluster-scoped objects. */
    default String namespace() {
        return metadata().namespace().orElse("");
    }

    default Map<String, String> labels() {
        return metadata().labels();
    }

    /** {@code Kind namespace/name}, for messages. */
    default String describe() {
        return kind().apiName() + " " + metadata().qualifiedName();
    }
}
