/** Front ends: every reader that turns text into model records, with errors that name file, line and column. */
package io.netprove.grammar;
