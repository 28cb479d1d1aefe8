package io.netprove.grammar.ipset;

import io.netprove.grammar.InputError;
import io.netprove.model.ipset.IpSet;
import io.netprove.model.ipset.IpSetElement;
import io.netprove.model.ipset.IpSetMember;
import io.netprove.model.ipset.IpSetType;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sets while they are being read, by name in creation order. */
final class SetTable {

    private final Map<String, IpSet> sets = new LinkedHashMap<>();
    private final List<Diagnostic> diagnostics;

    SetTable(List<Diagnostic> diagnostics) {
        this.diagnostics = diagnostics;
    }

    void create(IpSet set, SourceLocation at) {
        IpSet old = sets.get(set.name());
        if (old != null) {
            throw new InputError(at, "set '" + set.name() + "' is already created at line " + old.location().line()
                    + ": expected each set to be created once");
        }
        sets.put(set.name(), set);
    }

    /** The set an add/del line names; a set never created is an error at {@code at}. */
    IpSet require(String name, SourceLocation at, String verb) {
        IpSet s = sets.get(name);
        if (s == null) {
            throw new InputError(at, verb + " to set '" + name + "' that was never created: expected a 'create "
                    + name + " TYPE ...' line before it");
        }
        return s;
    }

    /** Adds {@code member} at {@code position} (-1 for the end); an equal element replaces the old one. */
    void add(IpSet set, IpSetMember member, int position) {
        List<IpSetMember> members = new ArrayList<>(set.members());
        int old = indexOf(members, member.elements());
        if (old >= 0) {
            diagnostics.add(Diagnostic.warning(member.location(), "element " + member.elementText()
                    + " of set " + set.name() + " is added again (first at line " + members.get(old).location().line()
                    + "); the later one is kept, as 'ipset add -exist' would"));
            members.remove(old);
            if (position > old) {
                position--;
            }
        }
        if (set.type() == IpSetType.LIST_SET) {
            String member0 = ((IpSetElement.SetName) member.elements().get(0)).name();
            IpSet inner = sets.get(member0);
            if (inner == null) {
                throw new InputError(member.location(), "member set '" + member0 + "' of list:set " + set.name()
                        + " does not exist: expected it to be created before it is added");
            }
            if (inner.type() == IpSetType.LIST_SET) {
                throw new InputError(member.location(), "list:set '" + member0 + "' added to list:set "
                        + set.name() + ": expected a set of another type (list:set cannot nest)");
            }
        }
        if (position < 0 || position > members.size()) {
            members.add(member);
        } else {
            members.add(position, member);
        }
        sets.put(set.name(), set.withMembers(members));
    }

    void delete(IpSet set, List<IpSetElement> elements, SourceLocation at) {
        List<IpSetMember> members = new ArrayList<>(set.members());
        int i = indexOf(members, elements);
        if (i < 0) {
            throw new InputError(at, "del of an element set '" + set.name()
                    + "' does not have: expected an element added before");
        }
        members.remove(i);
        sets.put(set.name(), set.withMembers(members));
    }

    void flush(String name) {
        if (name == null) {
            sets.replaceAll((k, s) -> s.withMembers(List.of()));
        } else {
            IpSet s = sets.get(name);
            sets.put(name, s.withMembers(List.of()));
        }
    }

    void destroy(String name) {
        if (name == null) {
            sets.clear();
        } else {
            sets.remove(name);
        }
    }

    boolean exists(String name) {
        return sets.containsKey(name);
    }

    static int indexOf(List<IpSetMember> members, List<IpSetElement> elements) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).elements().equals(elements)) {
                return i;
            }
        }
        return -1;
    }

    List<IpSet> sets() {
        return List.copyOf(sets.values());
    }
}
