package io.netprove.grammar.ipset;

import io.netprove.grammar.InputError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpsetBadInputTest {

    private static final String CREATE = "create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536\n";

    private static InputError error(String text) {
        return assertThrows(InputError.class, () -> IpsetFrontEnd.read("bad.txt", text));
    }

    private static void assertAt(InputError e, int line, int column, String messagePart) {
        assertEquals("bad.txt", e.location().file());
        assertEquals(line, e.location().line(), e.getMessage());
        assertEquals(column, e.location().column(), e.getMessage());
        assertTrue(e.reason().contains(messagePart), e.getMessage());
        assertTrue(e.reason().contains("expected"), e.getMessage());
    }

    @Test
    void addToASetThatWasNeverCreated() {
        InputError e = error(CREATE + "add KUBE-CLUSTER-IPS 10.96.0.1,tcp:443\n");
        assertAt(e, 2, 5, "set 'KUBE-CLUSTER-IPS' that was never created");
    }

    @Test
    void memberMissingAComponent() {
        InputError e = error(CREATE + "add KUBE-CLUSTER-IP 10.96.0.1\n");
        assertAt(e, 2, 21, "does not fit hash:ip,port");
    }

    @Test
    void memberWithAPortInAnIpSet() {
        InputError e = error("create KUBE-LOOP hash:ip\nadd KUBE-LOOP 10.0.0.1,tcp:80\n");
        assertAt(e, 2, 15, "does not fit hash:ip");
    }

    @Test
    void malformedAddress() {
        InputError e = error(CREATE + "add KUBE-CLUSTER-IP 10.96.0.300,tcp:443\n");
        assertAt(e, 2, 21, "bad address '10.96.0.300'");
    }

    @Test
    void malformedPortColumnPointsAtTheComponent() {
        InputError e = error(CREATE + "add KUBE-CLUSTER-IP 10.96.0.1,tcp:https\n");
        assertAt(e, 2, 31, "bad port 'https'");
    }

    @Test
    void unknownProtocol() {
        InputError e = error(CREATE + "add KUBE-CLUSTER-IP 10.96.0.1,tpc:443\n");
        assertAt(e, 2, 31, "unknown protocol 'tpc'");
    }

    @Test
    void addressOfTheOtherFamily() {
        InputError e = error(CREATE + "add KUBE-CLUSTER-IP fd00::1,tcp:443\n");
        assertAt(e, 2, 21, "set is family inet");
    }

    @Test
    void nomatchOnATypeWithoutNetworks() {
        InputError e = error(CREATE + "add KUBE-CLUSTER-IP 10.96.0.1,tcp:443 nomatch\n");
        assertAt(e, 2, 39, "nomatch on a member of hash:ip,port");
    }

    @Test
    void portOutsideTheBitmapRange() {
        InputError e = error("create NP bitmap:port range 30000-32767\nadd NP 8080\n");
        assertAt(e, 2, 8, "outside the range 30000-32767");
    }

    @Test
    void unknownType() {
        InputError e = error("create X hash:ip,port,port family inet\n");
        assertAt(e, 1, 10, "unknown set type 'hash:ip,port,port'");
    }

    @Test
    void truncatedLine() {
        InputError e = error(CREATE + "add KUBE-CLUSTER-IP\n");
        assertAt(e, 2, 20, "line ends early");
    }

    @Test
    void truncatedOption() {
        InputError e = error("create NP bitmap:port range\n");
        assertAt(e, 1, 28, "option range needs a value");
    }

    @Test
    void unknownCreateOption() {
        InputError e = error("create X hash:ip familly inet\n");
        assertAt(e, 1, 18, "unknown create option 'familly'");
    }

    @Test
    void unknownCommand() {
        InputError e = error(CREATE + "test KUBE-CLUSTER-IP 10.96.0.1,tcp:443\n");
        assertAt(e, 2, 1, "unexpected 'test'");
    }

    @Test
    void unterminatedComment() {
        InputError e = error("create X hash:ip comment\nadd X 10.0.0.1 comment \"open\n");
        assertAt(e, 2, 24, "unterminated quoted word");
    }

    @Test
    void listingTruncatedBeforeAllMembers() {
        InputError e = error(String.join("\n",
                "Name: KUBE-CLUSTER-IP",
                "Type: hash:ip,port",
                "Revision: 6",
                "Header: family inet hashsize 1024 maxelem 65536",
                "Size in memory: 440",
                "References: 1",
                "Number of entries: 3",
                "Members:",
                "10.96.0.1,tcp:443",
                ""));
        assertAt(e, 10, 1, "lists 1 members but line 7 says 'Number of entries: 3'");
    }

    @Test
    void listingWithoutName() {
        InputError e = error("Type: hash:ip\nHeader: family inet\n");
        assertAt(e, 1, 1, "unexpected 'Type:'");
    }

    @Test
    void listingMemberNotFittingTheType() {
        InputError e = error(String.join("\n",
                "Name: KUBE-NODE-PORT-TCP",
                "Type: bitmap:port",
                "Revision: 3",
                "Header: range 0-65535",
                "Members:",
                "10.0.0.1,tcp:80",
                ""));
        assertAt(e, 6, 1, "member '10.0.0.1,tcp:80' does not fit bitmap:port");
    }

    @Test
    void listSetMemberThatDoesNotExist() {
        InputError e = error("create all list:set\nadd all nothere\n");
        assertAt(e, 2, 1, "member set 'nothere'");
    }
}
