package io.netprove.api;

import io.netprove.grammar.InputError;
import io.netprove.grammar.intent.IntentReader;
import io.netprove.grammar.snapshot.IntentCompletion;
import io.netprove.model.intent.Statement;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An intent file ({@code .np}) with its includes, parsed and checked within itself (zones, node names, built-in
 * zones). Names that need the cluster (services, namespaces, labels) are checked when a {@link Verifier} opens.
 * The language is described in docs/intent-language.md.
 */
public final class Intent {

    private final Path file;
    private final io.netprove.model.intent.Intent model;

    private Intent(Path file, io.netprove.model.intent.Intent model) {
        this.file = file;
        this.model = model;
    }

    /**
     * Parses {@code file}; its cluster block must say everything the statements need.
     *
     * @throws InputError with file, line and column on the first problem
     */
    public static Intent parse(Path file) {
        return new Intent(file, IntentReader.read(file));
    }

    /**
     * Parses {@code file} for checking against {@code snapshot}: what the cluster block leaves out (nodes, pod and
     * service networks, or the whole block) is taken from the snapshot's meta.json when it has one.
     *
     * @throws InputError with file, line and column on the first problem
     */
    public static Intent parse(Path file, Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (snapshot.meta().isEmpty()) {
            return parse(file);
        }
        return new Intent(file, IntentReader.read(file, i -> IntentCompletion.complete(i, snapshot.meta().get())));
    }

    /** The file as given. */
    public Path file() {
        return file;
    }

    /** The statements in reading order (includes expanded). */
    public List<Statement> statements() {
        return model.statements();
    }

    /**
     * Parses one statement written in the intent language, in the context of this intent (its zones and nodes).
     *
     * @throws InputError located in file {@value IntentReader#COMMAND_LINE}, line 1
     */
    public Statement statement(String text) {
        return IntentReader.parseStatement(text, model);
    }

    /** The parsed model (zones, cluster block, statements) for code that needs more than the façade offers. */
    public io.netprove.model.intent.Intent model() {
        return model;
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
