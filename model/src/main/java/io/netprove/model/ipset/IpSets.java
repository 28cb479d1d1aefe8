package io.netprove.model.ipset;

import io.netprove.model.netfilter.Diagnostic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every ipset of one node, by name, with the files it came from and the front end's warnings. */
public record IpSets(List<IpSet> sets, List<String> sources, List<Diagnostic> diagnostics) {

    public IpSets {
        sets = List.copyOf(sets);
        sources = List.copyOf(sources);
        diagnostics = List.copyOf(diagnostics);
    }

    public Optional<IpSet> get(String name) {
        for (IpSet s : sets) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The sets by name, in their original order. */
    public Map<String, IpSet> byName() {
        Map<String, IpSet> m = new LinkedHashMap<>();
        for (IpSet s : sets) {
            m.put(s.name(), s);
        }
        return m;
    }

    /** The kernel's answer of set {@code name} for {@code tuple}; NO_MATCH when there is no such set. */
    public IpSetMatch test(String name, IpSetTuple tuple) {
        Map<String, IpSet> index = byName();
        IpSet set = index.get(name);
        if (set == null) {
            return IpSetMatch.NO_MATCH;
        }
        return set.test(tuple, n -> Optional.ofNullable(index.get(n)));
    }

    /** True when set {@code name} matches {@code tuple} (a nomatch element counts as no match). */
    public boolean contains(String name, IpSetTuple tuple) {
        return test(name, tuple) == IpSetMatch.MATCH;
    }
}
