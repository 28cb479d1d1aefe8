package io.netprove.grammar.intent;

import io.netprove.grammar.InputError;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.netprove.grammar.intent.Fixtures.expect;
import static io.netprove.grammar.intent.Fixtures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each kind of bad intent gives one InputError at the exact place, saying in words what was expected. */
class IntentErrorsTest {

    private static final String ZONES = "zone office = 10.140.0.0/16\nzone vpn = 10.8.0.0/24\n";

    private static void expectAt(String text, int line, int column, String reason) {
        expect(failure(text), "t.np", line, column, reason);
    }

    // ----------------------------------------------------------------------------------------------------- syntax

    @Test
    void misspeltKeyword() {
        expectAt(ZONES + "office cna reach vpn\n", 3, 8,
                "unexpected 'cna': expected 'can' or 'cannot'; did you mean 'can'?");
        expectAt(ZONES + "office can reahc vpn\n", 3, 12, "unexpected 'reahc': expected 'reach'; did you mean 'reach'?");
        expectAt("cluster {\n  pod netwrk 10.0.0.0/8\n}\n", 2, 7,
                "unexpected 'netwrk': expected 'network'; did you mean 'network'?");
    }

    @Test
    void misspeltKeywordAfterAnOptionalClause() {
        expectAt(ZONES + "office can reach vpn on tcp/80 directy\n", 3, 32, "unexpected 'directy': expected"
                + " 'directly', 'only', 'via', ',' or the end of the line; did you mean 'directly'?");
    }

    @Test
    void misspeltKeywordThatReadsAsAZoneName() {
        expectAt("zonee office = 10.0.0.0/8\n", 1, 7,
                "unexpected 'office': expected 'can' or 'cannot'; did you mean 'zone' instead of 'zonee'?");
    }

    @Test
    void misspeltFrontendKind() {
        expectAt(ZONES + "office can reach service shop/web via nodeprot\n", 3, 39, "unexpected 'nodeprot': expected a"
                + " frontend kind (clusterip, nodeport, loadbalancer, externalip, ingress, hostport, hostnetwork,"
                + " port-forward or api-proxy); did you mean 'nodeport'?");
    }

    @Test
    void portWithoutProtocol() {
        expectAt(ZONES + "office can reach vpn on 8080\n", 3, 25,
                "port 8080 has no protocol: expected tcp/8080, udp/8080 or sctp/8080");
        expectAt(ZONES + "office can reach vpn on tcp/80, 443\n", 3, 33,
                "port 443 has no protocol: expected tcp/443, udp/443 or sctp/443");
    }

    @Test
    void unterminatedString() {
        expectAt("include \"common.np\n", 1, 9, "unterminated string: expected a closing '\"' on the same line");
        expectAt(ZONES + "\"web from office: office can reach vpn\n", 3, 1,
                "unterminated string: expected a closing '\"' on the same line");
    }

    @Test
    void strayCharacter() {
        expectAt(ZONES + "office can reach vpn @\n", 3, 22,
                "unexpected character '@': expected 'on', 'directly', 'only', 'via' or the end of the line");
        expectAt("zone a = 10.0.0.0/8 \u00e9\n", 1, 21, "unexpected character '\u00e9': expected 'except', ',' or the"
                + " end of the line");
        expectAt("zone a = 10.0.0.0/8\u00a0\n", 1, 20,
                "unexpected character U+00A0: expected 'except', ',' or the end of the line");
    }

    @Test
    void missingPieces() {
        expectAt(ZONES + "office can reach\n", 3, 17, "unexpected end of line: expected a target (a zone, an address,"
                + " 'service NAMESPACE/NAME', 'node NAME', a pod set or an http(s):// URL)");
        expectAt(ZONES + "office can reach vpn on", 3, 24, "unexpected end of file: expected a port such as tcp/8080,"
                + " udp/53, tcp/8000-8080, tcp, icmp or any");
        expectAt("zone office\n", 1, 12, "unexpected end of line: expected 'routes', 'has' or '='");
        expectAt(ZONES + "office can reach service shop\n", 3, 30, "unexpected end of line: expected '/'");
        expectAt(ZONES + "office can reach pods shop/app in (a b)\n", 3, 38, "unexpected 'b': expected ')' or ','");
        expectAt(ZONES + "office can reach [fd00::1]\n", 3, 27, "unexpected end of line: expected ':'");
        expectAt("cluster {\n  node port range 30000\n}\n", 2, 19,
                "unexpected '30000': expected a range such as 30000-32767");
    }

    @Test
    void characterThatCannotStartAWord() {
        expectAt(ZONES + "office can reach pods with app=-web\n", 3, 32,
                "unexpected character '-': expected a label value (a name, or \"\" for the empty value)");
    }

    @Test
    void keywordWhereANameIsExpected() {
        expectAt("zone in = 10.0.0.0/8\n", 1, 6, "unexpected 'in' (a keyword): expected a name");
    }

    @Test
    void unexpectedClosingBrace() {
        expectAt("}\n", 1, 1, "unexpected '}': expected 'include', 'cluster', 'zone', a statement or the end of the"
                + " line");
    }

    @Test
    void antlrPrintsNothing() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try {
            System.setOut(capture);
            System.setErr(capture);
            assertThrows(InputError.class, () -> IntentReader.read(Path.of("t.np"), "office cna ~ reach \"x\n"));
            assertThrows(InputError.class, () -> IntentReader.read(Path.of("t.np"), "zone = = =\n"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------- values and names

    @Test
    void badAddresses() {
        expectAt("zone a = 10.0.0.256\n", 1, 10,
                "bad address '10.0.0.256': expected an IPv4 address such as 10.0.0.1 or a CIDR block such as 10.0.0.0/8");
        expectAt("zone a = 10.0.0.1/8\n", 1, 10, "'10.0.0.1/8' has bits set after the prefix length: expected"
                + " 10.0.0.0/8");
        expectAt("zone a = 10.0.0.0/33\n", 1, 10,
                "bad address '10.0.0.0/33': expected an IPv4 address such as 10.0.0.1 or a CIDR block such as 10.0.0.0/8");
        expectAt("zone a = fd00:::1\n", 1, 10,
                "bad address 'fd00:::1': expected an IPv6 address such as fd00::1 or a CIDR block such as fd00::/64");
        expectAt("cluster {\n  node n1 address 10.0.0.0/24\n}\n", 2, 19,
                "'10.0.0.0/24' is a CIDR block: expected a single address");
        expectAt(ZONES + "office can reach 10.0.0.0/8:80\n", 3, 18,
                "'10.0.0.0/8' is a CIDR block: expected a single address");
    }

    @Test
    void badPorts() {
        expectAt(ZONES + "office can reach vpn on tcp/0\n", 3, 29, "port 0 is out of range: expected a port from 1 to"
                + " 65535");
        expectAt(ZONES + "office can reach vpn on udp/65536\n", 3, 29,
                "port 65536 is out of range: expected a port from 1 to 65535");
        expectAt(ZONES + "office can reach vpn on tcp/90-80\n", 3, 29,
                "port range 90-80 is reversed: expected the lower port first");
        expectAt("cluster {\n  node port range 30000-70000\n}\n", 2, 19,
                "port range 30000-70000 is out of range: expected ports from 1 to 65535");
    }

    @Test
    void badKubernetesNames() {
        expectAt(ZONES + "office can reach service Shop/web\n", 3, 26, "bad namespace 'Shop': expected a namespace name"
                + " of lower-case letters, digits and '-' (at most 63 characters)");
        expectAt(ZONES + "office can reach service shop/9web\n", 3, 31, "bad service name '9web': expected a service"
                + " name of lower-case letters, digits and '-', starting with a letter (at most 63 characters)");
        expectAt(ZONES + "office can reach pods with app=web-\n", 3, 32, "bad label value 'web-': expected a label"
                + " value of letters, digits, '-', '_' and '.', starting and ending with a letter or digit (at most 63"
                + " characters), or \"\"");
        expectAt(ZONES + "office can reach pods with Example.com/app=web\n", 3, 28, "bad label key 'Example.com/app':"
                + " expected a label-key prefix of lower-case letters, digits, '-' and '.' (a DNS subdomain)");
        expectAt("cluster {\n  node Node_1 address 10.0.0.1\n}\n", 2, 8, "bad node name 'Node_1': expected a node"
                + " name of lower-case letters, digits, '-' and '.' (at most 253 characters)");
        expectAt("zone a.b = 10.0.0.0/8\n", 1, 6, "zone name 'a.b' contains '.': expected letters, digits, '-' and '_'");
        expectAt(ZONES + "office can reach service shop/web:http_x\n", 3, 35, "bad service port 'http_x': expected a"
                + " service port name (lower-case letters, digits and '-', at most 15 characters) or number");
    }

    @Test
    void badStrings() {
        expectAt("include \"a\\tb.np\"\n", 1, 11, "unknown escape '\\t' in a string: expected \\\" or \\\\");
        expectAt("include \"\"\n", 1, 9, "empty path: expected the name of a file to include");
        expectAt(ZONES + "\"  \": office can reach vpn\n", 3, 1, "empty statement name: expected some text between"
                + " the quotes");
    }

    // ------------------------------------------------------------------------------------- zones, cluster, clauses

    @Test
    void unknownZoneWithSuggestion() {
        expectAt(ZONES + "ofice can reach vpn\n", 3, 1, "unknown zone 'ofice': did you mean 'office'?");
        expectAt(ZONES + "zone all = office, vnp\n", 3, 20, "unknown zone 'vnp': did you mean 'vpn'?");
        expectAt(ZONES + "zone ofice routes to pods\n", 3, 1, "unknown zone 'ofice': did you mean 'office'?");
    }

    @Test
    void unknownZoneWithoutANearName() {
        expectAt(ZONES + "office can reach warehouse\n", 3, 18, "unknown zone 'warehouse': expected a zone defined"
                + " with 'zone NAME = ...' (office, vpn) or a built-in zone (pods, services, nodes, cluster,"
                + " everything)");
    }

    @Test
    void zoneCycle() {
        expectAt("zone a = b\nzone b = 10.0.0.0/8, c\nzone c = a except 10.0.0.1\n", 3, 10,
                "zone cycle: a -> b -> c -> a: expected a zone that does not refer to itself, directly or through"
                        + " others");
        expectAt("zone a = 10.0.0.0/8, a\n", 1, 22,
                "zone cycle: a -> a: expected a zone that does not refer to itself, directly or through others");
    }

    @Test
    void zoneRedefinition() {
        expectAt(ZONES + "\nzone office = 10.1.0.0/16\n", 4, 1,
                "zone 'office' is already defined at t.np:1:1: expected a new zone name");
    }

    @Test
    void twoClusterBlocks() {
        expectAt("cluster a {\n}\ncluster b {\n}\n", 3, 1, "a second cluster block (the first is at t.np:1:1):"
                + " expected one cluster block per intent, included files counted");
    }

    @Test
    void settingGivenTwice() {
        expectAt("cluster {\n  pod network 10.0.0.0/8\n  service network 10.96.0.0/12\n  pod network 10.1.0.0/16\n}\n",
                4, 3, "'pod network' is already set at t.np:2:3: expected each setting once");
        expectAt("cluster {\n  node n1 address 10.0.0.1\n  node n1 address 10.0.0.2\n}\n", 3, 8,
                "node 'n1' is already declared at t.np:2:3: expected each node once");
    }

    @Test
    void builtinZoneWithoutItsClusterSetting() {
        expectAt("zone all = pods\n", 1, 12, "zone 'pods' needs the cluster: expected a 'cluster { ... }' block"
                + " declaring the pod network");
        expectAt("cluster {\n  pod network 10.0.0.0/8\n}\nzone beyond = everything except cluster\n", 4, 33,
                "zone 'cluster' needs the pod network, the service network and the nodes: expected 'service network"
                        + " CIDR' in the cluster block at t.np:1:1");
    }

    @Test
    void unknownNode() {
        String cluster = "cluster {\n  node node-1 address 10.0.0.1\n  node node-2 address 10.0.0.2\n}\n";
        expectAt(cluster + "node node-3 can reach node node-1\n", 5, 1, "unknown node 'node-3': did you mean"
                + " 'node-1'?");
        expectAt(cluster + "node node-1 can reach node worker\n", 5, 23, "unknown node 'worker': expected a node"
                + " declared in the cluster block (node-1, node-2)");
    }

    @Test
    void directlyWithAServiceTarget() {
        expectAt(ZONES + "office can reach service shop/web directly\n", 3, 35, "'directly' with a service target:"
                + " expected a pod, address, node or zone target (a service is reached through address translation)");
    }

    @Test
    void directlyWithCannotSpeaksOfUntranslatedPackets() {
        io.netprove.model.intent.Statement st = IntentReader.read(java.nio.file.Path.of("t.np"), ZONES
                + "office cannot reach vpn directly\n").statements().get(0);
        io.netprove.model.intent.ReachStatement r = (io.netprove.model.intent.ReachStatement) st;
        org.junit.jupiter.api.Assertions.assertFalse(r.expectsReachable());
        org.junit.jupiter.api.Assertions.assertTrue(r.directly());
        expectAt(ZONES + "office cannot reach service shop/web directly\n", 3, 38, "'directly' with a service"
                + " target: expected a pod, address, node or zone target (a service is reached through address"
                + " translation)");
    }

    @Test
    void viaWithATargetThatIsNotAService() {
        expectAt(ZONES + "office can reach vpn only via loadbalancer\n", 3, 22, "'only via' with a target that is"
                + " not a service: expected 'service NAMESPACE/NAME' as the target");
        expectAt(ZONES + "office can reach 10.0.0.1:80 via nodeport\n", 3, 30, "'via' with a target that is not a"
                + " service or a URL: expected 'service NAMESPACE/NAME' or 'http(s)://HOST/PATH' as the target");
    }

    @Test
    void onlyViaWithCannot() {
        expectAt(ZONES + "office cannot reach service shop/web only via loadbalancer\n", 3, 38, "'only via' with"
                + " 'cannot reach': expected 'can reach', or 'via' without 'only'");
    }

    @Test
    void someAddressWithCannot() {
        expectAt(ZONES + "some address of office cannot reach vpn\n", 3, 1, "'some address of' with 'cannot reach':"
                + " expected 'can reach' ('cannot reach' already speaks of every address)");
    }

    @Test
    void portInTargetAndOnClause() {
        expectAt(ZONES + "office can reach service shop/web:http on tcp/80\n", 3, 40, "the target already names a"
                + " port: expected either a port in the target or an 'on' clause, not both");
    }

    @Test
    void selectorSwallowingAZoneName() {
        expectAt(ZONES + "zone all = pods with app=web, office\n", 3, 31, "'office' is read as a label key of the"
                + " selector before it (a selector takes every comma-separated requirement that follows), but it is"
                + " also a zone: expected the pod set last in the list");
    }
}
