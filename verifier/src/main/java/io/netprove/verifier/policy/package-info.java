/** What the cluster's NetworkPolicies allow: per-connection decisions with reasons, and exact address sets. */
package io.netprove.verifier.policy;
