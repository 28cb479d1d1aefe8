package io.netprove.grammar.intent;

import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.netprove.grammar.intent.IntentParser.*;

/**
 * Says in words what the parser expected: a token set becomes "'can' or 'cannot'", "a port such as tcp/8080 ..." or
 * "a zone (...)", never a token dump. Sets that stand for a whole construct (every port keyword, every zone form)
 * are named as that construct.
 */
final class ExpectedWords {

    /** A construct named in words when every one of its trigger tokens is expected; it then covers all its tokens. */
    private record Group(Set<Integer> trigger, Set<Integer> covers, List<String> phrases) {

        Group(Set<Integer> trigger, Set<Integer> covers, String... phrases) {
            this(trigger, covers, List.of(phrases));
        }
    }

    private static final Set<Integer> KEYWORDS = keywordTypes();

    /** What the {@code name} rule accepts: words, numbers and every keyword. */
    private static final Set<Integer> NAMES = union(KEYWORDS, Set.of(WORD, NUMBER, RANGE_NUMBER));

    private static final Set<Integer> ZONE_ITEMS =
            Set.of(WORD, ADDRESS_V4, ADDRESS_V6, PODS, SERVICES, NODES, CLUSTER, EVERYTHING);

    private static final Set<Integer> PROTOCOLS = Set.of(TCP, UDP, SCTP, ICMP, ICMPV6, ANY);

    private static final Set<Integer> EXPOSURES = Set.of(CLUSTERIP, NODEPORT, LOADBALANCER, EXTERNALIP, INGRESS,
            HOSTPORT, HOSTNETWORK, PORT_FORWARD, API_PROXY);

    private static final Set<Integer> NODE_NAMES = Set.of(WORD, NUMBER, RANGE_NUMBER, ADDRESS_V4);

    private static final Set<Integer> DESTINATIONS = Set.of(PODS, SERVICES, NODES, ADDRESS_V4, ADDRESS_V6, WORD);

    private static final Set<Integer> CLUSTER_SETTINGS = Set.of(POD, SERVICE, NODE, MANIFESTS, KUBE_PROXY, CNI,
            MACVLAN, INGRESS, API);

    private static final String STATEMENT =
            "a statement ('SOURCE can reach TARGET', 'SOURCE cannot reach TARGET' or 'service NAMESPACE/NAME is ...')";

    /** Checked in order: the larger constructs first. */
    private static final List<Group> GROUPS = List.of(
            new Group(Set.of(WORD, NUMBER, CAN, BANG), union(NAMES, Set.of(BANG)),
                    "a label requirement (key=value, key!=value, key in (...), key notin (...), key or !key)"),
            new Group(Set.of(WORD, NUMBER, CAN, STRING), union(NAMES, Set.of(STRING)),
                    "a label value (a name, or \"\" for the empty value)"),
            new Group(Set.of(WORD, NUMBER, CAN, TCP, INGRESS), NAMES, "a name"),
            new Group(Set.of(INCLUDE, ZONE, EVERY, SERVICE, WORD),
                    union(ZONE_ITEMS, Set.of(INCLUDE, ZONE, EVERY, SOME, SERVICE, NODE, STRING)),
                    "'include'", "'cluster'", "'zone'", "a statement"),
            new Group(Set.of(EVERY, SOME, SERVICE, NODE, WORD),
                    union(ZONE_ITEMS, Set.of(EVERY, SOME, SERVICE, NODE, STRING)), STATEMENT),
            new Group(Set.of(SERVICE, NODE, LBRACKET, WORD, ADDRESS_V4, PODS),
                    union(ZONE_ITEMS, Set.of(SERVICE, NODE, LBRACKET, URL)),
                    "a target (a zone, an address, 'service NAMESPACE/NAME', 'node NAME', a pod set or an"
                            + " http(s):// URL)"),
            new Group(Set.of(NODE, WORD, ADDRESS_V4, PODS, EVERYTHING), union(ZONE_ITEMS, Set.of(NODE)),
                    "a source (a zone, an address, 'node NAME' or a pod set)"),
            new Group(ZONE_ITEMS, ZONE_ITEMS, "a zone (a zone name, an address or CIDR, 'pods', 'services', 'nodes',"
                    + " 'cluster', 'everything' or a pod set)"),
            new Group(DESTINATIONS, DESTINATIONS,
                    "a destination ('pods', 'services', 'nodes', an address or CIDR, or a zone name)"),
            new Group(PROTOCOLS, PROTOCOLS, "a port such as tcp/8080, udp/53, tcp/8000-8080, tcp, icmp or any"),
            new Group(EXPOSURES, EXPOSURES, "a frontend kind (clusterip, nodeport, loadbalancer, externalip, ingress,"
                    + " hostport, hostnetwork, port-forward or api-proxy)"),
            new Group(NODE_NAMES, NODE_NAMES, "a node name"),
            new Group(Set.of(NUMBER, RANGE_NUMBER), Set.of(NUMBER, RANGE_NUMBER), "a port number or range (8080 or"
                    + " 8000-8080)"),
            new Group(CLUSTER_SETTINGS, CLUSTER_SETTINGS, "a cluster setting ('pod network', 'service network',"
                    + " 'node', 'node port range', 'manifests', 'kube-proxy mode', 'cni', 'macvlan network',"
                    + " 'ingress controller' or 'api server')"));

    private ExpectedWords() {
    }

    /** True for the keyword token types (the spelling of a keyword is its literal, e.g. {@code 'can'}). */
    static boolean isKeyword(int tokenType) {
        return KEYWORDS.contains(tokenType);
    }

    /** The keywords in {@code expected}, as written in an intent ({@code can}, not {@code 'can'}). */
    static List<String> keywordsIn(IntervalSet expected) {
        List<String> out = new ArrayList<>();
        for (int t : expected.toList()) {
            if (KEYWORDS.contains(t)) {
                String literal = spelling(t);
                out.add(literal.substring(1, literal.length() - 1));
            }
        }
        return out;
    }

    /**
     * "x", "x or y", "x, y or z".
     *
     * @param end what a line end or ';' ends here ("line", "statement")
     */
    static String describe(IntervalSet expected, String end) {
        Set<Integer> left = new TreeSet<>(expected.toList());
        left.remove(Token.EPSILON);
        List<String> phrases = new ArrayList<>();
        for (Group g : GROUPS) {
            if (left.containsAll(g.trigger())) {
                phrases.addAll(g.phrases());
                left.removeAll(g.covers());
            }
        }
        boolean lineEnd = left.remove(NEWLINE) | left.remove(SEMICOLON) | left.remove(Token.EOF);
        if (left.size() > 1 || !phrases.isEmpty() || lineEnd) {
            left.remove(COLON); // only ever the colon after a statement name: not what anyone means
        }
        for (int t : left) {
            phrases.add(words(t));
        }
        if (lineEnd) {
            phrases.add("the end of the " + end);
        }
        if (phrases.isEmpty()) {
            return "nothing more";
        }
        StringBuilder sb = new StringBuilder(phrases.get(0));
        for (int i = 1; i < phrases.size(); i++) {
            sb.append(i == phrases.size() - 1 ? " or " : ", ").append(phrases.get(i));
        }
        return sb.toString();
    }

    /** True if the set is where a port spec starts (every protocol keyword expected). */
    static boolean expectsPort(IntervalSet expected) {
        return expected.contains(TCP) && expected.contains(UDP) && expected.contains(SCTP);
    }

    private static String words(int type) {
        return switch (type) {
            case WORD -> "a name";
            case NUMBER -> "a number";
            case RANGE_NUMBER -> "a range such as 30000-32767";
            case STRING -> "a quoted string";
            case ADDRESS_V4 -> "an IPv4 address or CIDR";
            case ADDRESS_V6 -> "an IPv6 address or CIDR";
            case URL -> "an http:// or https:// URL";
            default -> spelling(type);
        };
    }

    /** The literal of a keyword or punctuation token, quoted: {@code 'can'}, {@code '{'}. */
    static String spelling(int type) {
        Vocabulary v = IntentParser.VOCABULARY;
        String literal = v.getLiteralName(type);
        return literal != null ? literal : v.getDisplayName(type);
    }

    private static Set<Integer> keywordTypes() {
        Set<Integer> out = new TreeSet<>();
        Vocabulary v = IntentParser.VOCABULARY;
        for (int t = 1; t <= v.getMaxTokenType(); t++) {
            String literal = v.getLiteralName(t);
            if (literal != null && Character.isLetter(literal.charAt(1))) {
                out.add(t);
            }
        }
        return Set.copyOf(out);
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> out = new TreeSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
