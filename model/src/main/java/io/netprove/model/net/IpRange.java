package io.netprove.model.net;

/** An inclusive range of addresses of one family, as used by {@code -m iprange} and NAT targets. */
public record IpRange(IpAddress first, IpAddress last) {

    public IpRange {
        if (first.family() != last.family()) {
            throw new IllegalArgumentException("range mixes address families: " + first + "-" + last);
        }
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("range start " + first + " is after its end " + last);
        }
    }

    public static IpRange single(IpAddress a) {
        return new IpRange(a, a);
    }

    public boolean contains(IpAddress a) {
        return a.family() == first.family() && first.compareTo(a) <= 0 && a.compareTo(last) <= 0;
    }

    public boolean isSingle() {
        return first.equals(last);
    }

    public AddressFamily family() {
        return first.family();
    }

    @Override
    public String toString() {
        return isSingle() ? first.toString() : first + "-" + last;
    }
}
