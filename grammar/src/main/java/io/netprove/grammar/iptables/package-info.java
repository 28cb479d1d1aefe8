/**
 * The iptables-save / iptables-restore front end: a hand-written scanner (the format is line-oriented and argv-like,
 * and a scanner meets the speed goal where a parse tree does not), per-module option parsers, and the assembler that
 * applies restore inputs in order and checks chain references.
 */
package io.netprove.grammar.iptables;
