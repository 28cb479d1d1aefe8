package io.netprove.rules;

import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import io.netprove.rules.facts.RuleContext;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The built-in rule packs ({@code io/netprove/rules/builtin/*.drl}), compiled at build time by kie-maven-plugin into
 * Drools' executable model: Java classes listed in {@value #MODEL_INDEX}. Loading them builds the knowledge base
 * without parsing or compiling any rule text.
 */
public final class BuiltInRules {

    /** The index kie-maven-plugin writes: the model version, then one generated class name per line. */
    static final String MODEL_INDEX = "META-INF/kie/io.netprove/netprove-rules/drools-model";
    /** How findings and errors name the built-in packs. */
    public static final String ORIGIN = "netprove built-in rules";

    private BuiltInRules() {
    }

    /** Builds the built-in knowledge base (about half a second from a cold JVM). */
    public static CompiledRules load() {
        List<Model> models = new ArrayList<>();
        ClassLoader loader = BuiltInRules.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(MODEL_INDEX)) {
            if (in == null) {
                throw new IllegalStateException("the built-in rules were not compiled: " + MODEL_INDEX + " is missing");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (name.isEmpty() || name.contains(":")) {
                    continue;
                }
                models.add((Model) Class.forName(name, true, loader).getDeclaredConstructor().newInstance());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the built-in rules: " + e, e);
        }
        KieBase kieBase = KieBaseBuilder.createKieBaseFromModel(models);
        warmUp(kieBase);
        return new CompiledRules(ORIGIN, kieBase, Map.of());
    }

    /**
     * Runs an empty session once, so that the session and agenda classes are loaded here (on the loading thread)
     * rather than when the first real run starts. The context alone makes no rule fire.
     */
    private static void warmUp(KieBase kieBase) {
        KieSession session = kieBase.newKieSession();
        try {
            session.insert(RuleContext.DEFAULT);
            session.fireAllRules();
        } finally {
            session.dispose();
        }
    }

    /** Starts {@link #load()} on a daemon thread, so that reading the input can overlap with it. */
    public static CompletableFuture<CompiledRules> loadInBackground() {
        CompletableFuture<CompiledRules> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(load());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, "netprove-builtin-rules");
        t.setDaemon(true);
        t.start();
        return result;
    }
}
