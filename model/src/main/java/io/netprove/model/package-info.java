/** The formal model shared by every front end and analysis: immutable records, no I/O. */
package io.netprove.model;
