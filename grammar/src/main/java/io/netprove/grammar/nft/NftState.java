package io.netprove.grammar.nft;

import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nftables state as the inputs build it up, before lowering: tables of chains (with their rules as statement
 * trees) and sets. Every front end form drives the same operations, with nft's transaction semantics:
 * {@code add} creates what is missing and leaves what exists, {@code create} refuses what exists, {@code delete}
 * refuses what is missing, {@code destroy} does not, {@code flush} empties.
 *
 * <p>Within one input, a rule or an element may name a chain, set or table that a later line adds (knftables dumps
 * are sorted, not ordered): the object is created as a placeholder where it is first named and must be declared
 * before the input ends ({@link #checkPlaceholders}).
 */
final class NftState {

    static final Set<String> FAMILIES = Set.of("ip", "ip6", "inet", "arp", "bridge", "netdev");

    /** A base chain's registration. */
    record BaseSpec(String type, String hook, int priority, String policy, String device, SourceLocation at) {
    }

    /** One rule: statements, where it was read, its text as written, and its handle (0 when unknown). */
    record RuleDef(List<Stmt> statements, SourceLocation at, String text, long handle) {
        RuleDef {
            statements = List.copyOf(statements);
        }
    }

    /** One element of a named set or map. */
    record ElementDef(Expr key, Stmt.Verdict verdict, Expr data, SourceLocation at) {
    }

    static final class TableDef {
        final String family;
        final String name;
        SourceLocation declared;
        SourceLocation placeholderAt;
        boolean dormant;
        final Map<String, ChainDef> chains = new LinkedHashMap<>();
        final Map<String, SetDef> sets = new LinkedHashMap<>();

        TableDef(String family, String name) {
            this.family = family;
            this.name = name;
        }

        String key() {
            return family + " " + name;
        }
    }

    static final class ChainDef {
        final String name;
        SourceLocation declared;
        SourceLocation placeholderAt;
        BaseSpec base;
        final List<RuleDef> rules = new ArrayList<>();

        ChainDef(String name) {
            this.name = name;
        }
    }

    static final class SetDef {
        final String name;
        boolean map;
        SourceLocation declared;
        SourceLocation placeholderAt;
        /** Key component types ({@code ipv4_addr}, ...); from {@code typeof}, the fields (e.g. {@code ip daddr}). */
        final List<String> keyTypes = new ArrayList<>();
        /** True when keyTypes holds field names from {@code typeof}. */
        boolean typeof;
        /** For a map: {@code verdict} or the data type. */
        String dataType;
        final List<String> flags = new ArrayList<>();
        long timeoutSeconds;
        final List<ElementDef> elements = new ArrayList<>();

        SetDef(String name) {
            this.name = name;
        }

        String kind() {
            return map ? "map" : "set";
        }
    }

    final Map<String, TableDef> tables = new LinkedHashMap<>();

    // ---- tables

    TableDef addTable(String family, String name, SourceLocation at, boolean create) {
        TableDef t = tables.get(family + " " + name);
        if (t != null && t.placeholderAt == null && create) {
            throw new InputError(at, "table " + family + " " + name + " already exists: expected 'add table' "
                    + "(create refuses an existing table)");
        }
        if (t == null) {
            t = new TableDef(family, name);
            tables.put(t.key(), t);
        }
        if (t.placeholderAt != null || t.declared == null) {
            t.declared = at;
            t.placeholderAt = null;
        }
        return t;
    }

    /** The table, or a placeholder when it is named before it is added. */
    TableDef tableForUse(String family, String name, SourceLocation at) {
        TableDef t = tables.get(family + " " + name);
        if (t == null) {
            t = new TableDef(family, name);
            t.placeholderAt = at;
            tables.put(t.key(), t);
        }
        return t;
    }

    TableDef existingTable(String family, String name, SourceLocation at, boolean mustExist) {
        TableDef t = tables.get(family + " " + name);
        if (t == null && mustExist) {
            throw new InputError(at, "no table " + family + " " + name + ": expected a table added earlier");
        }
        return t;
    }

    void deleteTable(String family, String name, SourceLocation at, boolean mustExist) {
        if (existingTable(family, name, at, mustExist) != null) {
            tables.remove(family + " " + name);
        }
    }

    /**
     * Removes every rule of the table's chains ({@code flush table}); sets keep their elements, as nft 1.0.6 does
     * (checked by loading a table with a set element and flushing it).
     */
    static void flushTable(TableDef t) {
        for (ChainDef c : t.chains.values()) {
            c.rules.clear();
        }
    }

    /** Forgets the table's content: a later complete listing of the same table replaces it. */
    static void clearTable(TableDef t) {
        t.chains.clear();
        t.sets.clear();
        t.dormant = false;
    }

    // ---- chains

    ChainDef addChain(TableDef t, String name, SourceLocation at, boolean create) {
        ChainDef c = t.chains.get(name);
        if (c != null && c.placeholderAt == null && create) {
            throw new InputError(at, "chain '" + name + "' already exists in table " + t.key()
                    + ": expected 'add chain' (create refuses an existing chain)");
        }
        if (c == null) {
            c = new ChainDef(name);
            t.chains.put(name, c);
        }
        if (c.placeholderAt != null || c.declared == null) {
            c.declared = at;
            c.placeholderAt = null;
        }
        return c;
    }

    /** The chain, or a placeholder when a rule names it before it is added. */
    static ChainDef chainForUse(TableDef t, String name, SourceLocation at) {
        ChainDef c = t.chains.get(name);
        if (c == null) {
            c = new ChainDef(name);
            c.placeholderAt = at;
            t.chains.put(name, c);
        }
        return c;
    }

    static ChainDef existingChain(TableDef t, String name, SourceLocation at, boolean mustExist) {
        ChainDef c = t == null ? null : t.chains.get(name);
        if (c == null && mustExist) {
            throw new InputError(at, "no chain '" + name + "' in table " + (t == null ? "?" : t.key())
                    + ": expected a chain added earlier");
        }
        return c;
    }

    /** Index of the rule with {@code handle} in the chain. */
    static int ruleIndex(ChainDef c, long handle, SourceLocation at) {
        for (int i = 0; i < c.rules.size(); i++) {
            if (c.rules.get(i).handle() == handle) {
                return i;
            }
        }
        throw new InputError(at, "no rule with handle " + handle + " in chain '" + c.name
                + "': expected the handle of a rule read with its '# handle' comment or JSON handle");
    }

    // ---- sets

    SetDef addSet(TableDef t, String name, boolean map, SourceLocation at, boolean create) {
        SetDef s = t.sets.get(name);
        if (s != null && s.placeholderAt == null && create) {
            throw new InputError(at, (map ? "map" : "set") + " '" + name + "' already exists in table " + t.key()
                    + ": expected 'add' (create refuses an existing one)");
        }
        if (s == null) {
            s = new SetDef(name);
            t.sets.put(name, s);
        }
        if (s.placeholderAt != null || s.declared == null) {
            s.declared = at;
            s.placeholderAt = null;
            s.map = map;
        }
        return s;
    }

    static SetDef setForUse(TableDef t, String name, SourceLocation at) {
        SetDef s = t.sets.get(name);
        if (s == null) {
            s = new SetDef(name);
            s.placeholderAt = at;
            t.sets.put(name, s);
        }
        return s;
    }

    static SetDef existingSet(TableDef t, String name, SourceLocation at, boolean mustExist) {
        SetDef s = t == null ? null : t.sets.get(name);
        if (s == null && mustExist) {
            throw new InputError(at, "no set or map '" + name + "' in table " + (t == null ? "?" : t.key())
                    + ": expected one added earlier");
        }
        return s;
    }

    /** Throws for the first object that was named but never added in the input just read. */
    void checkPlaceholders() {
        for (TableDef t : tables.values()) {
            if (t.placeholderAt != null) {
                throw new InputError(t.placeholderAt, "table " + t.key()
                        + " is never added: expected an 'add table " + t.key() + "' line");
            }
            for (ChainDef c : t.chains.values()) {
                if (c.placeholderAt != null) {
                    throw new InputError(c.placeholderAt, "chain '" + c.name + "' of table " + t.key()
                            + " is never added: expected an 'add chain " + t.key() + " " + c.name + "' line");
                }
            }
            for (SetDef s : t.sets.values()) {
                if (s.placeholderAt != null) {
                    throw new InputError(s.placeholderAt, "set '" + s.name + "' of table " + t.key()
                            + " is never added: expected an 'add set' or 'add map' line for it");
                }
            }
        }
    }
}
