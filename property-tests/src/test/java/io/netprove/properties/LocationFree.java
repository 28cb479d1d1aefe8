package io.netprove.properties;

import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.SourceLocation;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The normal form two models are compared in after a print-then-parse round trip: the same records with every
 * {@link SourceLocation} replaced by {@link SourceLocation#NONE} and a rule's text (as written) cleared, since
 * where a construct was read and how it was spelled are not part of what it means.
 */
final class LocationFree {

    private LocationFree() {
    }

    @SuppressWarnings("unchecked")
    static <T> T of(T value) {
        return (T) strip(value);
    }

    private static Object strip(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof SourceLocation) {
            return SourceLocation.NONE;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(strip(x)));
            return out;
        }
        if (v instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            s.forEach(x -> out.add(strip(x)));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(strip(k), strip(x)));
            return out;
        }
        if (v instanceof Optional<?> o) {
            return o.map(LocationFree::strip);
        }
        if (!v.getClass().isRecord()) {
            return v;
        }
        RecordComponent[] parts = v.getClass().getRecordComponents();
        Object[] args = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                types[i] = parts[i].getType();
                Object x = parts[i].getAccessor().invoke(v);
                args[i] = v instanceof Rule && parts[i].getName().equals("text") ? "" : strip(x);
            }
            Constructor<?> c = v.getClass().getDeclaredConstructor(types);
            c.setAccessible(true);
            return c.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + v.getClass().getName(), e);
        }
    }
}
