package io.netprove.verifier.policy;

/**
 * Which addresses an {@code ipBlock} peer can match. The NetworkPolicy API leaves it to the network plugin whether
 * the addresses of pods inside the cluster match ipBlocks (the documentation advises cluster-external ranges, since
 * pod IPs are ephemeral); most plugins compare every address, pod IPs included, with the block.
 */
public enum IpBlockScope {

    /** An ipBlock matches any address in it, pod IPs included: the common behaviour and the default. */
    EVERY_ADDRESS,

    /**
     * An ipBlock matches only addresses that are not the IP of a pod in the pod network; pods are matched by
     * selectors alone. Addresses of hostNetwork pods are node addresses and still match.
     */
    OUTSIDE_PODS_ONLY
}
