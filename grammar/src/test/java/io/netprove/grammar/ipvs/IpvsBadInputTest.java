package io.netprove.grammar.ipvs;

import io.netprove.grammar.InputError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpvsBadInputTest {

    private static InputError error(String text) {
        return assertThrows(InputError.class, () -> IpvsFrontEnd.read("bad.txt", text));
    }

    private static void assertAt(InputError e, int line, int column, String messagePart) {
        assertEquals("bad.txt", e.location().file());
        assertEquals(line, e.location().line(), e.getMessage());
        assertEquals(column, e.location().column(), e.getMessage());
        assertTrue(e.reason().contains(messagePart), e.getMessage());
        assertTrue(e.reason().contains("expected"), e.getMessage());
    }

    @Test
    void unknownProtocolFlag() {
        InputError e = error("-A -t 10.0.0.1:80 -s rr\n-A -z 10.0.0.2:80 -s rr\n");
        assertAt(e, 2, 4, "unknown option '-z'");
    }

    @Test
    void realServerBeforeAnyVirtualService() {
        InputError e = error("-a -t 10.96.0.1:443 -r 192.168.0.10:6443 -m -w 1\n");
        assertAt(e, 1, 1, "never added");
    }

    @Test
    void malformedServiceAddress() {
        InputError e = error("-A -t 10.96.0.300:443 -s rr\n");
        assertAt(e, 1, 7, "bad virtual service address '10.96.0.300:443'");
    }

    @Test
    void malformedRealServerAddress() {
        InputError e = error("-A -t 10.96.0.1:443 -s rr\n-a -t 10.96.0.1:443 -r 192.168.0:6443 -m\n");
        assertAt(e, 2, 24, "bad real server address");
    }

    @Test
    void truncatedLine() {
        InputError e = error("-A -t 10.96.0.1:443 -s rr\n-a -t 10.96.0.1:443 -r\n");
        assertAt(e, 2, 23, "option -r needs a value");
    }

    @Test
    void missingRealServer() {
        InputError e = error("-A -t 10.96.0.1:443 -s rr\n-a -t 10.96.0.1:443 -m -w 1\n");
        assertAt(e, 2, 28, "missing real server");
    }

    @Test
    void zeroPortWithoutPersistence() {
        InputError e = error("-A -t 10.96.0.1:0 -s rr\n");
        assertAt(e, 1, 7, "zero port");
    }

    @Test
    void onePacketSchedulingOnTcp() {
        InputError e = error("-A -t 10.96.0.1:80 -s rr -o\n");
        assertAt(e, 1, 26, "one-packet scheduling on a TCP service");
    }

    @Test
    void schedulerFlagOfAnotherScheduler() {
        InputError e = error("-A -t 10.96.0.1:80 -s rr -b sh-port\n");
        assertAt(e, 1, 29, "scheduler flag 'sh-port' does not apply to scheduler rr");
    }

    @Test
    void duplicateService() {
        InputError e = error("-A -t 10.96.0.1:80 -s rr\n-A -t 10.96.0.1:80 -s wlc\n");
        assertAt(e, 2, 1, "already defined at line 1");
    }

    @Test
    void notAnIpvsDump() {
        InputError e = error("*filter\n");
        assertAt(e, 1, 1, "unexpected '*filter'");
    }

    @Test
    void listingRealServerBeforeAnyService() {
        InputError e = error(String.join("\n",
                "Prot LocalAddress:Port Scheduler Flags",
                "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
                "  -> 10.244.0.2:53                Masq    1      0          0",
                ""));
        assertAt(e, 3, 3, "real server line before any virtual service");
    }

    @Test
    void listingUnknownProtocol() {
        InputError e = error(String.join("\n",
                "Prot LocalAddress:Port Scheduler Flags",
                "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
                "ICMP 10.0.0.1:80 rr",
                ""));
        assertAt(e, 3, 1, "unknown protocol 'ICMP'");
    }

    @Test
    void listingTruncatedRealServerLine() {
        InputError e = error(String.join("\n",
                "Prot LocalAddress:Port Scheduler Flags",
                "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
                "TCP  10.0.0.1:80 rr",
                "  -> 10.1.0.1:80                  Masq    1",
                ""));
        assertAt(e, 4, 44, "line ends early");
    }

    @Test
    void listingWithHostNamesInsteadOfNumbers() {
        InputError e = error(String.join("\n",
                "Prot LocalAddress:Port Scheduler Flags",
                "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
                "TCP  kubernetes.default:https rr",
                ""));
        assertAt(e, 3, 6, "ipvsadm -Ln");
    }

    @Test
    void listingStatisticsLayoutIsRefused() {
        InputError e = error(String.join("\n",
                "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes",
                "  -> RemoteAddress:Port",
                ""));
        assertAt(e, 1, 38, "--stats");
    }
}
