package io.netprove.cli.collect;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the user's kubectl: the binary found on the PATH of the given environment (or an explicit path), with the
 * user's kubeconfig, optionally a context, and a time limit per call. Every call is one process; nothing is
 * shared between calls, so calls may run from several threads.
 */
final class Kubectl {

    /** What one call gave: exit status (-1 when it timed out or could not start), standard output and error. */
    record Result(int status, String out, String err, boolean timedOut) {
        boolean ok() {
            return status == 0 && !timedOut;
        }

        /** The first non-empty line of standard error (or output), for messages. */
        String firstError() {
            for (String s : new String[] {err, out}) {
                for (String line : s.split("\n")) {
                    if (!line.isBlank()) {
                        return line.strip();
                    }
                }
            }
            return timedOut ? "timed out" : "exit status " + status;
        }
    }

    private final Path binary;
    private final Map<String, String> environment;
    private final String context;

    private Kubectl(Path binary, Map<String, String> environment, String context) {
        this.binary = binary;
        this.environment = environment;
        this.context = context;
    }

    /**
     * The kubectl to use: {@code explicit} when given, else the first executable {@code kubectl} on the PATH of
     * {@code environment}; null when there is none.
     */
    static Kubectl find(String explicit, Map<String, String> environment, String context) {
        if (explicit != null) {
            Path p = Path.of(explicit);
            return Files.isExecutable(p) ? new Kubectl(p, environment, context) : null;
        }
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "kubectl");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return new Kubectl(p, environment, context);
            }
        }
        return null;
    }

    Path binary() {
        return binary;
    }

    /** Runs {@code kubectl ARGS} with {@code stdin} (may be null) and waits at most {@code limit}. */
    Result run(List<String> args, String stdin, Duration limit) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        if (context != null) {
            cmd.add("--context");
            cmd.add(context);
        }
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + binary + ": " + e.getMessage(), false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = pump(p.getInputStream(), out);
        Thread e = pump(p.getErrorStream(), err);
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException ex) {
            // the process may have exited without reading; its status says what happened
        }
        boolean done;
        try {
            done = p.waitFor(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        join(o);
        join(e);
        return new Result(done ? p.exitValue() : -1, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), !done);
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(to);
            } catch (IOException e) {
                // the stream closes when the process is killed
            }
        }, "kubectl-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
