package io.netprove.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library example in README.md, compiled as written and run from the repository root. */
class ReadmeExampleTest {

    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?public class (\\w+).*?)```", Pattern.DOTALL);

    @Test
    void readmeExampleCompilesAndRuns(@TempDir Path tmp) throws Exception {
        Path root = ShardPlanTest.repo("");
        String readme = Files.readString(root.resolve("README.md"));
        Matcher m = BLOCK.matcher(readme);
        assertTrue(m.find(), "README.md has a ```java block with a public class");
        String cls = m.group(2);
        Path src = tmp.resolve(cls + ".java");
        Files.writeString(src, m.group(1));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = javac.run(null, diagnostics, diagnostics, "-d", tmp.toString(), "-cp", classpath,
                "-Xlint:all", "-Werror", src.toString());
        assertEquals(0, compiled, diagnostics.toString(StandardCharsets.UTF_8));

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", tmp + File.pathSeparator + classpath, cls)
                .directory(root.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(4, p.exitValue(), out);
        assertTrue(out.contains("VIOLATED  cart answers on every node"), out);
        assertTrue(out.contains("witness on node-1: tcp "), out);
        assertTrue(out.contains("HOLDS  the database stays private"), out);
        assertTrue(out.contains("asked: HOLDS"), out);
    }
}
