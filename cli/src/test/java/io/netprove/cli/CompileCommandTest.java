package io.netprove.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompileCommandTest {

    private static final String SHOP = CliRunner.repo("examples/shop/cluster");
    private static final String INTENT = CliRunner.repo("examples/shop/intent.np");

    private static CliRunner compile(Path out, String mode, String... extra) {
        String[] base = {"compile", "--manifests", SHOP, "--node", "node-1", "--node", "node-2", "--mode", mode,
                "--cluster-cidr", "10.244.0.0/16", "--service-cidr", "10.96.0.0/12", "--output", out.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRunner.run(args);
    }

    private static String summary(CliRunner r) {
        String[] lines = r.out().strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void predictedIptablesStateGivesTheVerdictsOfTheCapturedOne(@TempDir Path dir) throws Exception {
        CliRunner c = compile(dir, "iptables");
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("node node-1 (iptables mode, addresses [192.168.0.2])"), c.out());
        assertEquals("iptables", Files.readString(dir.resolve("nodes/node-1/kube-proxy-mode")).strip());
        assertTrue(Files.readString(dir.resolve("nodes/node-2/iptables-save.txt")).contains("-A KUBE-SVC-"));
        CliRunner captured = CliRunner.run("check", INTENT, "--no-rules");
        CliRunner predicted = CliRunner.run("check", INTENT, "--no-rules", "--state", dir.toString());
        assertEquals(captured.status(), predicted.status(), predicted.out() + predicted.err());
        assertEquals(summary(captured), summary(predicted));
        assertEquals("9 statements: 8 hold, 1 violated, 0 unknown", summary(predicted));
    }

    @Test
    void everyModeGivesTheSameVerdictsForTheExample(@TempDir Path dir) {
        for (String mode : new String[] {"ipvs", "nftables"}) {
            Path out = dir.resolve(mode);
            CliRunner c = compile(out, mode);
            assertEquals(0, c.status(), c.err());
            assertTrue(Files.exists(out.resolve(mode.equals("ipvs") ? "nodes/node-1/ipvsadm-save.txt"
                    : "nodes/node-1/nft-ruleset.txt")));
            CliRunner predicted = CliRunner.run("check", INTENT, "--no-rules", "--state", out.toString());
            assertEquals("9 statements: 8 hold, 1 violated, 0 unknown", summary(predicted), mode + ": "
                    + predicted.out());
        }
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir Path dir) {
        CliRunner badMode = compile(dir, "userspace");
        assertEquals(2, badMode.status());
        assertTrue(badMode.err().contains("--mode userspace: expected iptables, ipvs or nftables"), badMode.err());
        CliRunner noNode = CliRunner.run("compile", "--manifests", SHOP, "--node", "node-9", "--mode", "iptables",
                "--output", dir.toString());
        assertEquals(2, noNode.status());
        assertTrue(noNode.err().contains("node node-9 has no Node object in the manifests: give its addresses with"
                + " --node-ip"), noNode.err());
        CliRunner twoIps = compile(dir, "iptables", "--node-ip", "192.168.0.2");
        assertEquals(2, twoIps.status());
        CliRunner badCidr = CliRunner.run("compile", "--manifests", SHOP, "--node", "node-1", "--mode", "ipvs",
                "--cluster-cidr", "10.244.0.0/33", "--output", dir.toString());
        assertEquals(2, badCidr.status());
        assertTrue(badCidr.err().contains("--cluster-cidr 10.244.0.0/33: expected a CIDR"), badCidr.err());
        assertFalse(Files.exists(dir.resolve("nodes/node-9")));
    }

    @Test
    void helpShowsAnExample() {
        CliRunner r = CliRunner.run("compile", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("netprove compile --manifests examples/shop/cluster --node node-1"), r.out());
    }
}
