package io.netprove.model.k8s;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Peer, port and policy semantics of the NetworkPolicy model. */
class NetworkPolicyModelTest {

    private static final Map<String, String> SHOP_NS = Map.of(Namespace.NAME_LABEL, "shop", "env", "prod");
    private static final Map<String, String> DB_NS = Map.of(Namespace.NAME_LABEL, "db", "env", "prod");
    private static final Map<String, String> API = Map.of("app", "api");

    private static NetworkPolicyPeer.SelectorPeer peer(LabelSelector pods, LabelSelector namespaces) {
        return new NetworkPolicyPeer.SelectorPeer(Optional.ofNullable(pods), Optional.ofNullable(namespaces));
    }

    @Test
    void podSelectorAloneMeansThePolicysOwnNamespace() {
        NetworkPolicyPeer.SelectorPeer p = peer(LabelSelector.ofLabels(API), null);
        assertTrue(p.selects("db", "db", API, DB_NS));
        assertFalse(p.selects("db", "shop", API, SHOP_NS));
        assertFalse(p.selects("db", "db", Map.of("app", "web"), DB_NS));
    }

    @Test
    void emptyPodSelectorAloneIsEveryPodOfTheOwnNamespace() {
        NetworkPolicyPeer.SelectorPeer p = peer(LabelSelector.EVERYTHING, null);
        assertTrue(p.selects("db", "db", Map.of(), DB_NS));
        assertFalse(p.selects("db", "shop", Map.of(), SHOP_NS));
    }

    @Test
    void namespaceSelectorAloneIsEveryPodOfTheMatchingNamespaces() {
        NetworkPolicyPeer.SelectorPeer p = peer(null, LabelSelector.ofLabels(Map.of(Namespace.NAME_LABEL, "shop")));
        assertTrue(p.selects("db", "shop", Map.of(), SHOP_NS));
        assertFalse(p.selects("db", "db", API, DB_NS));
        NetworkPolicyPeer.SelectorPeer all = peer(null, LabelSelector.EVERYTHING);
        assertTrue(all.selects("db", "db", API, DB_NS));
        assertTrue(all.selects("db", "shop", Map.of(), SHOP_NS));
    }

    @Test
    void bothSelectorsMustMatch() {
        NetworkPolicyPeer.SelectorPeer p = peer(LabelSelector.ofLabels(API),
                LabelSelector.ofLabels(Map.of(Namespace.NAME_LABEL, "shop")));
        assertTrue(p.selects("db", "shop", API, SHOP_NS));
        assertFalse(p.selects("db", "shop", Map.of("app", "web"), SHOP_NS));
        assertFalse(p.selects("db", "db", API, DB_NS));
    }

    @Test
    void aPeerNeedsASelector() {
        assertThrows(IllegalArgumentException.class, () -> peer(null, null));
    }

    @Test
    void ipBlockExcludesItsExceptions() {
        NetworkPolicyPeer.IpBlockPeer b = new NetworkPolicyPeer.IpBlockPeer(IpPrefix.parse("10.0.0.0/8"),
                List.of(IpPrefix.parse("10.1.0.0/16")));
        assertTrue(b.contains(IpAddress.parse("10.2.3.4")));
        assertFalse(b.contains(IpAddress.parse("10.1.3.4")));
        assertFalse(b.contains(IpAddress.parse("11.0.0.1")));
        assertFalse(b.contains(IpAddress.parse("::1")), "another family is never inside");
        assertThrows(IllegalArgumentException.class, () -> new NetworkPolicyPeer.IpBlockPeer(
                IpPrefix.parse("10.0.0.0/8"), List.of(IpPrefix.parse("10.0.0.0/8"))));
        assertThrows(IllegalArgumentException.class, () -> new NetworkPolicyPeer.IpBlockPeer(
                IpPrefix.parse("10.0.0.0/8"), List.of(IpPrefix.parse("192.168.0.0/16"))));
    }

    @Test
    void portRanges() {
        assertEquals(Optional.of(PortRange.ALL), NetworkPolicyPort.allPorts(Protocol.TCP).numericRange());
        NetworkPolicyPort range = new NetworkPolicyPort(Protocol.TCP, Optional.of(PortReference.of(8000)),
                OptionalInt.of(8080));
        assertEquals(Optional.of(new PortRange(8000, 8080)), range.numericRange());
        NetworkPolicyPort named = new NetworkPolicyPort(Protocol.TCP, Optional.of(PortReference.of("http")),
                OptionalInt.empty());
        assertEquals(Optional.empty(), named.numericRange(), "resolved per pod");
        assertThrows(IllegalArgumentException.class, () -> new NetworkPolicyPort(Protocol.TCP,
                Optional.of(PortReference.of("http")), OptionalInt.of(90)));
        assertThrows(IllegalArgumentException.class, () -> new NetworkPolicyPort(Protocol.TCP,
                Optional.of(PortReference.of(100)), OptionalInt.of(90)));
    }

    @Test
    void defaultPolicyTypesAndApplicability() {
        assertEquals(List.of(PolicyType.INGRESS), NetworkPolicy.defaultPolicyTypes(false));
        assertEquals(List.of(PolicyType.INGRESS, PolicyType.EGRESS), NetworkPolicy.defaultPolicyTypes(true));
        NetworkPolicy p = new NetworkPolicy(ObjectMeta.namespaced("db", "p", Map.of()), SourceLocation.NONE,
                LabelSelector.ofLabels(API), List.of(PolicyType.INGRESS), List.of(), List.of());
        assertTrue(p.appliesTo("db", API));
        assertFalse(p.appliesTo("shop", API), "a policy only selects pods of its namespace");
        assertTrue(p.isolatesIngress());
        assertFalse(p.isolatesEgress());
    }
}
