package io.netprove.grammar.ipvs;

import io.netprove.model.ipvs.IpvsState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IpvsRoundTripTest {

    @Test
    void writingAndReadingBackKeepsEveryService() {
        IpvsState first = IpvsFrontEnd.read("save", Fixtures.text("kube-proxy-node.ipvsadm-save"));
        String written = IpvsadmSaveWriter.write(first.services());
        IpvsState second = IpvsFrontEnd.read("written", written);
        assertEquals(Fixtures.comparable(first.services()), Fixtures.comparable(second.services()));
    }

    @Test
    void writerUsesIpvsadmSaveSyntax() {
        IpvsState s = IpvsFrontEnd.read("save", Fixtures.text("kube-proxy-node.ipvsadm-save"));
        String written = IpvsadmSaveWriter.write(s.services());
        assertEquals(Fixtures.text("kube-proxy-node.ipvsadm-save"), written);
    }

    @Test
    void listingConvertsToTheSaveForm() {
        IpvsState list = IpvsFrontEnd.read("list", Fixtures.text("kube-proxy-node.ipvsadm-Ln"));
        IpvsState back = IpvsFrontEnd.read("written", IpvsadmSaveWriter.write(list.services()));
        assertEquals(Fixtures.comparable(list.services()), Fixtures.comparable(back.services()));
    }
}
