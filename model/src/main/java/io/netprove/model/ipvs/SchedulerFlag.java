package io.netprove.model.ipvs;

import java.util.Locale;

/**
 * The three scheduler flag bits of a virtual service ({@code -b}). Their names depend on the scheduler: for
 * {@code sh} and {@code mh} bit 1 is {@code sh-fallback}/{@code mh-fallback} (skip servers with weight 0 or over
 * their threshold) and bit 2 is {@code sh-port}/{@code mh-port} (hash the source port too); for other schedulers
 * they are {@code flag-1}, {@code flag-2}, {@code flag-3}.
 */
public enum SchedulerFlag {
    FLAG_1, FLAG_2, FLAG_3;

    /** The flag named {@code name} for scheduler {@code scheduler}, or null when that name is not a flag of it. */
    public static SchedulerFlag parse(String name, Scheduler scheduler) {
        switch (name) {
            case "flag-1":
                return FLAG_1;
            case "flag-2":
                return FLAG_2;
            case "flag-3":
                return FLAG_3;
            default:
                break;
        }
        String s = scheduler.name();
        if ((s.equals("sh") || s.equals("mh")) && name.startsWith(s + "-")) {
            String rest = name.substring(s.length() + 1);
            if (rest.equals("fallback")) {
                return FLAG_1;
            }
            if (rest.equals("port")) {
                return FLAG_2;
            }
        }
        return null;
    }

    /** The name ipvsadm prints for this flag under {@code scheduler}. */
    public String displayName(Scheduler scheduler) {
        String s = scheduler.name();
        if (s.equals("sh") || s.equals("mh")) {
            if (this == FLAG_1) {
                return s + "-fallback";
            }
            if (this == FLAG_2) {
                return s + "-port";
            }
        }
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
