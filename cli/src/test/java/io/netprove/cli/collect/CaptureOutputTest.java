package io.netprove.cli.collect;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CaptureOutputTest {

    private static final String M = CaptureScript.MARK;

    @Test
    void framesDecodePlainAndGzipAndRecordWhatIsMissing() throws IOException {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(z)) {
            g.write("*filter\nCOMMIT\n".getBytes(StandardCharsets.UTF_8));
        }
        String log = "some noise\n"
                + M + " begin ip-route.txt plain\ndefault via 10.0.0.1 dev eth0\n" + M + " end ip-route.txt status 0\n"
                + M + " begin iptables-save.txt gzip-base64\n" + Base64.getMimeEncoder().encodeToString(z.toByteArray())
                + "\n" + M + " end iptables-save.txt status 0\n"
                + M + " begin ipset-save.txt plain\n\n" + M + " end ipset-save.txt status 0\n"
                + M + " begin nft-ruleset.txt plain\nError: permission denied\n" + M + " end nft-ruleset.txt status 1\n"
                + M + " missing ipvsadm-save.txt ipvsadm\n"
                + M + " begin ../../etc/passwd plain\nroot\n" + M + " end ../../etc/passwd status 0\n"
                + M + " begin ip-rule.txt plain\n0: from all lookup local\n";
        CaptureOutput out = CaptureOutput.parse(log);
        assertEquals("default via 10.0.0.1 dev eth0\n", new String(out.files().get("ip-route.txt"),
                StandardCharsets.UTF_8));
        assertEquals("*filter\nCOMMIT\n", new String(out.files().get("iptables-save.txt"), StandardCharsets.UTF_8));
        assertEquals(0, out.files().get("ipset-save.txt").length, "an empty output is an empty file");
        assertEquals("'nft list ruleset' exited with status 1", out.notCaptured().get("nft-ruleset.txt"));
        assertEquals("command 'ipvsadm' not found on the node", out.notCaptured().get("ipvsadm-save.txt"));
        assertEquals("its output was cut short", out.notCaptured().get("ip-rule.txt"));
        assertFalse(out.files().keySet().stream().anyMatch(f -> f.contains("/")), "only known file names");
        assertFalse(out.complete(), "no done line");
        assertTrue(out.otherLines().contains("some noise"));
    }

    @Test
    void theScriptRunsInARealPosixShellAndItsOutputParses() throws Exception {
        Path sh = Path.of("/bin/sh");
        assumeTrue(Files.isExecutable(sh), "SKIPPED: no /bin/sh to run the capture script in");
        Process p = new ProcessBuilder(sh.toString(), "-c", CaptureScript.script()).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        CaptureOutput out = CaptureOutput.parse(new String(bytes, StandardCharsets.UTF_8));
        assertTrue(out.complete(), "the script ends with its done line");
        for (String f : CaptureScript.CAPTURES.keySet()) {
            assertTrue(out.files().containsKey(f) || out.notCaptured().containsKey(f), f + " is accounted for");
        }
        assertTrue(out.otherLines().isEmpty(), out.otherLines().toString());
        boolean hasIp = new ProcessBuilder(sh.toString(), "-c", "command -v ip").start().waitFor() == 0;
        if (hasIp) {
            assertTrue(out.files().containsKey("ip-rule.txt"), out.notCaptured().toString());
            assertTrue(new String(out.files().get("ip-rule.txt"), StandardCharsets.UTF_8).contains("lookup"));
        }
    }

    @Test
    void podNamesAreShortDnsLabels() {
        NodeCapture c = new NodeCapture(null, "default", "busybox", "a1b2c3", java.time.Duration.ofSeconds(1),
                java.time.Duration.ofMillis(10));
        assertEquals("netprove-capture-node-1-a1b2c3", c.podName("node-1"));
        String longName = c.podName("ip-10-0-0-1.eu-west-1.compute.internal.with.a.very.long.suffix.example");
        assertTrue(longName.length() <= 63, longName);
        assertTrue(longName.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), longName);
        String manifest = CaptureScript.podManifest("p", "default", "node-1", "busybox:1.36", "a1b2c3", 60);
        assertTrue(manifest.contains("\"readOnly\":true") && manifest.contains("\"activeDeadlineSeconds\":60")
                && manifest.contains("\"netprove.io/run\":\"a1b2c3\""), manifest);
    }
}
