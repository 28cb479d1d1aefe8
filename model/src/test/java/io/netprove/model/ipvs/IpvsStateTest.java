package io.netprove.model.ipvs;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpvsStateTest {

    private static VirtualService service(VirtualServiceKey key) {
        return new VirtualService(key, new Scheduler("rr"), Set.of(), Optional.empty(), false, List.of(),
                SourceLocation.NONE);
    }

    private static final IpAddress VIP = IpAddress.parse("10.96.0.10");
    private static final VirtualServiceKey DNS = new VirtualServiceKey.ByAddress(IpvsProtocol.UDP, VIP, 53);
    private static final VirtualServiceKey CATCH_ALL = new VirtualServiceKey.ByAddress(IpvsProtocol.UDP, VIP, 0);
    private static final VirtualServiceKey MARK = new VirtualServiceKey.ByFwmark(42, AddressFamily.IPV4);

    private static final IpvsState STATE = new IpvsState(
            List.of(service(DNS), service(CATCH_ALL), service(MARK)), List.of(), List.of());

    @Test
    void exactServiceFirst() {
        assertEquals(DNS, STATE.find(AddressFamily.IPV4, 0, IpvsProtocol.UDP, VIP, 53).orElseThrow().key());
    }

    @Test
    void firewallMarkServiceWinsOverAddress() {
        assertEquals(MARK, STATE.find(AddressFamily.IPV4, 42, IpvsProtocol.UDP, VIP, 53).orElseThrow().key());
        assertEquals(DNS, STATE.find(AddressFamily.IPV4, 43, IpvsProtocol.UDP, VIP, 53).orElseThrow().key());
        assertTrue(STATE.find(AddressFamily.IPV6, 42, IpvsProtocol.UDP, IpAddress.parse("::1"), 53).isEmpty());
    }

    @Test
    void portZeroServiceCatchesOtherPorts() {
        assertEquals(CATCH_ALL, STATE.find(AddressFamily.IPV4, 0, IpvsProtocol.UDP, VIP, 5353).orElseThrow().key());
        assertTrue(STATE.find(AddressFamily.IPV4, 0, IpvsProtocol.TCP, VIP, 53).isEmpty());
    }

    @Test
    void schedulerFlagNamesDependOnTheScheduler() {
        Scheduler sh = new Scheduler("sh");
        Scheduler rr = new Scheduler("rr");
        assertEquals(SchedulerFlag.FLAG_1, SchedulerFlag.parse("sh-fallback", sh));
        assertEquals(SchedulerFlag.FLAG_2, SchedulerFlag.parse("mh-port", new Scheduler("mh")));
        assertNull(SchedulerFlag.parse("sh-port", rr));
        assertEquals(SchedulerFlag.FLAG_3, SchedulerFlag.parse("flag-3", rr));
        assertEquals("flag-2", SchedulerFlag.FLAG_2.displayName(rr));
        assertEquals("sh-port", SchedulerFlag.FLAG_2.displayName(sh));
    }

    @Test
    void keyRangesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new VirtualServiceKey.ByFwmark(0, AddressFamily.IPV4));
        assertThrows(IllegalArgumentException.class,
                () -> new VirtualServiceKey.ByAddress(IpvsProtocol.TCP, VIP, 70000));
    }
}
