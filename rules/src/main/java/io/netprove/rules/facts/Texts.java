package io.netprove.rules.facts;

import io.netprove.model.k8s.KubeObject;

import java.util.Collection;
import java.util.TreeSet;

/** Small text helpers for rule messages. */
public final class Texts {

    /** How many names a list shows before "and N more". */
    static final int SHOWN = 5;

    private Texts() {
    }

    /** {@code ns/a, ns/b, ... (and N more)}: the qualified names of {@code objects}, sorted. */
    public static String names(Collection<? extends KubeObject> objects) {
        TreeSet<String> names = new TreeSet<>();
        for (KubeObject o : objects) {
            names.add(o.metadata().qualifiedName());
        }
        return list(names);
    }

    /** The strings sorted and comma-separated, at most {@value #SHOWN} then "(and N more)". */
    public static String list(Collection<String> items) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (String s : new TreeSet<>(items)) {
            if (i == SHOWN) {
                sb.append(" (and ").append(items.size() - SHOWN).append(" more)");
                break;
            }
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(s);
            i++;
        }
        return sb.toString();
    }
}
