package io.netprove.cli.collect;

import io.netprove.grammar.snapshot.SnapshotMeta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Captures one node: creates its capture pod, waits for it to finish (at most the per-node timeout), reads its log
 * and writes the node folder; {@link #delete} removes the pod, which the caller does whatever happened. Never
 * throws: every failure becomes the result.
 */
final class NodeCapture {

    /** How one node's capture went: the files written, those not captured and why, and whether the pod is gone. */
    record Result(String node, SnapshotMeta.CaptureStatus status, String message, List<String> files,
                  Map<String, String> notCaptured, String pod, boolean podDeleted, String kubeProxyMode) {
    }

    private static final Set<String> MODES = Set.of("iptables", "ipvs", "nftables");

    private final Kubectl kubectl;
    private final String namespace;
    private final String image;
    private final String runId;
    private final Duration timeout;
    private final Duration poll;

    NodeCapture(Kubectl kubectl, String namespace, String image, String runId, Duration timeout, Duration poll) {
        this.kubectl = kubectl;
        this.namespace = namespace;
        this.image = image;
        this.runId = runId;
        this.timeout = timeout;
        this.poll = poll;
    }

    /** The capture pod's name: a DNS label of at most 63 characters, unique per run. */
    String podName(String node) {
        String base = node.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String head = "netprove-capture-";
        String tail = "-" + runId;
        if (head.length() + base.length() + tail.length() > 63) {
            base = base.substring(0, 63 - head.length() - tail.length());
        }
        return (head + base).replaceAll("-+$", "") + tail;
    }

    Result capture(String node, Path folder) {
        String pod = podName(node);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Kubectl.Result c = kubectl.run(List.of("create", "-f", "-", "-o", "name"),
                    CaptureScript.podManifest(pod, namespace, node, image, runId, Math.max(1, timeout.toSeconds())),
                    remaining(deadline));
            if (!c.ok()) {
                // a create that timed out may still have made the pod: the caller deletes it in every case
                return failed(node, pod, c.timedOut() ? SnapshotMeta.CaptureStatus.TIMED_OUT
                        : SnapshotMeta.CaptureStatus.FAILED, "could not create the capture pod: " + c.firstError());
            }
            String phase = "";
            while (true) {
                Kubectl.Result g = kubectl.run(List.of("get", "pod", pod, "-n", namespace, "-o",
                        "jsonpath={.status.phase}"), null, remaining(deadline));
                if (g.ok()) {
                    phase = g.out().strip();
                }
                if (phase.equals("Succeeded") || phase.equals("Failed")) {
                    break;
                }
                if (System.nanoTime() + poll.toNanos() >= deadline) {
                    return failed(node, pod, SnapshotMeta.CaptureStatus.TIMED_OUT, "no result within "
                            + timeout.toSeconds() + " s (pod phase " + (phase.isEmpty() ? "unknown" : phase) + ")");
                }
                Thread.sleep(poll.toMillis());
            }
            Kubectl.Result logs = kubectl.run(List.of("logs", pod, "-n", namespace), null,
                    remaining(deadline).plusSeconds(30));
            if (!logs.ok()) {
                return failed(node, pod, SnapshotMeta.CaptureStatus.FAILED, "could not read the capture pod's log: "
                        + logs.firstError());
            }
            CaptureOutput out = CaptureOutput.parse(logs.out());
            if (phase.equals("Failed") || out.files().isEmpty()) {
                String why = out.otherLines().isEmpty() ? "its log has no captures"
                        : out.otherLines().get(out.otherLines().size() - 1);
                return failed(node, pod, SnapshotMeta.CaptureStatus.FAILED, "the capture pod "
                        + (phase.equals("Failed") ? "failed" : "captured nothing") + ": " + why);
            }
            return write(node, pod, folder, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(node, pod, SnapshotMeta.CaptureStatus.FAILED, "interrupted");
        } catch (IOException e) {
            return failed(node, pod, SnapshotMeta.CaptureStatus.FAILED, "cannot write the node folder: "
                    + e.getMessage());
        }
    }

    /** Deletes the node's capture pod; returns null when it is gone, else why not. */
    String delete(String node) {
        Kubectl.Result d = kubectl.run(List.of("delete", "pod", podName(node), "-n", namespace,
                "--ignore-not-found", "--wait=false"), null, Duration.ofSeconds(60));
        return d.ok() ? null : d.firstError();
    }

    private Result write(String node, String pod, Path folder, CaptureOutput out) throws IOException {
        Files.createDirectories(folder);
        Map<String, String> missing = new LinkedHashMap<>(out.notCaptured());
        List<String> written = new ArrayList<>();
        String mode = null;
        for (Map.Entry<String, byte[]> f : out.files().entrySet()) {
            String name = f.getKey();
            if (name.equals("ip-addr.txt") && out.files().containsKey("ip-addr.json")) {
                continue; // the JSON form says the same, and is preferred
            }
            if (name.equals("kube-proxy-mode")) {
                String m = new String(f.getValue(), java.nio.charset.StandardCharsets.UTF_8).strip();
                if (!MODES.contains(m)) {
                    missing.put(name, "kube-proxy's /proxyMode answered '" + (m.length() > 40 ? m.substring(0, 40)
                            + "..." : m) + "', not iptables, ipvs or nftables");
                    continue;
                }
                mode = m;
                Files.writeString(folder.resolve(name), m + "\n");
            } else {
                Files.write(folder.resolve(name), f.getValue());
            }
            written.add(name);
        }
        if (out.files().containsKey("ip-addr.json")) {
            missing.remove("ip-addr.txt");
        } else if (out.files().containsKey("ip-addr.txt")) {
            missing.remove("ip-addr.json");
        }
        if (!out.complete()) {
            missing.put("(end)", "the log ended before the script did: the kubelet may have cut a large log");
        }
        return new Result(node, SnapshotMeta.CaptureStatus.CAPTURED, null, written, missing, pod, false, mode);
    }

    private static Result failed(String node, String pod, SnapshotMeta.CaptureStatus status, String message) {
        return new Result(node, status, message, List.of(), Map.of(), pod, false, null);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
    }
}
