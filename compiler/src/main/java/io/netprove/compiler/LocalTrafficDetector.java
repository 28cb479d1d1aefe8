package io.netprove.compiler;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpPrefix;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How kube-proxy tells traffic from local pods apart from other traffic ({@code --detect-local-mode}): by source CIDR
 * (ClusterCIDR or NodeCIDR mode, one CIDR per family), by the bridge the pods hang off, by a pod interface name prefix,
 * or not at all. Each variant renders kube-proxy's match arguments for iptables and nftables.
 */
public sealed interface LocalTrafficDetector permits LocalTrafficDetector.None, LocalTrafficDetector.ByCidr,
        LocalTrafficDetector.ByBridgeInterface, LocalTrafficDetector.ByInterfaceNamePrefix {

    /** True if the detector distinguishes local traffic for {@code family} (kube-proxy's IsImplemented). */
    boolean implemented(AddressFamily family);

    /** The iptables arguments matching local traffic. */
    List<String> ifLocal(AddressFamily family);

    /** The iptables arguments matching non-local traffic. */
    List<String> ifNotLocal(AddressFamily family);

    /** The nftables expression matching local traffic. */
    String ifLocalNft(AddressFamily family);

    /** The nftables expression matching non-local traffic. */
    String ifNotLocalNft(AddressFamily family);

    /** No detection (kube-proxy's no-op detector, used when no cluster CIDR is configured). */
    record None() implements LocalTrafficDetector {
        @Override
        public boolean implemented(AddressFamily family) {
            return false;
        }

        @Override
        public List<String> ifLocal(AddressFamily family) {
            return List.of();
        }

        @Override
        public List<String> ifNotLocal(AddressFamily family) {
            return List.of();
        }

        @Override
        public String ifLocalNft(AddressFamily family) {
            return "";
        }

        @Override
        public String ifNotLocalNft(AddressFamily family) {
            return "";
        }
    }

    /** Local means "source in this CIDR" (ClusterCIDR and NodeCIDR modes); at most one CIDR per family. */
    record ByCidr(List<IpPrefix> cidrs) implements LocalTrafficDetector {
        public ByCidr {
            cidrs = List.copyOf(cidrs);
            for (AddressFamily f : AddressFamily.values()) {
                if (cidrs.stream().filter(c -> c.family() == f).count() > 1) {
                    throw new IllegalArgumentException("more than one " + f + " CIDR for the local-traffic detector");
                }
            }
        }

        public Optional<IpPrefix> cidr(AddressFamily family) {
            return cidrs.stream().filter(c -> c.family() == family).findFirst();
        }

        @Override
        public boolean implemented(AddressFamily family) {
            return cidr(family).isPresent();
        }

        @Override
        public List<String> ifLocal(AddressFamily family) {
            return cidr(family).map(c -> List.of("-s", c.toString())).orElse(List.of());
        }

        @Override
        public List<String> ifNotLocal(AddressFamily family) {
            return cidr(family).map(c -> List.of("!", "-s", c.toString())).orElse(List.of());
        }

        @Override
        public String ifLocalNft(AddressFamily family) {
            return cidr(family).map(c -> ip(family) + " saddr " + c).orElse("");
        }

        @Override
        public String ifNotLocalNft(AddressFamily family) {
            return cidr(family).map(c -> ip(family) + " saddr != " + c).orElse("");
        }

        private static String ip(AddressFamily family) {
            return family == AddressFamily.IPV4 ? "ip" : "ip6";
        }
    }

    /** Local means "arrived on this bridge" (BridgeInterface mode). */
    record ByBridgeInterface(String bridge) implements LocalTrafficDetector {
        public ByBridgeInterface {
            Objects.requireNonNull(bridge, "bridge");
        }

        @Override
        public boolean implemented(AddressFamily family) {
            return true;
        }

        @Override
        public List<String> ifLocal(AddressFamily family) {
            return List.of("-i", bridge);
        }

        @Override
        public List<String> ifNotLocal(AddressFamily family) {
            return List.of("!", "-i", bridge);
        }

        @Override
        public String ifLocalNft(AddressFamily family) {
            return "iif " + bridge;
        }

        @Override
        public String ifNotLocalNft(AddressFamily family) {
            return "iif != " + bridge;
        }
    }

    /** Local means "arrived on an interface whose name starts with this prefix" (InterfaceNamePrefix mode). */
    record ByInterfaceNamePrefix(String prefix) implements LocalTrafficDetector {
        public ByInterfaceNamePrefix {
            Objects.requireNonNull(prefix, "prefix");
        }

        @Override
        public boolean implemented(AddressFamily family) {
            return true;
        }

        @Override
        public List<String> ifLocal(AddressFamily family) {
            return List.of("-i", prefix + "+");
        }

        @Override
        public List<String> ifNotLocal(AddressFamily family) {
            return List.of("!", "-i", prefix + "+");
        }

        @Override
        public String ifLocalNft(AddressFamily family) {
            return "iifname " + prefix + "*";
        }

        @Override
        public String ifNotLocalNft(AddressFamily family) {
            return "iifname != " + prefix + "*";
        }
    }
}
