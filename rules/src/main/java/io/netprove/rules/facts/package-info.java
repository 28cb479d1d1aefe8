/**
 * The facts rules match besides the model's own records: derived views (service ports with endpoints, kube-proxy's
 * chains on a node, address blocks, ...), the cluster knowledge rules need ({@link io.netprove.rules.facts.RuleContext})
 * and the hooks later stages insert (zones, external requirements).
 */
package io.netprove.rules.facts;
