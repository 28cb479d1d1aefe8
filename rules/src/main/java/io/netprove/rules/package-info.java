/** The policy engine: Drools rule packs (built-in and user .drl files) run over the fact model, collecting findings. */
package io.netprove.rules;
