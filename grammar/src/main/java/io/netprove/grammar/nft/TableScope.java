package io.netprove.grammar.nft;

import io.netprove.grammar.InputError;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Set;

/**
 * What lowering one table's rules needs: the table (its family decides whether a field implies a family guard, its
 * sets and chains are what rules may name), the sets the packet path changes, and where warnings go.
 */
record TableScope(NftState.TableDef table, Set<String> dynamicSets, List<Diagnostic> diagnostics) {

    String family() {
        return table.family;
    }

    /**
     * True when a field of {@code f} needs a guard in this table: always in inet (and bridge/netdev) tables, where
     * nft adds {@code meta nfproto} to such a rule, and in a table of the other IP family (where the rule can
     * never match).
     */
    boolean needsGuard(AddressFamily f) {
        if (f == null) {
            return false;
        }
        return !(table.family.equals("ip") && f == AddressFamily.IPV4
                || table.family.equals("ip6") && f == AddressFamily.IPV6);
    }

    NftState.SetDef set(String name, SourceLocation at) {
        NftState.SetDef s = table.sets.get(name);
        if (s == null) {
            throw new InputError(at, "set or map '" + name + "' is not defined in table " + table.key()
                    + ": expected a set declared with 'add set'/'add map' or in the table block");
        }
        return s;
    }

    void checkChain(String name, SourceLocation at) {
        if (!table.chains.containsKey(name)) {
            throw new InputError(at, "jump to missing chain '" + name + "': expected a chain of table "
                    + table.key());
        }
    }

    void warn(SourceLocation at, String message) {
        diagnostics.add(Diagnostic.warning(at, message));
    }
}
