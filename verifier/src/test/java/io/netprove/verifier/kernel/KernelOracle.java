package io.netprove.verifier.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ../shared/tools/kernel-oracle/k8s_oracle.py}: loads a dump into throw-away network namespaces, sends
 * real probes, enumerates every statistic branch, and reports what the Linux kernel did with each probe. Its answers
 * are turned into the same plain form as {@link io.netprove.verifier.sim.SimulatedFates}.
 */
public final class KernelOracle {

    private static final long RUN_TIMEOUT_SECONDS = 180;
    /**
     * Seconds without an answer before a probe counts as dropped. The oracle's default (0.3 s) is ample on an idle
     * machine; a busy CI runner gets more, which costs little: a DROP verdict seen in the kernel trace ends the
     * wait at once.
     */
    private static final String PROBE_TIMEOUT_SECONDS = "1.0";

    private final Path script;

    private KernelOracle(Path script) {
        this.script = script;
    }

    /**
     * The oracle, or null with the reason on stderr (and in {@code why[0]}) when it cannot run here: not root, the
     * shared tools absent, or ip netns / iptables-nft / xtables-monitor / python3 missing.
     */
    public static KernelOracle locate(String[] why) {
        String configured = System.getProperty("netprove.shared");
        Path shared = configured != null ? Paths.get(configured) : Paths.get("..", "..", "shared");
        Path script = shared.resolve("tools/kernel-oracle/k8s_oracle.py").toAbsolutePath().normalize();
        String problem = null;
        if (!Files.isRegularFile(script)) {
            problem = "the kernel oracle is not present at " + script;
        } else if (!"0".equals(output("id", "-u"))) {
            problem = "the kernel oracle needs root (network namespaces); running as uid " + output("id", "-u");
        } else if (output("ip", "netns", "list") == null) {
            problem = "'ip netns' is not available (install iproute2)";
        } else if (output("iptables-nft-restore", "--version") == null) {
            problem = "iptables-nft-restore is not available (install iptables)";
        } else if (output("xtables-monitor", "--help") == null && output("which", "xtables-monitor") == null) {
            problem = "xtables-monitor is not available (install iptables)";
        } else if (output("python3", "--version") == null) {
            problem = "python3 is not available";
        }
        if (problem != null) {
            why[0] = problem;
            System.err.println("SKIPPED: kernel oracle test: " + problem);
            return null;
        }
        return new KernelOracle(script);
    }

    /** A command's stdout (trimmed), or null when it cannot run or fails. */
    private static String output(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** What the oracle said about one flow: the outcome set and the raw JSON for messages. */
    public record Answer(Set<String> fates, String json) {
    }

    /**
     * Runs the oracle once; one answer per flow line, in order. The namespaces are named {@code prefix-*}; they are
     * removed by the oracle, or by its cleanup command if the run had to be stopped.
     */
    public List<Answer> run(String prefix, Path dir, String rules, String topology, List<String> flows)
            throws IOException, InterruptedException {
        Path rulesFile = dir.resolve(prefix + ".iptables");
        Path topologyFile = dir.resolve(prefix + ".topology.json");
        Path flowsFile = dir.resolve(prefix + ".flows");
        Path stdout = dir.resolve(prefix + ".out.json");
        Path stderr = dir.resolve(prefix + ".err");
        Files.writeString(rulesFile, rules);
        Files.writeString(topologyFile, topology);
        Files.writeString(flowsFile, String.join("\n", flows) + "\n");
        Process p = new ProcessBuilder("python3", script.toString(), "run", "--rules", rulesFile.toString(),
                "--topology", topologyFile.toString(), "--flows", flowsFile.toString(), "--enumerate", "--json",
                "--timeout", PROBE_TIMEOUT_SECONDS, "--prefix", prefix)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            output("python3", script.toString(), "cleanup", "--prefix", prefix);
            throw new IOException("kernel oracle run " + prefix + " took more than " + RUN_TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("kernel oracle run " + prefix + " failed (exit " + p.exitValue() + "): "
                    + Files.readString(stderr));
        }
        JsonNode root = new ObjectMapper().readTree(stdout.toFile());
        List<Answer> answers = new ArrayList<>();
        for (JsonNode result : root.get("results")) {
            Set<String> fates = new TreeSet<>();
            for (JsonNode o : result.get("outcomes")) {
                fates.add(fate(o.get("outcome"), o.get("leaves")));
            }
            answers.add(new Answer(fates, result.get("outcomes").toString()));
        }
        if (answers.size() != flows.size()) {
            throw new IOException("kernel oracle run " + prefix + " answered " + answers.size() + " of "
                    + flows.size() + " flows");
        }
        return answers;
    }

    /**
     * One kernel outcome in plain form: delivered on the node is LOCAL, delivered on any other namespace (a pod or
     * the default gateway) is FORWARDED, with the destination the receiver saw and "masq" when the source changed;
     * an ICMP error or a TCP reset is REJECTED; silence is DROPPED. A packet the node sends itself and that filter
     * OUTPUT refuses never leaves the sending call (UDP's send() fails with EPERM, whether the rule drops or rejects);
     * the kernel's trace of that branch then names the deciding rule, and its target says which of the two it was.
     */
    static String fate(JsonNode o, JsonNode leaves) {
        String kind = o.get("kind").asText();
        switch (kind) {
            case "DELIVERED" -> {
                String where = o.get("host").asText().equals(OracleTopology.NODE) ? "LOCAL" : "FORWARDED";
                return where + " " + o.get("dst").asText() + (o.get("snat").asBoolean() ? " masq" : "");
            }
            case "REJECTED", "REFUSED" -> {
                return "REJECTED";
            }
            case "DROPPED" -> {
                return "DROPPED";
            }
            case "ERROR" -> {
                if ("EPERM".equals(o.path("errno").asText())) {
                    boolean reject = true;
                    boolean drop = true;
                    for (JsonNode leaf : leaves) {
                        String decisive = leaf.path("decisive").asText();
                        reject &= decisive.contains("-j REJECT");
                        drop &= !decisive.contains("-j REJECT") && decisive.contains(" DROP ");
                    }
                    if (reject || drop) {
                        return reject ? "REJECTED" : "DROPPED";
                    }
                }
                return kind + " " + o;
            }
            default -> {
                return kind + " " + o;
            }
        }
    }
}
