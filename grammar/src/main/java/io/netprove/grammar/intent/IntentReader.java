package io.netprove.grammar.intent;

import io.netprove.grammar.InputError;
import io.netprove.grammar.TextInput;
import io.netprove.grammar.intent.IntentParser.ClusterBlockContext;
import io.netprove.grammar.intent.IntentParser.ElementContext;
import io.netprove.grammar.intent.IntentParser.IncludeDirectiveContext;
import io.netprove.grammar.intent.IntentParser.ZoneDefinitionContext;
import io.netprove.grammar.intent.IntentParser.ZoneElementContext;
import io.netprove.grammar.intent.IntentParser.ZoneApiAccessContext;
import io.netprove.grammar.intent.IntentParser.ZoneRoutesContext;
import io.netprove.model.intent.ApiAccess;
import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.Statement;
import io.netprove.model.intent.ZoneDef;
import io.netprove.model.intent.ZoneRoutes;
import io.netprove.model.netfilter.SourceLocation;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads intent files ({@code .np}): parses a file and every file it includes, builds the {@link Intent}, and checks
 * the names it uses within itself ({@link IntentResolver#checkIntent}). Every problem is an {@link InputError} with
 * file, line and column; ANTLR prints nothing.
 */
public final class IntentReader {

    /** The file name in the locations of a statement given on the command line. */
    public static final String COMMAND_LINE = "<command line>";

    private IntentReader() {
    }

    /** Reads {@code file} and its includes. Locations name files by their path as given (includes resolved from it). */
    public static Intent read(Path file) {
        return read(file, TextInput.read(file));
    }

    /** Reads {@code text} as the content of {@code file}; includes are resolved against the file's folder. */
    public static Intent read(Path file, String text) {
        return read(file, text, UnaryOperator.identity());
    }

    /**
     * Reads {@code file} and its includes, then applies {@code completion} (which fills in settings from elsewhere,
     * such as a snapshot's meta.json) before the names are checked, so that built-in zones may rely on it.
     */
    public static Intent read(Path file, UnaryOperator<Intent> completion) {
        return read(file, TextInput.read(file), completion);
    }

    private static Intent read(Path file, String text, UnaryOperator<Intent> completion) {
        Assembly assembly = new Assembly();
        assembly.readFile(file, text);
        Intent intent = completion.apply(assembly.intent());
        IntentResolver.checkIntent(intent);
        return intent;
    }

    /**
     * Parses one statement (as for {@code netprove ask "STATEMENT" --intent FILE}) and checks its zone and node names
     * against {@code context}. Locations are in file {@value #COMMAND_LINE}, line 1, columns into {@code text}.
     */
    public static Statement parseStatement(String text, Intent context) {
        IntentParser parser = parser(COMMAND_LINE, "statement", "statement", text);
        IntentParser.SingleStatementContext tree = parser.singleStatement();
        Statement statement = new IntentModelBuilder(COMMAND_LINE, null, parser.getTokenStream())
                .statement(tree.statement());
        IntentResolver.checkStatement(statement, context);
        return statement;
    }

    /** A parser over {@code text} whose errors (lexical ones included) become {@link InputError}s. */
    private static IntentParser parser(String file, String end, String lineEnd, String text) {
        SyntaxErrorListener listener = new SyntaxErrorListener(file, end, lineEnd);
        IntentLexer lexer = new IntentLexer(CharStreams.fromString(text, file));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        IntentParser parser = new IntentParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        parser.setErrorHandler(new ExpectationTracker());
        return parser;
    }

    /** The parts of an intent gathered from its files in reading order, with the checks that span files. */
    private static final class Assembly {

        private ClusterSpec cluster;
        private final Map<String, ZoneDef> zones = new LinkedHashMap<>();
        private final List<ZoneRoutes> routes = new ArrayList<>();
        private final List<ApiAccess> apiAccess = new ArrayList<>();
        private final List<Statement> statements = new ArrayList<>();
        private final List<Path> files = new ArrayList<>();
        private final Set<Path> read = new HashSet<>();
        /** The files being read, outermost first: the include chain (identities and paths as written). */
        private final List<Path> chain = new ArrayList<>();
        private final List<Path> chainPaths = new ArrayList<>();

        Intent intent() {
            return new Intent(Optional.ofNullable(cluster), List.copyOf(zones.values()), routes, statements, files,
                    apiAccess);
        }

        void readFile(Path path, String text) {
            Path identity = identity(path);
            files.add(identity);
            read.add(identity);
            chain.add(identity);
            chainPaths.add(path);
            String name = path.toString();
            IntentParser parser = parser(name, "file", "line", text);
            IntentParser.IntentFileContext tree = parser.intentFile();
            Path directory = path.toAbsolutePath().normalize().getParent();
            IntentModelBuilder builder = new IntentModelBuilder(name, directory, parser.getTokenStream());
            for (ElementContext element : tree.element()) {
                if (element.includeDirective() != null) {
                    include(builder, element.includeDirective());
                } else if (element.clusterBlock() != null) {
                    cluster(builder, element.clusterBlock());
                } else if (element.zoneElement() != null) {
                    zoneElement(builder, element.zoneElement());
                } else {
                    statements.add(builder.statement(element.statement()));
                }
            }
            chain.remove(chain.size() - 1);
            chainPaths.remove(chainPaths.size() - 1);
        }

        private void include(IntentModelBuilder builder, IncludeDirectiveContext ctx) {
            SourceLocation at = builder.at(ctx);
            String written = builder.includePath(ctx);
            Path including = chainPaths.get(chainPaths.size() - 1);
            Path path = including.resolveSibling(written).normalize();
            Path identity = identity(path);
            int start = chain.indexOf(identity);
            if (start >= 0) {
                throw new InputError(at, "include cycle: " + cycle(start, path)
                        + ": expected no file to include itself, directly or through others");
            }
            if (read.contains(identity)) {
                return; // included before: a file joins the intent once
            }
            if (!Files.exists(identity)) {
                throw new InputError(at, "cannot include '" + written + "': no such file (" + identity
                        + "): expected a path relative to this file");
            }
            if (!Files.isRegularFile(identity)) {
                throw new InputError(at, "cannot include '" + written + "': not a regular file: expected an intent"
                        + " file");
            }
            readFile(path, TextInput.read(path));
        }

        /** "a.np -> sub/b.np -> a.np", names relative to the folder of the first file of the loop. */
        private String cycle(int start, Path again) {
            Path base = chainPaths.get(start).toAbsolutePath().normalize().getParent();
            StringBuilder sb = new StringBuilder();
            for (int i = start; i < chainPaths.size(); i++) {
                sb.append(relative(base, chainPaths.get(i))).append(" -> ");
            }
            return sb.append(relative(base, again)).toString();
        }

        private static String relative(Path base, Path p) {
            Path absolute = p.toAbsolutePath().normalize();
            return base == null ? absolute.toString() : base.relativize(absolute).toString();
        }

        private void cluster(IntentModelBuilder builder, ClusterBlockContext ctx) {
            ClusterSpec c = builder.cluster(ctx);
            if (cluster != null) {
                throw new InputError(c.location(), "a second cluster block (the first is at " + cluster.location()
                        + "): expected one cluster block per intent, included files counted");
            }
            cluster = c;
        }

        private void zoneElement(IntentModelBuilder builder, ZoneElementContext ctx) {
            if (ctx instanceof ZoneApiAccessContext a) {
                apiAccess.add(builder.apiAccess(a));
                return;
            }
            if (ctx instanceof ZoneRoutesContext) {
                routes.add(builder.zoneRoutes((ZoneRoutesContext) ctx));
                return;
            }
            ZoneDef def = builder.zoneDefinition((ZoneDefinitionContext) ctx);
            ZoneDef previous = zones.putIfAbsent(def.name(), def);
            if (previous != null) {
                throw new InputError(def.location(), "zone '" + def.name() + "' is already defined at "
                        + previous.location() + ": expected a new zone name");
            }
        }

        /** What makes two paths the same file: the real path when the file exists, else the normalised path. */
        private static Path identity(Path p) {
            Path absolute = p.toAbsolutePath().normalize();
            try {
                return absolute.toRealPath();
            } catch (IOException e) {
                return absolute;
            }
        }
    }
}
