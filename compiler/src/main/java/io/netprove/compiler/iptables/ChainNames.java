package io.netprove.compiler.iptables;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * kube-proxy's per-service chain names: a prefix plus the first 16 characters of the base32 (RFC 4648, upper case)
 * encoding of the SHA-256 of the service port name and protocol (and, for endpoint chains, the endpoint's
 * {@code ip:port}). Chain names must stay within iptables' 28 characters.
 */
public final class ChainNames {

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private ChainNames() {
    }

    /** {@code KUBE-SVC-…}: the service port's Cluster-policy chain. */
    public static String clusterPolicy(String servicePortName, String protocol) {
        return "KUBE-SVC-" + hash16(servicePortName + protocol);
    }

    /** {@code KUBE-SVL-…}: the service port's Local-policy chain. */
    public static String localPolicy(String servicePortName, String protocol) {
        return "KUBE-SVL-" + hash16(servicePortName + protocol);
    }

    /** {@code KUBE-FW-…}: the load-balancer source-range chain. */
    public static String firewall(String servicePortName, String protocol) {
        return "KUBE-FW-" + hash16(servicePortName + protocol);
    }

    /** {@code KUBE-EXT-…}: the chain external destinations (node ports, external and load-balancer IPs) go to. */
    public static String external(String servicePortName, String protocol) {
        return "KUBE-EXT-" + hash16(servicePortName + protocol);
    }

    /** {@code KUBE-SEP-…}: one endpoint's chain. */
    public static String endpoint(String servicePortName, String protocol, String endpoint) {
        return "KUBE-SEP-" + hash16(servicePortName + protocol + endpoint);
    }

    /** The first 16 base32 characters of SHA-256({@code text}). */
    public static String hash16(String text) {
        return base32(sha256(text)).substring(0, 16);
    }

    /** RFC 4648 base32 without padding. */
    public static String base32(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
