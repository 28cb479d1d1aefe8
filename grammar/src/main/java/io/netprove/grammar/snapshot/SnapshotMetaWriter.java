package io.netprove.grammar.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a {@link SnapshotMeta} as the meta.json that {@link SnapshotMetaReader} reads back. */
public final class SnapshotMetaWriter {

    private SnapshotMetaWriter() {
    }

    /** The JSON text, fields in the documented order, ending with a newline. */
    public static String write(SnapshotMeta meta) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("formatVersion", meta.formatVersion());
        meta.captureTime().ifPresent(t -> root.put("captureTime", t.toString()));
        meta.tool().ifPresent(t -> root.put("tool", t));
        meta.clusterName().ifPresent(n -> root.put("clusterName", n));
        root.put("podNetworks", texts(meta.podNetworks()));
        root.put("serviceNetworks", texts(meta.serviceNetworks()));
        meta.kubeProxyMode().ifPresent(m -> root.put("kubeProxyMode", m));
        List<Object> nodes = new ArrayList<>();
        for (SnapshotMeta.NodeEntry n : meta.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            List<String> addresses = new ArrayList<>();
            for (IpAddress a : n.addresses()) {
                addresses.add(a.toString());
            }
            m.put("addresses", addresses);
            m.put("status", n.status().word());
            n.message().ifPresent(x -> m.put("message", x));
            nodes.add(m);
        }
        root.put("nodes", nodes);
        if (!meta.notCaptured().isEmpty()) {
            root.put("notCaptured", meta.notCaptured());
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> texts(List<IpPrefix> prefixes) {
        List<String> out = new ArrayList<>();
        for (IpPrefix p : prefixes) {
            out.add(p.toString());
        }
        return out;
    }
}
