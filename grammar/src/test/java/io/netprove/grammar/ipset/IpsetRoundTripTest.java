package io.netprove.grammar.ipset;

import io.netprove.model.ipset.IpSets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IpsetRoundTripTest {

    @Test
    void writingTheSaveFixtureReproducesIt() {
        String text = Fixtures.text("kube-proxy-node.ipset-save");
        assertEquals(text, IpsetSaveWriter.write(IpsetFrontEnd.read("save", text)));
    }

    @Test
    void everyOptionSurvivesWritingAndReading() {
        String text = String.join("\n",
                "create blocked hash:net family inet6 hashsize 64 maxelem 1024 timeout 600 counters comment skbinfo"
                        + " forceadd bucketsize 8 initval 0x01020304",
                "add blocked fd00::/16 timeout 300 packets 12 bytes 960 comment \"private range\" skbprio 1:2",
                "add blocked fd00:1::/32 nomatch",
                "create hosts bitmap:ip range 10.9.0.0-10.9.0.255 netmask 30",
                "add hosts 10.9.0.4",
                "create marks hash:ip,mark markmask 0xff00",
                "add marks 10.0.0.1,0x4000",
                "create pings hash:ip,port",
                "add pings 10.0.0.1,icmp:8/0",
                "add pings 10.0.0.2,tcp:8000-8010",
                "create all list:set size 8",
                "add all pings",
                "");
        IpSets first = IpsetFrontEnd.read("in", text);
        IpSets second = IpsetFrontEnd.read("out", IpsetSaveWriter.write(first));
        assertEquals(Fixtures.stripped(first.sets()), Fixtures.stripped(second.sets()));
    }

    @Test
    void listingConvertsToTheSaveForm() {
        IpSets list = IpsetFrontEnd.read("list", Fixtures.text("kube-proxy-node.ipset-list"));
        IpSets back = IpsetFrontEnd.read("back", IpsetSaveWriter.write(list));
        assertEquals(Fixtures.stripped(list.sets()), Fixtures.stripped(back.sets()));
    }
}
