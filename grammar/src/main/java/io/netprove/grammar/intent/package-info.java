/** The intent-language front end: .np files parsed (ANTLR) into io.netprove.model.intent records, and name checks. */
package io.netprove.grammar.intent;
