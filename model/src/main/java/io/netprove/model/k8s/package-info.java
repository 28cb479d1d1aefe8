/**
 * Kubernetes objects as netprove reads them: namespaces, pods, services, endpoints, nodes, network policies and
 * ingresses, each an immutable record with the API server's defaults applied and its source location kept.
 */
package io.netprove.model.k8s;
