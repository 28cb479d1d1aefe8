package io.netprove.grammar.ipset;

import io.netprove.model.ipset.IpSet;
import io.netprove.model.ipset.IpSetMember;
import io.netprove.model.netfilter.SourceLocation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/** Test resources of this package and a location- and order-free view of sets for comparisons. */
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

    /** Each set without locations or revision, its members as a set (hash listings have no order). */
    static Map<String, Object> comparable(List<IpSet> sets) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (IpSet s : sets) {
            Set<IpSetMember> members = new HashSet<>();
            for (IpSetMember m : s.members()) {
                members.add(new IpSetMember(m.elements(), m.nomatch(), m.timeout(), m.comment(), m.counters(),
                        m.otherOptions(), SourceLocation.NONE));
            }
            IpSet bare = new IpSet(s.name(), s.type(), s.family(), s.options(), List.of(), OptionalInt.empty(),
                    SourceLocation.NONE);
            out.put(s.name(), List.of(bare, members));
        }
        return out;
    }

    /** The same sets as a list, for ordered comparisons. */
    static List<IpSet> stripped(List<IpSet> sets) {
        List<IpSet> out = new ArrayList<>();
        for (IpSet s : sets) {
            List<IpSetMember> members = new ArrayList<>();
            for (IpSetMember m : s.members()) {
                members.add(new IpSetMember(m.elements(), m.nomatch(), m.timeout(), m.comment(), m.counters(),
                        m.otherOptions(), SourceLocation.NONE));
            }
            out.add(new IpSet(s.name(), s.type(), s.family(), s.options(), members, OptionalInt.empty(),
                    SourceLocation.NONE));
        }
        return out;
    }
}
