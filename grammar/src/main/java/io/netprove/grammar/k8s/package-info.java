/**
 * Kubernetes manifests (YAML or JSON, multi-document, {@code kind: List}) to {@link io.netprove.model.k8s} records:
 * a located tree built from Jackson's streaming parser, then one decoder per kind that applies the API server's
 * defaults and rejects what it would reject.
 */
package io.netprove.grammar.k8s;
