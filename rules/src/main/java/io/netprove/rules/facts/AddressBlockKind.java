package io.netprove.rules.facts;

/** What an {@link AddressBlock} is for. */
public enum AddressBlockKind {
    /** The cluster's pod network, as declared ({@code --pod-cidr}). */
    POD_NETWORK("pod network"),
    /** One node's pod CIDR ({@code spec.podCIDRs}). */
    NODE_POD_RANGE("pod CIDR of node"),
    /** The service network, as declared ({@code --service-cidr}). */
    SERVICE_NETWORK("service network"),
    /** A Service's cluster IP. */
    SERVICE_ADDRESS("cluster IP of"),
    /** A network the nodes live on, as declared ({@code --node-cidr}). */
    NODE_NETWORK("node network"),
    /** A node's InternalIP or ExternalIP. */
    NODE_ADDRESS("address of node"),
    /** A declared zone's block. */
    ZONE("zone");

    private final String phrase;

    AddressBlockKind(String phrase) {
        this.phrase = phrase;
    }

    /** How messages name the kind, followed by the owner. */
    public String phrase() {
        return phrase;
    }
}
