/** Turns the model (cluster objects, node dumps) into the derived facts rules match: one reading per class. */
package io.netprove.rules.derive;
