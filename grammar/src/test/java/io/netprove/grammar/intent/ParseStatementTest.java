package io.netprove.grammar.intent;

import io.netprove.grammar.InputError;
import io.netprove.model.intent.ExposureStatement;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Statement;
import io.netprove.model.intent.Target;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static io.netprove.grammar.intent.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One statement from the command line, checked against an intent's zones and nodes. */
class ParseStatementTest {

    private static final Intent CONTEXT = IntentReader.read(Path.of("ctx.np"), "cluster {\n"
            + "  pod network 10.244.0.0/16\n  node node-1 address 192.168.0.2\n}\n"
            + "zone office = 10.140.0.0/16\nzone vpn = 10.8.0.0/24\n");

    private static InputError failure(String statement) {
        return assertThrows(InputError.class, () -> IntentReader.parseStatement(statement, CONTEXT));
    }

    @Test
    void reachStatementWithLocationsOnTheCommandLine() {
        ReachStatement s = assertInstanceOf(ReachStatement.class,
                IntentReader.parseStatement("office can reach service shop/web:http", CONTEXT));
        assertEquals(new SourceLocation(IntentReader.COMMAND_LINE, 1, 1), s.location());
        assertEquals(new Target.ServiceTarget("shop", "web", Optional.of("http"),
                new SourceLocation("<command line>", 1, 18)), s.target());
        assertEquals("office can reach service shop/web:http", s.text());
    }

    @Test
    void namedExposureStatementWithSurroundingBlanksAndSemicolon() {
        Statement s = IntentReader.parseStatement("  web-public: service shop/web is exposed as nodeport;", CONTEXT);
        ExposureStatement e = assertInstanceOf(ExposureStatement.class, s);
        assertEquals(Optional.of("web-public"), e.name());
        assertEquals(new SourceLocation("<command line>", 1, 3), e.location());
        assertEquals("service shop/web is exposed as nodeport", e.text());
    }

    @Test
    void builtinZonesAndNodesComeFromTheContext() {
        ReachStatement s = assertInstanceOf(ReachStatement.class,
                IntentReader.parseStatement("node node-1 can reach pods on tcp/80", CONTEXT));
        assertEquals("node node-1", s.source().toString());
    }

    @Test
    void errorsPointIntoTheString() {
        expect(failure("office can reach vpn on 53"), "<command line>", 1, 25,
                "port 53 has no protocol: expected tcp/53, udp/53 or sctp/53");
        expect(failure("office can reach"), "<command line>", 1, 17, "unexpected end of statement: expected a target"
                + " (a zone, an address, 'service NAMESPACE/NAME', 'node NAME', a pod set or an http(s):// URL)");
        expect(failure("office can reach vpn; vpn can reach office"), "<command line>", 1, 23,
                "unexpected 'vpn': expected the end of the statement");
        expect(failure("vpn can reach ofice"), "<command line>", 1, 15, "unknown zone 'ofice': did you mean 'office'?");
        expect(failure("node node-2 can reach vpn"), "<command line>", 1, 1,
                "unknown node 'node-2': did you mean 'node-1'?");
        expect(failure("vpn can reach services"), "<command line>", 1, 15, "zone 'services' needs the service network:"
                + " expected 'service network CIDR' in the cluster block at ctx.np:1:1");
    }

    @Test
    void aWholeFileIsNotAStatement() {
        expect(failure("zone x = 10.0.0.0/8"), "<command line>", 1, 1, "unexpected 'zone' (a keyword): expected a"
                + " statement ('SOURCE can reach TARGET', 'SOURCE cannot reach TARGET' or 'service NAMESPACE/NAME is"
                + " ...')");
        expect(failure("include \"a.np\""), "<command line>", 1, 1, "unexpected 'include' (a keyword): expected a"
                + " statement ('SOURCE can reach TARGET', 'SOURCE cannot reach TARGET' or 'service NAMESPACE/NAME is"
                + " ...')");
        expect(failure(""), "<command line>", 1, 1, "unexpected end of statement: expected a statement ('SOURCE can"
                + " reach TARGET', 'SOURCE cannot reach TARGET' or 'service NAMESPACE/NAME is ...')");
    }
}
