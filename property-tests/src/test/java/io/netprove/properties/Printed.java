package io.netprove.properties;

import io.netprove.grammar.iptables.IptablesSaveWriter;
import io.netprove.model.netfilter.Ruleset;

/** A generated rule set that shows itself as iptables-save text, so that a shrunk counterexample reads like a dump. */
record Printed(Ruleset ruleset) {
    @Override
    public String toString() {
        return "\n" + IptablesSaveWriter.write(ruleset);
    }
}
