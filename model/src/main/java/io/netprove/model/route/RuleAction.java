package io.netprove.model.route;

/** What a policy rule does when its selector matches. */
public enum RuleAction {
    /** Look the packet up in the rule's table ({@code lookup T}); no route there means go on with the next rule. */
    LOOKUP,
    /** Continue with the rule whose priority is the target ({@code goto N}). */
    GOTO,
    /** Do nothing and continue ({@code nop}). */
    NOP,
    /** Drop silently. */
    BLACKHOLE,
    /** Drop with ICMP host unreachable (EHOSTUNREACH). */
    UNREACHABLE,
    /** Drop with ICMP administratively prohibited (EACCES). */
    PROHIBIT
}
