package io.netprove.model.ipvs;

import io.netprove.model.net.Protocol;

/** The transport protocols an IPVS virtual service can be keyed by (besides a firewall mark). */
public enum IpvsProtocol {
    TCP("-t", "TCP", Protocol.TCP),
    UDP("-u", "UDP", Protocol.UDP),
    SCTP("--sctp-service", "SCTP", Protocol.SCTP);

    private final String saveOption;
    private final String listName;
    private final Protocol protocol;

    IpvsProtocol(String saveOption, String listName, Protocol protocol) {
        this.saveOption = saveOption;
        this.listName = listName;
        this.protocol = protocol;
    }

    /** The option {@code ipvsadm -S} writes for this protocol ({@code -t}, {@code -u}, {@code --sctp-service}). */
    public String saveOption() {
        return saveOption;
    }

    /** The protocol column of {@code ipvsadm -L} ({@code TCP}, {@code UDP}, {@code SCTP}). */
    public String listName() {
        return listName;
    }

    /** The IP protocol. */
    public Protocol protocol() {
        return protocol;
    }

    /** The protocol for an {@code ipvsadm -L} protocol column, or null. */
    public static IpvsProtocol fromListName(String name) {
        for (IpvsProtocol p : values()) {
            if (p.listName.equals(name)) {
                return p;
            }
        }
        return null;
    }
}
