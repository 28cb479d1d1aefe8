package io.netprove.rules.facts;

/** Where a service port's endpoints were learned from. */
public enum EndpointOrigin {
    /** EndpointSlices labelled with the service's name (what kube-proxy reads). */
    ENDPOINT_SLICES,
    /** A legacy Endpoints object of the same name. */
    ENDPOINTS,
    /** No slices or Endpoints in the manifests: the pods the selector picks, with their Ready condition. */
    SELECTED_PODS,
    /** No selector and no endpoints objects: nothing in the manifests says where traffic goes. */
    NONE
}
