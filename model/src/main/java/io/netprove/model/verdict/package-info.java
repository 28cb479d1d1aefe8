/** What netprove concludes about a statement: a verdict with its witnesses, reasons and approximations. */
package io.netprove.model.verdict;
