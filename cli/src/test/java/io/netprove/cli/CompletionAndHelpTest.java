package io.netprove.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CompletionAndHelpTest {

    @TempDir
    Path tmp;

    /** What bash completes for the words of a command line (the last one being completed). */
    private String complete(Path script, String... words) throws Exception {
        StringBuilder cmd = new StringBuilder("source '" + script + "'; COMP_WORDS=(");
        for (String w : words) {
            cmd.append("'").append(w).append("' ");
        }
        String line = String.join(" ", words);
        cmd.append("); COMP_CWORD=").append(words.length - 1).append("; COMP_LINE='").append(line)
                .append("'; COMP_POINT=").append(line.length()).append("; _complete_netprove; echo \"${COMPREPLY[*]}\"");
        Process p = new ProcessBuilder("bash", "-c", cmd.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out.strip();
    }

    @Test
    void bashCompletionIsGeneratedFromTheCommandsAndWorks() throws Exception {
        CliRunner r = CliRunner.run("completion", "bash");
        assertEquals(0, r.status(), r.err());
        Path script = tmp.resolve("netprove.bash");
        Files.writeString(script, r.out());
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "SKIPPED: no bash to load the completion script into");
        String subcommands = complete(script, "netprove", "");
        for (String sub : new String[] {"check", "ask", "diff", "matrix", "trace", "collect", "merge", "fuzz",
                "compile", "completion"}) {
            assertTrue((" " + subcommands + " ").contains(" " + sub + " "), sub + " in: " + subcommands);
        }
        assertEquals("collect completion compile", complete(script, "netprove", "co"));
        assertTrue(complete(script, "netprove", "check", "--sn").contains("--snapshot"));
        String formats = complete(script, "netprove", "check", "x.np", "--format", "");
        assertTrue(formats.contains("html") && formats.contains("sarif") && formats.contains("dot"), formats);
    }

    @Test
    void zshScriptDeclaresItselfAndLoadsBashCompletionSupport() throws Exception {
        CliRunner r = CliRunner.run("completion", "zsh");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("#compdef netprove\n"), r.out().substring(0, 40));
        assertTrue(r.out().contains("bashcompinit") && r.out().contains("complete -F _complete_netprove"));
        Path zsh = Path.of("/usr/bin/zsh");
        if (!Files.isExecutable(zsh)) {
            System.out.println("SKIPPED zsh load check: zsh is not installed");
            return;
        }
        Path script = tmp.resolve("_netprove");
        Files.writeString(script, r.out());
        Process p = new ProcessBuilder(zsh.toString(), "-f", "-c", "source '" + script + "' && echo loaded")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(out.contains("loaded"), out);
    }

    @Test
    void unknownShellIsAUsageError() {
        CliRunner r = CliRunner.run("completion", "fish");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("bash, zsh") || r.err().contains("fish"), r.err());
    }

    @Test
    void everyCommandsHelpShowsAnExample() {
        CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertTrue(help().contains("Examples:"), help());
        for (String sub : root.getSubcommands().keySet()) {
            String h = help(sub);
            assertTrue(h.contains("Example:") || h.contains("Examples:"), sub + " --help:\n" + h);
            assertTrue(h.contains("  netprove " + sub), sub + " --help shows no netprove " + sub + " line");
        }
    }

    private static String help(String... sub) {
        String[] args = new String[sub.length + 1];
        System.arraycopy(sub, 0, args, 0, sub.length);
        args[sub.length] = "--help";
        CliRunner r = CliRunner.run(args);
        assertEquals(0, r.status(), r.err());
        return r.out();
    }
}
