/** What the cluster's objects mean for traffic: each service port's frontends and endpoints as kube-proxy sees them. */
package io.netprove.verifier.cluster;
