package io.netprove.cli;

import io.netprove.compiler.CompiledNode;
import io.netprove.compiler.KubeProxyCompiler;
import io.netprove.compiler.KubeProxyConfig;
import io.netprove.compiler.KubeProxyMode;
import io.netprove.compiler.LocalTrafficDetector;
import io.netprove.compiler.SnapshotWriter;
import io.netprove.grammar.InputError;
import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.FileRef;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.NodeSpec;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.netfilter.SourceLocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The state kube-proxy would write on every node of an intent, compiled from the manifests the intent names (the
 * working tree of a pull request), as a snapshot folder the other commands read. Only kube-proxy's rules are
 * predicted: the CNI's rules and routes and any host firewall are not, which the notes say.
 */
final class Prediction {

    /** The predicted snapshot folder and what the report should say about it. */
    record Result(Path folder, List<String> notes) {
    }

    private Prediction() {
    }

    /** Compiles every node of {@code intent} into {@code folder} (created if needed). */
    static Result predict(Intent intent, Path folder) {
        ClusterSpec spec = intent.cluster().orElseThrow(() -> new InputError(new SourceLocation(
                intent.files().isEmpty() ? "intent" : intent.files().get(0).toString(), 1, 1),
                "no cluster block: --predict needs the nodes and the manifests the intent names"));
        if (spec.manifests().isEmpty()) {
            throw new InputError(spec.location(), "no manifests: expected 'manifests \"PATH\"' in the cluster block"
                    + " (--predict compiles the nodes' state from them)");
        }
        List<Path> paths = new ArrayList<>();
        for (FileRef f : spec.manifests()) {
            if (!Files.exists(f.path())) {
                throw new InputError(f.location(), "manifests not found at " + f.path()
                        + ": expected a file or folder of Kubernetes YAML/JSON");
            }
            paths.add(f.path());
        }
        ClusterObjects cluster = new ManifestReader().read(paths);
        KubeProxyMode mode = KubeProxyMode.fromFlagValue(spec.kubeProxyMode().keyword()).orElseThrow();
        List<String> notes = new ArrayList<>();
        notes.add("state predicted from the manifests by netprove compile (kube-proxy " + mode.flagValue()
                + " mode, cluster CIDR " + spec.podNetworks() + "): the CNI's rules and routes and any host firewall"
                + " are not part of the prediction");
        for (NodeSpec n : spec.nodes()) {
            KubeProxyConfig config = KubeProxyConfig.defaults(mode, n.name(), n.addresses())
                    .withLocalDetector(spec.podNetworks().isEmpty() ? new LocalTrafficDetector.None()
                            : new LocalTrafficDetector.ByCidr(spec.podNetworks()))
                    .withServiceCIDRs(spec.serviceNetworks());
            CompiledNode compiled = KubeProxyCompiler.compile(cluster, config);
            try {
                SnapshotWriter.write(compiled, folder);
            } catch (IOException e) {
                throw new UsageError("cannot write the predicted state to " + folder + ": " + e.getMessage());
            }
            for (String note : compiled.notes()) {
                String text = "predicted " + n.name() + ": " + note;
                if (!notes.contains(text)) {
                    notes.add(text);
                }
            }
        }
        return new Result(folder, notes);
    }

    /** Removes a temporary prediction folder and everything in it (best effort). */
    static void delete(Path folder) {
        try (java.util.stream.Stream<Path> s = Files.walk(folder)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    /** A fresh temporary folder for a prediction nobody asked to keep. */
    static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("netprove-predicted-");
            return dir;
        } catch (IOException e) {
            throw new UsageError("cannot create a temporary folder for the predicted state: " + e.getMessage());
        }
    }
}
