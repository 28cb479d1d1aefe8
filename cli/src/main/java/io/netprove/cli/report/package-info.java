/** Report writers shared by check, ask, lint and diff: text, JSON, JUnit XML and SARIF 2.1.0. */
package io.netprove.cli.report;
