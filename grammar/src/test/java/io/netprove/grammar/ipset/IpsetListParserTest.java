package io.netprove.grammar.ipset;

import io.netprove.model.ipset.IpSet;
import io.netprove.model.ipset.IpSetType;
import io.netprove.model.ipset.IpSets;
import io.netprove.model.net.PortRange;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpsetListParserTest {

    private static final String FILE = "kube-proxy-node.ipset-list";

    @Test
    void listingHoldsTheSameSetsAsTheSave() {
        IpSets list = IpsetFrontEnd.read(FILE, Fixtures.text(FILE));
        IpSets save = IpsetFrontEnd.read("save", Fixtures.text("kube-proxy-node.ipset-save"));
        assertEquals(IpsetFrontEnd.Format.LIST, IpsetFrontEnd.detect(FILE, Fixtures.text(FILE)));
        assertEquals(Fixtures.comparable(save.sets()), Fixtures.comparable(list.sets()));
    }

    @Test
    void headerFieldsAndRevision() {
        IpSets list = IpsetFrontEnd.read(FILE, Fixtures.text(FILE));
        IpSet cluster = list.get("KUBE-CLUSTER-IP").orElseThrow();
        assertEquals(IpSetType.HASH_IP_PORT, cluster.type());
        assertEquals(OptionalInt.of(6), cluster.revision());
        assertEquals(13, cluster.location().line());
        assertEquals(OptionalInt.of(1024), cluster.options().hashSize());
        assertEquals("10.96.120.4,sctp:3868", cluster.members().get(0).elementText());
        assertEquals(21, cluster.members().get(0).location().line());
        IpSet np = list.get("KUBE-HEALTH-CHECK-NODE-PORT").orElseThrow();
        assertEquals(Optional.of(new PortRange(0, 65535)), np.options().portRange());
        assertEquals(OptionalInt.of(3), np.revision());
    }

    @Test
    void listSetWithCommentsLikeWeaveNpc() {
        String text = String.join("\n",
                "Name: weave-E.1.0W^NGSp]0_t5WwH/]gX@L",
                "Type: hash:ip",
                "Revision: 4",
                "Header: family inet hashsize 1024 maxelem 65536 comment",
                "Size in memory: 328",
                "References: 1",
                "Number of entries: 1",
                "Members:",
                "10.32.0.5 comment \"namespace: default, pod: web-0\"",
                "",
                "Name: weave-k?Z;25^M}|1s7P3|H9i;*;MhG",
                "Type: list:set",
                "Revision: 3",
                "Header: size 8 comment",
                "Size in memory: 360",
                "References: 1",
                "Number of entries: 1",
                "Members:",
                "weave-E.1.0W^NGSp]0_t5WwH/]gX@L comment \"namespace: default\"",
                "");
        IpSets sets = IpsetFrontEnd.read("weave", text);
        IpSet list = sets.get("weave-k?Z;25^M}|1s7P3|H9i;*;MhG").orElseThrow();
        assertEquals(IpSetType.LIST_SET, list.type());
        assertEquals(Optional.of("namespace: default"), list.members().get(0).comment());
        assertEquals(Optional.of("namespace: default, pod: web-0"),
                sets.get("weave-E.1.0W^NGSp]0_t5WwH/]gX@L").orElseThrow().members().get(0).comment());
        assertTrue(sets.get("weave-E.1.0W^NGSp]0_t5WwH/]gX@L").orElseThrow().options().comment());
    }

    @Test
    void oldListingWithoutEntryCount() {
        String text = String.join("\n",
                "Name: test",
                "Type: hash:ip,port",
                "Revision: 5",
                "Header: family inet hashsize 1024 maxelem 65536",
                "Size in memory: 256",
                "References: 2",
                "Members:",
                "8.8.8.8,udp:100",
                "8.8.8.8,udp:53",
                "");
        assertEquals(2, IpsetFrontEnd.read("old", text).get("test").orElseThrow().members().size());
    }
}
