/** The {@code netprove} command line: subcommands, output formats and exit codes. */
package io.netprove.cli;
