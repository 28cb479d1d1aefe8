/** Services and endpoints as kube-proxy sees them on one node: service ports, endpoints, their categories. */
package io.netprove.compiler.services;
