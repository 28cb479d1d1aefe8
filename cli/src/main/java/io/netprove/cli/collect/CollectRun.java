package io.netprove.cli.collect;

import io.netprove.grammar.snapshot.SnapshotMeta;
import io.netprove.model.net.IpPrefix;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of {@code netprove collect}: finds kubectl, collects with a progress bar on standard error, and prints on
 * standard output what was captured and, one line each, the nodes that could not be and why.
 */
public final class CollectRun {

    /** The command's options, checked. */
    public record Options(Path output, List<String> nodes, List<String> namespaces, String image, Duration timeout,
                          String podNamespace, int parallel, Duration pollInterval, List<IpPrefix> podNetworks,
                          List<IpPrefix> serviceNetworks, String context, String kubectl) {
    }

    /** Why a run could not produce a snapshot (exit status 2). */
    public static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern FRACTION = Pattern.compile(" (\\d+)/(\\d+) ");

    private CollectRun() {
    }

    /**
     * Runs; returns 0 when every node was captured, 3 when the snapshot lacks some node.
     *
     * @param interactive true when standard error is a terminal: the bar is redrawn in place, else a line is
     *                    printed each time a node finishes
     */
    public static int run(Options o, Map<String, String> environment, PrintWriter out, PrintWriter err,
                          boolean interactive) {
        Kubectl kubectl = Kubectl.find(o.kubectl(), environment, o.context());
        if (kubectl == null) {
            throw new Failure(o.kubectl() != null ? "--kubectl " + o.kubectl() + ": not an executable file"
                    : "kubectl not found on PATH: install it, or name it with --kubectl PATH");
        }
        String runId = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
                (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
        SnapshotCollector collector = new SnapshotCollector(kubectl, new SnapshotCollector.Settings(o.output(),
                o.nodes(), o.namespaces(), o.image(), o.timeout(), o.podNamespace(), o.parallel(), o.pollInterval(),
                o.podNetworks(), o.serviceNetworks()), runId);
        err.println("netprove collect: reading the cluster with " + kubectl.binary() + " (run " + runId + ")");
        err.flush();
        AtomicReference<ProgressBar> bar = new AtomicReference<>();
        Thread cleanupOnExit = new Thread(() -> kubectl.run(List.of("delete", "pods", "-n", o.podNamespace(), "-l",
                "netprove.io/run=" + runId, "--ignore-not-found", "--wait=false"), null, Duration.ofSeconds(20)));
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        SnapshotCollector.Result r;
        try {
            r = collector.collect(count -> bar.set(progressBar(count, err, interactive)), node -> {
                ProgressBar b = bar.get();
                synchronized (b) {
                    b.setExtraMessage(node.node() + (node.status() == SnapshotMeta.CaptureStatus.CAPTURED ? ""
                            : " " + node.status().word()));
                    b.step();
                }
            });
        } catch (SnapshotCollector.CollectError e) {
            throw new Failure(e.getMessage());
        } finally {
            ProgressBar b = bar.get();
            if (b != null) {
                b.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs
            }
        }
        report(r, o.output(), out);
        return r.failed() == 0 ? 0 : 3;
    }

    private static ProgressBar progressBar(int count, PrintWriter err, boolean interactive) {
        String[] last = {""};
        DelegatingProgressBarConsumer consumer = new DelegatingProgressBarConsumer(line -> {
            if (interactive) {
                err.print('\r' + line);
                err.flush();
                return;
            }
            Matcher m = FRACTION.matcher(line);
            String key = m.find() ? m.group(1) + "/" + m.group(2) : line;
            if (!key.equals(last[0])) {
                last[0] = key;
                err.println(line.strip());
                err.flush();
            }
        }, 100);
        return new ProgressBarBuilder().setTaskName("capturing nodes").setInitialMax(count)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(consumer).setUpdateIntervalMillis(interactive ? 250 : 100)
                .hideEta().build();
    }

    private static void report(SnapshotCollector.Result r, Path output, PrintWriter out) {
        out.println("Snapshot written to " + output + " (format " + r.meta().formatVersion() + ", captured "
                + r.meta().captureTime().map(Object::toString).orElse("?") + ")");
        if (!r.objects().isEmpty()) {
            StringBuilder sb = new StringBuilder("  cluster objects:");
            r.objects().forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v).append(','));
            out.println(sb.substring(0, sb.length() - 1));
        }
        out.println("  pod network " + text(r.meta().podNetworks()) + ", service network "
                + text(r.meta().serviceNetworks()) + ", kube-proxy mode "
                + r.meta().kubeProxyMode().orElse("not known"));
        long ok = r.nodes().size() - r.failed();
        out.println("  nodes captured: " + ok + " of " + r.nodes().size());
        for (NodeCapture.Result n : r.nodes()) {
            if (n.status() == SnapshotMeta.CaptureStatus.CAPTURED) {
                out.println("    " + n.node() + ": captured " + String.join(", ", n.files())
                        + (n.notCaptured().isEmpty() ? "" : "; not captured: " + notCaptured(n.notCaptured())));
            }
        }
        if (r.failed() > 0) {
            out.println("  NOT captured (" + r.failed() + "):");
            for (NodeCapture.Result n : r.nodes()) {
                if (n.status() != SnapshotMeta.CaptureStatus.CAPTURED) {
                    out.println("    " + n.node() + ": " + n.status().word() + ": " + n.message());
                }
            }
        }
        for (String m : r.notCaptured()) {
            out.println("  not captured: " + m);
        }
        long deleted = r.nodes().stream().filter(NodeCapture.Result::podDeleted).count();
        out.println("  capture pods deleted: " + deleted + " of " + r.nodes().size() + " (label netprove.io/run="
                + r.runId() + ")");
        for (String c : r.cleanup()) {
            out.println("  CLEAN-UP NEEDED: " + c);
        }
        out.flush();
    }

    private static String notCaptured(Map<String, String> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((f, why) -> sb.append(sb.length() == 0 ? "" : "; ").append(f).append(" (").append(why).append(')'));
        return sb.toString();
    }

    private static String text(List<IpPrefix> ps) {
        return ps.isEmpty() ? "not known" : String.join(", ", ps.stream().map(IpPrefix::toString).toList());
    }
}
