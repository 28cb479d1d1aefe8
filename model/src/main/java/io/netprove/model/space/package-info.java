/** Header spaces: sets of packets as per-field unions of intervals, the domain symbolic analysis reasons in. */
package io.netprove.model.space;
