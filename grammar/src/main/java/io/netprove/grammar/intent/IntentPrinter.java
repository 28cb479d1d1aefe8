package io.netprove.grammar.intent;

import io.netprove.model.intent.ApiAccess;
import io.netprove.model.intent.ApiEndpoint;
import io.netprove.model.intent.BuiltinZone;
import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.Exposure;
import io.netprove.model.intent.ExposureStatement;
import io.netprove.model.intent.FileRef;
import io.netprove.model.intent.IngressController;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.KubeProxyMode;
import io.netprove.model.intent.LabelRequirement;
import io.netprove.model.intent.LabelSelector;
import io.netprove.model.intent.NodeSpec;
import io.netprove.model.intent.PortSpec;
import io.netprove.model.intent.Quantifier;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.RouteGateway;
import io.netprove.model.intent.Source;
import io.netprove.model.intent.Statement;
import io.netprove.model.intent.Target;
import io.netprove.model.intent.ZoneDef;
import io.netprove.model.intent.ZoneExpr;
import io.netprove.model.intent.ZoneRoutes;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes an {@link Intent} as intent-language text that {@link IntentReader} reads back into the same model, source
 * locations, the statements' {@code text} (the printed text becomes it) and the list of files read aside. Included
 * files are written inline: the model no longer knows which element came from which file.
 *
 * <p>The output is canonical: the cluster block first (settings in the order of the language reference, defaults
 * left out), then the zone definitions, the {@code routes to} lines, the {@code has api access} lines and the
 * statements, each statement's name quoted. A model that the language has no text for (a union inside a union, two
 * address lists in one union, a pod set with a selector before another item, a name that would read as another
 * token, ...) is refused with an {@link IllegalArgumentException} that says which part; whether the model makes sense
 * (known zones, clauses that fit together) is left to the reader.
 */
public final class IntentPrinter {

    /** Token types that IntentModelBuilder accepts where a Kubernetes name is expected ({@code name} rule). */
    private static final Set<Integer> NAME_TOKENS = Set.of(IntentLexer.WORD, IntentLexer.NUMBER,
            IntentLexer.RANGE_NUMBER);
    /** Token types of the {@code nodeName} rule. */
    private static final Set<Integer> NODE_TOKENS = Set.of(IntentLexer.WORD, IntentLexer.NUMBER,
            IntentLexer.RANGE_NUMBER, IntentLexer.ADDRESS_V4);

    private IntentPrinter() {
    }

    /** The intent with every path absolute. */
    public static String print(Intent intent) {
        return new Writer(null).intent(intent);
    }

    /**
     * The intent as the content of a file in {@code directory}: paths are written relative to it (the reader
     * resolves them against the file's folder, so they name the same files).
     */
    public static String print(Intent intent, Path directory) {
        return new Writer(directory.toAbsolutePath().normalize()).intent(intent);
    }

    /**
     * One statement as written after its name (the form {@link Statement#text()} takes when the printed text is
     * read back).
     */
    public static String statement(Statement statement) {
        return new Writer(null).statementBody(statement);
    }

    /** The writer of one intent: where relative paths start, if anywhere. */
    private static final class Writer {

        private final Path directory;

        Writer(Path directory) {
            this.directory = directory;
        }

        String intent(Intent intent) {
            StringBuilder sb = new StringBuilder();
            intent.cluster().ifPresent(c -> sb.append(cluster(c)).append('\n'));
            boolean zones = false;
            for (ZoneDef z : intent.zones()) {
                sb.append("zone ").append(zoneName(z.name())).append(" = ").append(zoneExpr(z.expr())).append('\n');
                zones = true;
            }
            for (ZoneRoutes r : intent.routes()) {
                sb.append(routes(r)).append('\n');
                zones = true;
            }
            for (ApiAccess a : intent.apiAccess()) {
                sb.append("zone ").append(zoneName(a.zone())).append(" has api access\n");
                zones = true;
            }
            if (zones && !intent.statements().isEmpty()) {
                sb.append('\n');
            }
            for (Statement s : intent.statements()) {
                s.name().ifPresent(n -> sb.append(quoted(statementName(n))).append(": "));
                sb.append(statementBody(s)).append('\n');
            }
            return sb.toString();
        }

        // ------------------------------------------------------------------------------------------------ cluster

        private String cluster(ClusterSpec c) {
            StringBuilder sb = new StringBuilder("cluster");
            c.name().ifPresent(n -> sb.append(' ').append(word(n, Set.of(IntentLexer.WORD), "cluster name")));
            sb.append(" {\n");
            if (!c.podNetworks().isEmpty()) {
                sb.append("  pod network ").append(prefixes(c.podNetworks())).append('\n');
            }
            if (!c.serviceNetworks().isEmpty()) {
                sb.append("  service network ").append(prefixes(c.serviceNetworks())).append('\n');
            }
            for (NodeSpec n : c.nodes()) {
                sb.append("  node ").append(nodeName(n.name())).append(" address ")
                        .append(list(n.addresses(), IpAddress::toString));
                n.state().ifPresent(s -> sb.append(" state ").append(quoted(path(s))));
                sb.append('\n');
            }
            if (!c.manifests().isEmpty()) {
                sb.append("  manifests ").append(list(c.manifests(), m -> quoted(path(m)))).append('\n');
            }
            if (!c.nodePortRange().equals(ClusterSpec.DEFAULT_NODE_PORT_RANGE)) {
                PortRange r = c.nodePortRange();
                sb.append("  node port range ").append(r.first()).append('-').append(r.last()).append('\n');
            }
            if (c.kubeProxyMode() != KubeProxyMode.IPTABLES) {
                sb.append("  kube-proxy mode ").append(c.kubeProxyMode().keyword()).append('\n');
            }
            c.cni().ifPresent(cni -> sb.append("  cni ").append(cni.keyword()).append('\n'));
            if (!c.macvlanNetworks().isEmpty()) {
                sb.append("  macvlan network ").append(prefixes(c.macvlanNetworks())).append('\n');
            }
            for (IngressController ic : c.ingressControllers()) {
                sb.append("  ingress controller ").append(podSet(ic.pods()));
                ic.ingressClass().ifPresent(k -> sb.append(" class ").append(name(k, "IngressClass name")));
                sb.append('\n');
            }
            if (!c.apiServers().isEmpty()) {
                sb.append("  api server ").append(list(c.apiServers(), ApiEndpoint::toString)).append('\n');
            }
            return sb.append("}\n").toString();
        }

        private String path(FileRef ref) {
            if (directory == null) {
                return ref.path().toString();
            }
            String relative = directory.relativize(ref.path()).toString();
            return relative.isEmpty() ? "." : relative;
        }

        // -------------------------------------------------------------------------------------------------- zones

        /** An item list, optionally minus another: the shape {@code zone NAME = ...} can write. */
        private String zoneExpr(ZoneExpr e) {
            if (e instanceof ZoneExpr.Except x) {
                return union(x.base()) + " except " + union(x.excluded());
            }
            return union(e);
        }

        private String union(ZoneExpr e) {
            if (!(e instanceof ZoneExpr.Union u)) {
                return item(e);
            }
            boolean addresses = false;
            for (int i = 0; i < u.members().size(); i++) {
                ZoneExpr m = u.members().get(i);
                if (m instanceof ZoneExpr.Cidrs) {
                    if (addresses) {
                        throw unwritable("two address lists in one union (the reader joins them into one)", u);
                    }
                    addresses = true;
                }
                if (m instanceof ZoneExpr.PodSet p && !p.selector().isEmpty() && i < u.members().size() - 1) {
                    throw unwritable("a pod set with a selector before another item (the selector would take it)",
                            u);
                }
            }
            return list(u.members(), this::item);
        }

        /** One member of a union, or one item of a list: never a union or an exclusion. */
        private String item(ZoneExpr e) {
            if (e instanceof ZoneExpr.Cidrs c) {
                return prefixes(c.prefixes());
            }
            if (e instanceof ZoneExpr.ZoneRef r) {
                return zoneName(r.name());
            }
            if (e instanceof ZoneExpr.Builtin b) {
                return b.zone().keyword();
            }
            if (e instanceof ZoneExpr.Everything) {
                return "everything";
            }
            if (e instanceof ZoneExpr.PodSet p) {
                return podSet(p);
            }
            throw unwritable(e instanceof ZoneExpr.Union ? "a union inside a union or an exclusion"
                    : "an exclusion inside a union or an exclusion", e);
        }

        private String routes(ZoneRoutes r) {
            StringBuilder sb = new StringBuilder("zone ").append(zoneName(r.zone())).append(" routes to ");
            sb.append(list(r.destinations(), this::routeDestination));
            if (r.via().isPresent()) {
                RouteGateway g = r.via().get();
                if (g instanceof RouteGateway.ViaNode n) {
                    sb.append(" via node ").append(nodeName(n.node()));
                } else {
                    sb.append(" via ").append(podSet(((RouteGateway.ViaPods) g).pods()));
                }
            }
            return sb.toString();
        }

        private String routeDestination(ZoneExpr d) {
            if (d instanceof ZoneExpr.Builtin b && b.zone() != BuiltinZone.CLUSTER) {
                return b.zone().keyword();
            }
            if (d instanceof ZoneExpr.Cidrs c && c.prefixes().size() == 1) {
                return c.prefixes().get(0).toShortString();
            }
            if (d instanceof ZoneExpr.ZoneRef z) {
                return zoneName(z.name());
            }
            throw unwritable("a 'routes to' destination that is not pods, services, nodes, one address block or a"
                    + " zone name", d);
        }

        // ----------------------------------------------------------------------------------------------- pod sets

        private String podSet(ZoneExpr.PodSet p) {
            LabelSelector s = p.selector();
            if (p.namespace().isEmpty()) {
                if (s.isEmpty()) {
                    throw unwritable("a pod set of every namespace without a selector ('pods' alone is the pod"
                            + " network)", p);
                }
                return "pods with " + selector(s);
            }
            String ns = p.namespace().get();
            if (s.isEmpty()) {
                return "pods in namespace " + name(ns, "namespace");
            }
            return "pods " + name(ns, "namespace") + "/" + selector(s);
        }

        private String selector(LabelSelector s) {
            return s.requirements().stream().map(this::requirement).collect(Collectors.joining(","));
        }

        private String requirement(LabelRequirement r) {
            String key = labelKey(r.key());
            return switch (r.operator()) {
                case EQUALS -> key + "=" + labelValue(r.values().get(0));
                case NOT_EQUALS -> key + "!=" + labelValue(r.values().get(0));
                case IN -> key + " in (" + list(r.values(), this::labelValue) + ")";
                case NOT_IN -> key + " notin (" + list(r.values(), this::labelValue) + ")";
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
            };
        }

        private String labelKey(String key) {
            int slash = key.indexOf('/');
            if (slash < 0) {
                return name(key, "label key");
            }
            return name(key.substring(0, slash), "label-key prefix") + "/" + name(key.substring(slash + 1),
                    "label key");
        }

        /** A bare value when it reads as a name, else a quoted string. */
        private String labelValue(String value) {
            return isName(value) ? value : quoted(value);
        }

        // --------------------------------------------------------------------------------------------- statements

        String statementBody(Statement s) {
            if (s instanceof ExposureStatement e) {
                return exposure(e);
            }
            ReachStatement r = (ReachStatement) s;
            StringBuilder sb = new StringBuilder();
            if (r.quantifier() == Quantifier.SOME) {
                sb.append("some address of ");
            }
            sb.append(source(r.source())).append(' ').append(r.reachability()).append(' ')
                    .append(target(r.target()));
            if (!r.ports().isEmpty()) {
                sb.append(" on ").append(list(r.ports(), this::portSpec));
            }
            if (r.directly()) {
                sb.append(" directly");
            }
            if (!r.via().isEmpty()) {
                sb.append(r.onlyVia() ? " only via " : " via ").append(list(r.via(), Exposure::keyword));
            }
            return sb.toString();
        }

        private String exposure(ExposureStatement e) {
            String service = service(e.service()) + " is ";
            return switch (e.claim()) {
                case EXPOSED_AS -> service + "exposed as " + list(e.exposures(), Exposure::keyword);
                case EXPOSED_ONLY_VIA -> service + "exposed only via " + list(e.exposures(), Exposure::keyword);
                case NOT_EXPOSED -> service + "not exposed outside the cluster";
            };
        }

        private String source(Source s) {
            if (s instanceof Source.ZoneSource z) {
                return item(z.zone());
            }
            if (s instanceof Source.PodSetSource p) {
                return podSet(p.podSet());
            }
            if (s instanceof Source.AddressSource a) {
                return a.prefix().toShortString();
            }
            return "node " + nodeName(((Source.NodeSource) s).node());
        }

        private String target(Target t) {
            if (t instanceof Target.ZoneTarget z) {
                return item(z.zone());
            }
            if (t instanceof Target.PodSetTarget p) {
                return podSet(p.podSet());
            }
            if (t instanceof Target.ServiceTarget s) {
                return service(s);
            }
            if (t instanceof Target.AddressTarget a) {
                return a.port().isPresent() ? a.prefix().network().withPort(a.port().getAsInt())
                        : a.prefix().toShortString();
            }
            if (t instanceof Target.NodeTarget n) {
                return "node " + nodeName(n.node());
            }
            return url((Target.UrlTarget) t);
        }

        private String service(Target.ServiceTarget s) {
            return "service " + name(s.namespace(), "namespace") + "/" + name(s.name(), "service name")
                    + s.port().map(p -> ":" + name(p, "service port")).orElse("");
        }

        private String url(Target.UrlTarget u) {
            String text = u.toString();
            if (u.path().indexOf('?') >= 0 || !u.host().equals(u.host().toLowerCase(Locale.ROOT))
                    || !lexesAs(text, Set.of(IntentLexer.URL))) {
                throw unwritable("a URL with a query, an upper-case host, or a blank, ',', ';', '#' or '\"' in it",
                        u);
            }
            return text;
        }

        private String portSpec(PortSpec p) {
            if (p.protocol().isEmpty()) {
                return "any";
            }
            Protocol protocol = p.protocol().get();
            String word;
            if (protocol.equals(Protocol.TCP) || protocol.equals(Protocol.UDP) || protocol.equals(Protocol.SCTP)
                    || protocol.equals(Protocol.ICMP)) {
                word = protocol.name();
            } else if (protocol.equals(Protocol.ICMPV6)) {
                word = "icmpv6";
            } else {
                throw unwritable("protocol " + protocol + " (the language names tcp, udp, sctp, icmp, icmpv6)", p);
            }
            if (p.ports().isEmpty()) {
                return word;
            }
            PortRange r = p.ports().get();
            return word + "/" + (r.isSingle() ? Integer.toString(r.first()) : r.first() + "-" + r.last());
        }

        // -------------------------------------------------------------------------------------------- small parts

        private static String prefixes(List<IpPrefix> prefixes) {
            return list(prefixes, IpPrefix::toShortString);
        }

        private static <T> String list(List<T> items, Function<T, String> show) {
            return items.stream().map(show).collect(Collectors.joining(", "));
        }

        private static String zoneName(String name) {
            if (name.indexOf('.') >= 0) {
                throw unwritable("a zone name with '.'", name);
            }
            return word(name, Set.of(IntentLexer.WORD), "zone name");
        }

        private static String nodeName(String name) {
            return word(name, NODE_TOKENS, "node name");
        }

        /** A Kubernetes name: any word the lexer reads as one name token, keywords included. */
        private static String name(String text, String what) {
            if (!isName(text)) {
                throw unwritable("a " + what + " that does not read as one word", text);
            }
            return text;
        }

        private static boolean isName(String text) {
            Token t = onlyToken(text);
            return t != null && (NAME_TOKENS.contains(t.getType()) || isKeyword(t));
        }

        private static String statementName(String name) {
            if (name.isEmpty() || !name.strip().equals(name) || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
                throw unwritable("a statement name that is empty, starts or ends with a blank, or spans lines",
                        name);
            }
            return name;
        }

        private static String quoted(String text) {
            if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                throw unwritable("a string with a line break", text);
            }
            return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }

        private static String word(String text, Set<Integer> types, String what) {
            if (!lexesAs(text, types)) {
                throw unwritable("a " + what + " that does not read as one word (or is a keyword)", text);
            }
            return text;
        }

        private static boolean lexesAs(String text, Set<Integer> types) {
            Token t = onlyToken(text);
            return t != null && types.contains(t.getType());
        }

        /** The one token {@code text} reads as, or null when it reads as several (or none). */
        private static Token onlyToken(String text) {
            if (text.isEmpty()) {
                return null;
            }
            IntentLexer lexer = new IntentLexer(CharStreams.fromString(text));
            lexer.removeErrorListeners();
            List<? extends Token> tokens = lexer.getAllTokens();
            if (tokens.size() != 1 || !tokens.get(0).getText().equals(text)) {
                return null;
            }
            return tokens.get(0);
        }

        /** A keyword: a token whose literal is a lower-case word ('pods', 'kube-proxy'), not punctuation. */
        private static boolean isKeyword(Token t) {
            String literal = IntentLexer.VOCABULARY.getLiteralName(t.getType());
            return literal != null && literal.matches("'[a-z][a-z0-9-]*'");
        }

        private static IllegalArgumentException unwritable(String what, Object part) {
            return new IllegalArgumentException("the intent language has no text for " + what + ": " + part);
        }
    }
}
