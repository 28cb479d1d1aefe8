package io.netprove.cli.report;

import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** JSON shapes (ordered maps) for packets and outcomes, shared by trace and the verdict reports. */
public final class OutcomeJson {

    private OutcomeJson() {
    }

    public static Map<String, Object> packet(Packet packet) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("protocol", packet.protocol().name());
        p.put("source", packet.sourceText());
        p.put("destination", packet.destinationText());
        p.put("state", packet.ctState().name().toLowerCase(Locale.ROOT));
        return p;
    }

    public static List<Object> outcomes(List<Outcome> outcomes) {
        List<Object> list = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> om = new LinkedHashMap<>();
            om.put("disposition", o.disposition().name());
            om.put("destination", o.finalPacket().destinationText());
            om.put("source", o.finalPacket().sourceText());
            om.put("masquerade", o.masquerade());
            om.put("probability", o.probability());
            om.put("exact", o.exact());
            List<Object> steps = new ArrayList<>();
            for (TraceStep s : o.steps()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("hook", s.hook());
                sm.put("table", s.table());
                sm.put("chain", s.chain());
                sm.put("file", s.location().file());
                sm.put("line", s.location().line());
                sm.put("rule", s.rule());
                sm.put("effect", s.effect());
                steps.add(sm);
            }
            om.put("steps", steps);
            om.put("assumptions", o.assumptions());
            om.put("unknowns", o.unknowns());
            list.add(om);
        }
        return list;
    }
}
