/** The library façade: {@link io.netprove.api.Snapshot}, {@link io.netprove.api.Intent}, {@link io.netprove.api.Verifier}. */
package io.netprove.api;
