package io.netprove.api;

import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardPlanTest {

    static Path repo(String relative) {
        String root = System.getProperty("netprove.root");
        return (root != null ? Paths.get(root) : Paths.get("..")).resolve(relative);
    }

    @Test
    void identicalFoldersShareAFingerprintAndPlansAreDeterministic(@TempDir Path tmp) throws Exception {
        Path snap = tmp.resolve("snap");
        for (String n : List.of("a", "b", "c", "d")) {
            Files.createDirectories(snap.resolve("nodes").resolve(n));
            Files.writeString(snap.resolve("nodes").resolve(n).resolve("iptables-save.txt"),
                    n.equals("c") ? "*filter\n:INPUT DROP [0:0]\nCOMMIT\n" : "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n");
        }
        Files.writeString(snap.resolve("meta.json"), """
                {"formatVersion": 1, "podNetworks": ["10.244.0.0/16"], "serviceNetworks": ["10.96.0.0/12"],
                 "nodes": [{"name": "d", "addresses": ["10.0.0.4"]}, {"name": "b", "addresses": ["10.0.0.2"]},
                           {"name": "a", "addresses": ["10.0.0.1"]}, {"name": "c", "addresses": ["10.0.0.3"]}]}
                """);
        Path intentFile = tmp.resolve("i.np");
        Files.writeString(intentFile, "zone o = 10.140.0.0/16\no cannot reach 10.244.0.0/16\n");
        Snapshot s = Snapshot.load(snap);
        Intent intent = Intent.parse(intentFile, s);
        ShardPlan p = ShardPlan.of(intent, s, 2);
        assertEquals(2, p.groups().size(), p.groups().toString());
        assertEquals(List.of("a", "b", "d"), p.groups().get(0).members());
        assertEquals(Map.of("b", "a", "d", "a"), p.sameAs());
        assertEquals(List.of("a"), p.nodes(0));
        assertEquals(List.of("c"), p.nodes(1));
        assertEquals(p.id(), ShardPlan.of(intent, s, 2).id(), "same input, same plan");
        assertNotEquals(p.id(), ShardPlan.of(intent, s, 3).id(), "another count, another plan");
        Files.writeString(snap.resolve("nodes/d/iptables-save.txt"), "*filter\nCOMMIT\n");
        assertNotEquals(p.id(), ShardPlan.of(intent, s, 2).id(), "another dump, another plan");
        assertEquals(3, ShardPlan.of(intent, s, 2).groups().size());
    }

    @Test
    void shardTextIsCheckedAndStatementsAreScoped() {
        assertEquals(new Shard(2, 5), Shard.parse(" 2/5 "));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("5/5"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("1-2"));
        Intent intent = Intent.parse(repo("examples/shop/intent.np"));
        assertEquals(ShardRun.Scope.NODES, Verifier.scope(intent.statement("internet cannot reach service shop/db")));
        assertEquals(ShardRun.Scope.NODES, Verifier.scope(intent.statement("service shop/db is not exposed outside"
                + " the cluster")));
        assertEquals(ShardRun.Scope.WHOLE, Verifier.scope(intent.statement("some address of internet can reach"
                + " service shop/web via nodeport")));
        assertEquals(ShardRun.Scope.WHOLE, Verifier.scope(intent.statement("service shop/web is exposed as nodeport")));
        assertEquals(ShardRun.Scope.WHOLE, Verifier.scope(intent.statement("office can reach service shop/api only"
                + " via loadbalancer")));
    }

    @Test
    void theFacadeGivesTheVerdictsOfTheShopExample() {
        Verification v = Verifier.check(Intent.parse(repo("examples/shop/intent.np")), null);
        assertEquals(9, v.verdicts().size());
        assertEquals(1, v.count(Status.VIOLATED));
        assertEquals(4, v.exitStatus());
        Verdict cart = v.verdicts().get(8);
        assertEquals("cart answers on every node", cart.subject());
        assertEquals("node-1", cart.witnesses().get(0).node());
        try (Verifier verifier = Verifier.open(Intent.parse(repo("examples/shop/intent.np")), null, Limits.DEFAULT)) {
            assertEquals(Status.HOLDS, verifier.ask("internet cannot reach service shop/db").status());
            assertThrows(io.netprove.grammar.InputError.class, () -> verifier.ask("office can reach service shop/wbe"));
        }
        try (Verifier shard = Verifier.open(Intent.parse(repo("examples/shop/intent.np")), null, Limits.DEFAULT,
                new Shard(0, 2))) {
            assertThrows(IllegalStateException.class, shard::matrix);
        }
    }
}
