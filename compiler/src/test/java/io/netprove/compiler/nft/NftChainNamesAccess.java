package io.netprove.compiler.nft;

import io.netprove.model.net.IpAddress;

/** Test access to the nftables name scheme. */
public final class NftChainNamesAccess {

    private NftChainNamesAccess() {
    }

    public static String service(String ns, String name, String proto, String port) {
        return NftChainNames.serviceBase(ns, name, proto, port);
    }

    public static String endpoint(String ns, String name, String proto, String port, String ip, int epPort) {
        return NftChainNames.endpointBase(ns, name, proto, port, IpAddress.parse(ip), epPort);
    }
}
