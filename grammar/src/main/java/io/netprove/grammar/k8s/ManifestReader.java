package io.netprove.grammar.k8s;

import io.netprove.grammar.InputError;
import io.netprove.grammar.TextInput;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads Kubernetes manifests into {@link ClusterObjects}: files, lists of files, or directory trees
 * ({@code *.yaml}, {@code *.yml}, {@code *.json}, hidden files and folders skipped, in sorted order). A file may hold
 * several YAML documents, {@code kind: List} output of {@code kubectl get -o yaml}, or JSON objects.
 *
 * <p>Objects of kinds netprove does not use are recorded as ignored. Bad input throws {@link InputError} with the
 * file, line and column: text that is not YAML or JSON, a document that is not an object, a known kind with a
 * missing or invalid field, and input past the {@link Limits} (nesting, YAML aliases, document size).
 */
public final class ManifestReader {

    /**
     * Limits on what one input may make the reader do.
     *
     * @param maxNestingDepth       deepest nesting of mappings and lists (Kubernetes objects need about 15)
     * @param maxCollectionAliases  YAML aliases to mappings or lists per document
     * @param maxDocumentCodePoints size of one YAML document in code points (of a whole JSON text in characters)
     */
    public record Limits(int maxNestingDepth, int maxCollectionAliases, int maxDocumentCodePoints) {

        public static final Limits DEFAULT = new Limits(64, 50, 32 * 1024 * 1024);

        public Limits {
            if (maxNestingDepth < 1 || maxCollectionAliases < 0 || maxDocumentCodePoints < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    /** One manifest text and the name it is reported under; a name ending in {@code .json} is read as JSON. */
    public record Source(String name, String text) {
    }

    private final Limits limits;
    private final String defaultNamespace;

    /** A reader with the default limits, putting objects without a namespace in {@code default}. */
    public ManifestReader() {
        this(Limits.DEFAULT, "default");
    }

    /** A reader with {@code limits}, putting objects without a namespace in {@code defaultNamespace}. */
    public ManifestReader(Limits limits, String defaultNamespace) {
        this.limits = limits;
        this.defaultNamespace = defaultNamespace;
        String problem = ApiNames.dnsLabel(defaultNamespace);
        if (problem != null) {
            throw new IllegalArgumentException("default namespace '" + defaultNamespace + "' is not " + problem);
        }
    }

    /** Reads one file or directory tree. */
    public ClusterObjects read(Path path) {
        return read(List.of(path));
    }

    /** Reads files and directory trees in the order given (each tree in sorted order). */
    public ClusterObjects read(List<Path> paths) {
        List<Source> sources = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                for (Path f : manifestFiles(p)) {
                    sources.add(new Source(f.toString(), TextInput.read(f)));
                }
            } else {
                sources.add(new Source(p.toString(), TextInput.read(p)));
            }
        }
        return readSources(sources);
    }

    /** Reads one text. */
    public ClusterObjects readText(String name, String text) {
        return readSources(List.of(new Source(name, text)));
    }

    /** Reads texts in order, as if they were files. */
    public ClusterObjects readSources(List<Source> sources) {
        List<Diagnostic> warnings = new ArrayList<>();
        ObjectDecoder decoder = new ObjectDecoder(defaultNamespace, warnings);
        ManifestTreeReader trees = new ManifestTreeReader(limits);
        List<String> names = new ArrayList<>();
        for (Source s : sources) {
            names.add(s.name());
            boolean json = s.name().toLowerCase(Locale.ROOT).endsWith(".json");
            int read = 0;
            for (ManifestNode doc : trees.read(s.name(), s.text(), json)) {
                if (decoder.document(doc)) {
                    read++;
                }
            }
            if (read == 0) {
                warnings.add(Diagnostic.warning(SourceLocation.of(s.name(), 0), "no Kubernetes objects in this file"));
            }
        }
        return ClusterObjects.of(decoder.objects(), decoder.ignored(), warnings, names);
    }

    /** The manifest files under {@code directory}, sorted by relative path; hidden files and folders skipped. */
    public static List<Path> manifestFiles(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            List<Path> out = new ArrayList<>();
            walk.filter(Files::isRegularFile)
                    .filter(p -> isManifestName(p.getFileName().toString()))
                    .filter(p -> !hidden(directory.relativize(p)))
                    .sorted(Comparator.comparing(p -> directory.relativize(p).toString().replace('\\', '/')))
                    .forEach(out::add);
            return out;
        } catch (IOException | UncheckedIOException e) {
            String message = e instanceof UncheckedIOException ? e.getCause().getMessage() : e.getMessage();
            throw new InputError(SourceLocation.of(directory.toString(), 0), "cannot list the directory: "
                    + Messages.firstLine(message));
        }
    }

    private static boolean isManifestName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
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
