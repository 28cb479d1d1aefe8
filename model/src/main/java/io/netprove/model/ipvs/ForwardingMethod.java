package io.netprove.model.ipvs;

/**
 * How IPVS hands a packet to a real server. {@code ipvsadm -S} writes {@code -m}, {@code -g} or {@code -i};
 * {@code ipvsadm -L} prints the words Masq, Route, Tunnel and Local. Local (the real server is this host) is saved
 * as {@code -g}, so a saved file never reads back as LOCAL.
 */
public enum ForwardingMethod {
    /** NAT: the destination is rewritten to the real server ({@code -m}, Masq). */
    MASQ("-m", "Masq"),
    /** Direct routing: the frame is sent unchanged to the real server's MAC ({@code -g}, Route). */
    ROUTE("-g", "Route"),
    /** IP-in-IP (or GUE/GRE) encapsulation to the real server ({@code -i}, Tunnel). */
    TUNNEL("-i", "Tunnel"),
    /** The real server is a local address; the packet is delivered locally (Local). */
    LOCAL("-g", "Local");

    private final String saveOption;
    private final String listName;

    ForwardingMethod(String saveOption, String listName) {
        this.saveOption = saveOption;
        this.listName = listName;
    }

    public String saveOption() {
        return saveOption;
    }

    public String listName() {
        return listName;
    }

    /** The method for a word of the {@code ipvsadm -L} Forward column, or null. */
    public static ForwardingMethod fromListName(String word) {
        for (ForwardingMethod m : values()) {
            if (m.listName.equals(word)) {
                return m;
            }
        }
        return null;
    }
}
