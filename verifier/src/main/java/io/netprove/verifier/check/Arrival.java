package io.netprove.verifier.check;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.packet.Disposition;
import io.netprove.model.space.Field;
import io.netprove.model.space.HeaderSpace;
import io.netprove.model.space.IntervalSet;
import io.netprove.verifier.sim.SymbolicOutcome;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a target is: a union of boxes (addresses x ports) a packet must end at, after all NAT. Forwarded packets
 * arrive when their final destination is in a box; packets delivered to the node arrive only when the target
 * includes that node's own addresses ({@code localBoxes}).
 */
public record Arrival(String description, AddressFamily family, List<Box> boxes, List<Box> localBoxes) {

    /** Destination addresses and ports. */
    public record Box(IntervalSet addresses, IntervalSet ports) {
    }

    public Arrival {
        boxes = List.copyOf(boxes);
        localBoxes = List.copyOf(localBoxes);
    }

    public boolean isEmpty() {
        return boxes.stream().allMatch(b -> b.addresses().isEmpty() || b.ports().isEmpty())
                && localBoxes.stream().allMatch(b -> b.addresses().isEmpty() || b.ports().isEmpty());
    }

    /** All the addresses of the target (where a packet may end, forwarded or taken in by the node). */
    public IntervalSet addresses() {
        IntervalSet s = IntervalSet.empty(family.bits());
        for (Box b : boxes) {
            s = s.union(b.addresses());
        }
        for (Box b : localBoxes) {
            s = s.union(b.addresses());
        }
        return s;
    }

    /**
     * The parts of a path's packets that arrive: empty when none do, a list with the path's own space when all do,
     * otherwise the regions (on the original fields the path leaves unchanged) that do.
     */
    public List<HeaderSpace> arriving(SymbolicOutcome p) {
        List<Box> which;
        if (p.disposition() == Disposition.FORWARDED) {
            which = boxes;
        } else if (p.disposition() == Disposition.LOCAL) {
            which = localBoxes;
        } else {
            return List.of();
        }
        List<HeaderSpace> out = new ArrayList<>();
        boolean portless = !p.header().protocol().hasPorts();
        for (Box b : which) {
            HeaderSpace r = p.space();
            if (p.isOriginal(Field.DST_ADDR)) {
                r = r.restrict(Field.DST_ADDR, b.addresses());
            } else if (!b.addresses().contains(p.header().destination().hi(), p.header().destination().lo())) {
                continue;
            }
            if (!portless) {
                if (p.isOriginal(Field.DST_PORT)) {
                    r = r.restrict(Field.DST_PORT, b.ports());
                } else if (!b.ports().contains(p.header().destinationPort())) {
                    continue;
                }
            }
            if (!r.isEmpty()) {
                out.add(r);
            }
        }
        return out;
    }

    /** True if every packet of the path arrives. */
    public boolean allArrive(SymbolicOutcome p) {
        for (HeaderSpace r : arriving(p)) {
            if (r.equals(p.space())) {
                return true;
            }
        }
        return false;
    }
}
