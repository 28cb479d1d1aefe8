package io.netprove.model.net;

/** An inclusive range of 16-bit port numbers. */
public record PortRange(int first, int last) {

    public static final PortRange ALL = new PortRange(0, 65535);

    public PortRange {
        if (first < 0 || last > 65535 || first > last) {
            throw new IllegalArgumentException("bad port range " + first + ":" + last);
        }
    }

    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public boolean isSingle() {
        return first == last;
    }

    public boolean overlaps(PortRange o) {
        return first <= o.last && o.first <= last;
    }

    /** {@code 80} or {@code 8000:8080}, as iptables prints it. */
    @Override
    public String toString() {
        return isSingle() ? Integer.toString(first) : first + ":" + last;
    }
}
