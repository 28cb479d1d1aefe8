package io.netprove.grammar.snapshot;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code meta.json} of a snapshot folder: the format version, when and from which cluster it was captured, the
 * cluster's pod and service networks, kube-proxy's mode, every node that was meant to be captured with its
 * addresses and whether its capture worked, and the cluster-wide captures that failed ({@code notCaptured}, one
 * sentence each). {@code file} is where it was read from (for messages).
 */
public record SnapshotMeta(int formatVersion, Optional<Instant> captureTime, Optional<String> clusterName,
                           List<IpPrefix> podNetworks, List<IpPrefix> serviceNetworks,
                           Optional<String> kubeProxyMode, List<NodeEntry> nodes, List<String> notCaptured,
                           Optional<String> tool, String file) {

    /** The only format version this netprove writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** The file name inside a snapshot folder. */
    public static final String FILE_NAME = "meta.json";

    public SnapshotMeta {
        Objects.requireNonNull(captureTime, "captureTime");
        Objects.requireNonNull(clusterName, "clusterName");
        podNetworks = List.copyOf(podNetworks);
        serviceNetworks = List.copyOf(serviceNetworks);
        Objects.requireNonNull(kubeProxyMode, "kubeProxyMode");
        nodes = List.copyOf(nodes);
        notCaptured = List.copyOf(notCaptured);
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(file, "file");
    }

    /** How the capture of one node went. */
    public enum CaptureStatus {
        /** The capture pod ran and its output was read (single files may still be missing). */
        CAPTURED("captured"),
        /** The capture pod could not be created, failed, or its output could not be read. */
        FAILED("failed"),
        /** The node's capture did not finish within the per-node timeout. */
        TIMED_OUT("timed-out");

        private final String word;

        CaptureStatus(String word) {
            this.word = word;
        }

        /** The word meta.json uses. */
        public String word() {
            return word;
        }

        /** The status a meta.json word stands for, or null. */
        public static CaptureStatus of(String word) {
            for (CaptureStatus s : values()) {
                if (s.word.equals(word)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** One node: its Kubernetes name, its addresses, how its capture went, and why when it did not. */
    public record NodeEntry(String name, List<IpAddress> addresses, CaptureStatus status, Optional<String> message) {

        public NodeEntry {
            Objects.requireNonNull(name, "name");
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The entry of the named node, if meta.json lists it. */
    public Optional<NodeEntry> node(String name) {
        for (NodeEntry n : nodes) {
            if (n.name().equals(name)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
