/** What the cluster's NetworkPolicyEngine allow: per-connection decisions with reasons, and exact address sets. */
package io.netprove.verifier.policy;
