package io.netprove.model.route;

import java.util.Map;
import java.util.OptionalLong;

/**
 * A routing table by name. The reserved numbers are named as iproute2 names them (0 unspec, 253 default, 254 main,
 * 255 local), so {@code lookup 254} and {@code lookup main} are the same table; other tables keep the number or the
 * name (from rt_tables) they were written with.
 */
public record RouteTableId(String name) {

    private static final Map<String, String> RESERVED = Map.of("0", "unspec", "253", "default", "254", "main",
            "255", "local");

    public static final RouteTableId UNSPEC = new RouteTableId("unspec");
    public static final RouteTableId DEFAULT = new RouteTableId("default");
    public static final RouteTableId MAIN = new RouteTableId("main");
    public static final RouteTableId LOCAL = new RouteTableId("local");

    public RouteTableId {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty table name");
        }
        name = RESERVED.getOrDefault(name, name);
    }

    public static RouteTableId of(String nameOrNumber) {
        return new RouteTableId(nameOrNumber);
    }

    /** The table number when the id is numeric or reserved. */
    public OptionalLong number() {
        switch (name) {
            case "unspec": return OptionalLong.of(0);
            case "default": return OptionalLong.of(253);
            case "main": return OptionalLong.of(254);
            case "local": return OptionalLong.of(255);
            default:
                if (name.chars().allMatch(Character::isDigit) && name.length() <= 10) {
                    return OptionalLong.of(Long.parseLong(name));
                }
                return OptionalLong.empty();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
