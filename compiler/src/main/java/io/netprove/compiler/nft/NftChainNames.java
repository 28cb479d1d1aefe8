package io.netprove.compiler.nft;

import io.netprove.compiler.iptables.ChainNames;
import io.netprove.model.net.IpAddress;

/**
 * nftables-mode chain and set names: a prefix ({@code service-}, {@code local-}, {@code external-},
 * {@code firewall-}, {@code endpoint-}, {@code affinity-}) plus a readable base prefixed with the first 8 base32
 * characters of its SHA-256: {@code HASH-ns/name/proto/port} for a service port and
 * {@code HASH-ns/name/proto/port__ip/port} for an endpoint (IPv6 colons written as dots), cut to 240 characters.
 */
public final class NftChainNames {

    /** nftables' longest name (256) minus the longest prefix kube-proxy uses (16). */
    static final int BASE_MAX = 240;

    private NftChainNames() {
    }

    /** The base name of a service port's chains. */
    public static String serviceBase(String namespace, String name, String protocol, String portName) {
        return hashAndTruncate(namespace + "/" + name + "/" + protocol + "/" + portName);
    }

    /** The base name of an endpoint's chain and affinity set. */
    public static String endpointBase(String namespace, String name, String protocol, String portName,
                                      IpAddress ip, int port) {
        String host = ip.toString().replace(':', '.');
        return hashAndTruncate(namespace + "/" + name + "/" + protocol + "/" + portName + "__" + host + "/" + port);
    }

    static String hashAndTruncate(String name) {
        String out = ChainNames.base32(ChainNames.sha256(name)).substring(0, 8) + "-" + name;
        if (out.length() > BASE_MAX) {
            out = out.substring(0, BASE_MAX - 3) + "...";
        }
        return out;
    }
}
