/** Concrete packets and what becomes of them: dispositions, outcomes and the rule-by-rule steps that decided them. */
package io.netprove.model.packet;
