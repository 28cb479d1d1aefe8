/** HTTP routing through Ingresses: which rule (host, path) or default backend answers a request; TLS; redirects. */
package io.netprove.verifier.ingress;
