package io.netprove.grammar;

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
 * What two models are compared as after a print-then-parse round trip: the same records with every
 * {@link SourceLocation} replaced by {@link SourceLocation#NONE}, and chosen record components (how a construct was
 * spelled, which files were read) set to their type's empty value ({@code ""}, an empty list, {@code
 * Optional.empty()}). Records, lists, sets, maps and optionals are rebuilt; other values are kept as they are.
 */
public final class LocationFreeModel {

    private final Map<Class<?>, Set<String>> cleared;

    private LocationFreeModel(Map<Class<?>, Set<String>> cleared) {
        this.cleared = cleared;
    }

    /** Locations replaced, nothing else changed. */
    public static <T> T of(T value) {
        return new LocationFreeModel(Map.of()).normal(value);
    }

    /** Locations replaced and the named components of records of these classes emptied. */
    public static <T> T of(T value, Map<Class<?>, Set<String>> cleared) {
        return new LocationFreeModel(cleared).normal(value);
    }

    @SuppressWarnings("unchecked")
    private <T> T normal(T value) {
        return (T) strip(value);
    }

    private Object strip(Object v) {
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
            return o.map(this::strip);
        }
        if (!v.getClass().isRecord()) {
            return v;
        }
        RecordComponent[] parts = v.getClass().getRecordComponents();
        Set<String> emptied = cleared.getOrDefault(v.getClass(), Set.of());
        Object[] args = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                types[i] = parts[i].getType();
                Object x = parts[i].getAccessor().invoke(v);
                args[i] = emptied.contains(parts[i].getName()) ? empty(types[i]) : strip(x);
            }
            Constructor<?> c = v.getClass().getDeclaredConstructor(types);
            c.setAccessible(true);
            return c.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + v.getClass().getName(), e);
        }
    }

    private static Object empty(Class<?> type) {
        if (type == String.class) {
            return "";
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Set.class) {
            return Set.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type == Optional.class) {
            return Optional.empty();
        }
        throw new IllegalArgumentException("no empty value for " + type);
    }
}
