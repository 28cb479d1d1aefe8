package io.netprove.grammar.ipset;

import io.netprove.model.ipset.IpSet;
import io.netprove.model.ipset.IpSetMember;
import io.netprove.model.ipset.IpSetOptions;
import io.netprove.model.ipset.IpSets;
import io.netprove.model.net.AddressFamily;

/** Writes sets in the form {@code ipset save} uses; reading the output back gives the same sets. */
public final class IpsetSaveWriter {

    private IpsetSaveWriter() {
    }

    public static String write(IpSets sets) {
        StringBuilder sb = new StringBuilder();
        for (IpSet s : sets.sets()) {
            sb.append("create ").append(s.name()).append(' ').append(s.type().typeName());
            IpSetOptions o = s.options();
            if (s.family().isPresent() && s.type().fixedFamily() == null) {
                sb.append(" family ").append(s.family().get() == AddressFamily.IPV4 ? "inet" : "inet6");
            }
            o.addressRange().ifPresent(r -> sb.append(" range ").append(r.first()).append('-').append(r.last()));
            o.portRange().ifPresent(r -> sb.append(" range ").append(r.first()).append('-').append(r.last()));
            o.hashSize().ifPresent(v -> sb.append(" hashsize ").append(v));
            o.maxElements().ifPresent(v -> sb.append(" maxelem ").append(v));
            o.listSize().ifPresent(v -> sb.append(" size ").append(v));
            o.netmask().ifPresent(v -> sb.append(" netmask ").append(v));
            o.markmask().ifPresent(v -> sb.append(" markmask 0x").append(Long.toHexString(v)));
            o.timeout().ifPresent(v -> sb.append(" timeout ").append(v));
            if (o.counters()) {
                sb.append(" counters");
            }
            if (o.comment()) {
                sb.append(" comment");
            }
            if (o.skbinfo()) {
                sb.append(" skbinfo");
            }
            if (o.forceadd()) {
                sb.append(" forceadd");
            }
            o.bucketSize().ifPresent(v -> sb.append(" bucketsize ").append(v));
            o.initval().ifPresent(v -> sb.append(" initval ").append(v));
            for (String other : o.other()) {
                sb.append(' ').append(other);
            }
            sb.append('\n');
            for (IpSetMember m : s.members()) {
                sb.append("add ").append(s.name()).append(' ').append(m.elementText());
                m.timeout().ifPresent(v -> sb.append(" timeout ").append(v));
                m.counters().ifPresent(c -> sb.append(" packets ").append(c.packets()).append(" bytes ")
                        .append(c.bytes()));
                m.comment().ifPresent(c -> sb.append(" comment \"").append(c).append('"'));
                for (String other : m.otherOptions()) {
                    sb.append(' ').append(other);
                }
                if (m.nomatch()) {
                    sb.append(" nomatch");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
