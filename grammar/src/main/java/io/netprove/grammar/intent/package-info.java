/** The intent-language front end: the ANTLR grammar's parse tree turned into io.netprove.model.intent records, and name checks. */
package io.netprove.grammar.intent;
