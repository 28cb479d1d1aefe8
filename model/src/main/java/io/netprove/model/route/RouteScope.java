package io.netprove.model.route;

/**
 * The scope of a route or address: global (universe, 0), site (200), link (253), host (254), nowhere (255), or
 * another number.
 */
public record RouteScope(int value) {

    public static final RouteScope GLOBAL = new RouteScope(0);
    public static final RouteScope SITE = new RouteScope(200);
    public static final RouteScope LINK = new RouteScope(253);
    public static final RouteScope HOST = new RouteScope(254);
    public static final RouteScope NOWHERE = new RouteScope(255);

    public RouteScope {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("scope out of range: " + value);
        }
    }

    /** The scope for an iproute2 word ({@code global}, {@code universe}, {@code link}, ... or a number), or null. */
    public static RouteScope lookup(String word) {
        switch (word) {
            case "global":
            case "universe":
                return GLOBAL;
            case "site":
                return SITE;
            case "link":
                return LINK;
            case "host":
                return HOST;
            case "nowhere":
                return NOWHERE;
            default:
                if (!word.isEmpty() && word.length() <= 3 && word.chars().allMatch(Character::isDigit)) {
                    int v = Integer.parseInt(word);
                    return v <= 255 ? new RouteScope(v) : null;
                }
                return null;
        }
    }

    @Override
    public String toString() {
        switch (value) {
            case 0: return "global";
            case 200: return "site";
            case 253: return "link";
            case 254: return "host";
            case 255: return "nowhere";
            default: return Integer.toString(value);
        }
    }
}
