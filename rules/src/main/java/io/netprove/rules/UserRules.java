package io.netprove.rules;

import io.netprove.model.netfilter.SourceLocation;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.Results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compiles the {@code .drl} files of the directories a user names (each tree in sorted order, hidden files and
 * folders skipped) into one pack. Nothing else is read: no class path scanning, no kmodule.xml. A file that does not
 * compile fails with a {@link RuleError} at its file and line; so does a named directory that does not exist or
 * holds no .drl file.
 */
public final class UserRules {

    /** The resource folder the files are written to in Drools' in-memory file system. */
    private static final String MEMORY_ROOT = "src/main/resources/";
    private static final Pattern RULE_HEADER =
            Pattern.compile("^\\s*rule\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|([^\\s\"']+))");

    private UserRules() {
    }

    /** The .drl files under each directory, in the order given, each tree sorted by relative path. */
    public static List<Path> files(List<Path> directories) {
        List<Path> out = new ArrayList<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                throw new RuleError(SourceLocation.of(dir.toString(), 0),
                        "expected a directory of .drl rule files (--rules DIR)");
            }
            List<Path> found = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".drl"))
                        .filter(p -> !hidden(dir.relativize(p)))
                        .sorted(Comparator.comparing(p -> dir.relativize(p).toString().replace('\\', '/')))
                        .forEach(found::add);
            } catch (IOException | UncheckedIOException e) {
                throw new RuleError(SourceLocation.of(dir.toString(), 0), "cannot list the directory: "
                        + (e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage()));
            }
            if (found.isEmpty()) {
                throw new RuleError(SourceLocation.of(dir.toString(), 0), "no .drl rule file in this directory");
            }
            out.addAll(found);
        }
        return out;
    }

    /** Compiles every .drl file under {@code directories} into one pack. */
    public static CompiledRules compile(List<Path> directories) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path f : files(directories)) {
            texts.put(f.toString(), read(f));
        }
        return compileTexts(texts);
    }

    /** Compiles rule texts keyed by the file name they are reported under. */
    public static CompiledRules compileTexts(Map<String, String> texts) {
        KieServices ks = KieServices.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        Map<String, String> memoryToFile = new HashMap<>();
        Map<String, SourceLocation> ruleLocations = new HashMap<>();
        int index = 0;
        for (Map.Entry<String, String> e : texts.entrySet()) {
            index++;
            String name = Path.of(e.getKey()).getFileName().toString();
            String memory = "user" + index + "/" + name;
            memoryToFile.put(memory, e.getKey());
            kfs.write(MEMORY_ROOT + memory, e.getValue());
            ruleLocations.putAll(ruleHeaders(e.getKey(), e.getValue()));
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        Results results = builder.getResults();
        List<Message> errors = results.getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            throw compileError(errors, memoryToFile, texts.keySet().iterator().next());
        }
        var kieBase = ks.newKieContainer(builder.getKieModule().getReleaseId()).getKieBase();
        String origin = texts.size() == 1 ? texts.keySet().iterator().next() : "user rules";
        return new CompiledRules(origin, kieBase, ruleLocations);
    }

    private static RuleError compileError(List<Message> errors, Map<String, String> memoryToFile, String firstFile) {
        Message first = null;
        for (Message m : errors) {
            if (first == null || (first.getLine() <= 0 && m.getLine() > 0)) {
                first = m;
            }
        }
        String path = first.getPath() == null ? "" : first.getPath();
        if (path.startsWith(MEMORY_ROOT)) {
            path = path.substring(MEMORY_ROOT.length());
        }
        String file = memoryToFile.getOrDefault(path, firstFile);
        String text = first.getText() == null ? "" : first.getText().strip();
        int nl = text.indexOf('\n');
        String firstLine = nl < 0 ? text : text.substring(0, nl).strip();
        firstLine = firstLine.replaceFirst("^\\[ERR \\d+] Line \\d+:\\d+ ", "");
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("[Error:") && l.endsWith("]")) {
                String detail = l.substring("[Error:".length(), l.length() - 1).strip();
                firstLine = (firstLine.endsWith(":") ? firstLine : firstLine + ":") + " " + detail;
                break;
            }
        }
        String more = errors.size() > 1 ? " (" + (errors.size() - 1) + " more error"
                + (errors.size() > 2 ? "s" : "") + " in the rule files)" : "";
        return new RuleError(new SourceLocation(file, Math.max(first.getLine(), 0),
                Math.max(first.getColumn(), 0)), "rule does not compile: " + firstLine + more);
    }

    /** Where each rule of a file is declared, by rule name. */
    static Map<String, SourceLocation> ruleHeaders(String file, String text) {
        Map<String, SourceLocation> out = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = RULE_HEADER.matcher(lines[i]);
            if (m.find()) {
                String name = m.group(1) != null ? m.group(1).replace("\\\"", "\"")
                        : m.group(2) != null ? m.group(2) : m.group(3);
                out.putIfAbsent(name, SourceLocation.of(file, i + 1));
            }
        }
        return out;
    }

    private static String read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RuleError(SourceLocation.of(file.toString(), 0), "expected UTF-8 text");
        } catch (IOException e) {
            throw new RuleError(SourceLocation.of(file.toString(), 0), "cannot read the file: " + e.getMessage());
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
