package io.netprove.grammar.ipvs;

import io.netprove.model.ipvs.RealServer;
import io.netprove.model.ipvs.VirtualService;
import io.netprove.model.netfilter.SourceLocation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test resources of this package and a location-free view of services for comparisons. */
final class Fixtures {

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The services without source locations and connection counts (what a save file cannot hold). */
    static List<VirtualService> comparable(List<VirtualService> services) {
        List<VirtualService> out = new ArrayList<>();
        for (VirtualService s : services) {
            List<RealServer> servers = new ArrayList<>();
            for (RealServer r : s.realServers()) {
                servers.add(new RealServer(r.address(), r.port(), r.method(), r.weight(), r.upperThreshold(),
                        r.lowerThreshold(), r.tunnel(), Optional.empty(), SourceLocation.NONE));
            }
            out.add(new VirtualService(s.key(), s.scheduler(), s.flags(), s.persistence(), s.onePacket(), servers,
                    SourceLocation.NONE));
        }
        return out;
    }
}
