package io.netprove.rules.derive;

import io.netprove.model.k8s.Pod;
import io.netprove.rules.facts.MacvlanAttachment;
import io.netprove.rules.facts.RuleContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the pods with a MAC-VLAN interface. A pod is a MAC-VLAN pod when it is not on the host network and
 * <ul>
 *   <li>its node is declared MAC-VLAN ({@link RuleContext#macvlanNodes()}): its primary interface is MAC-VLAN;</li>
 *   <li>Multus' {@value #DEFAULT_NETWORK_ANNOTATION} names a declared MAC-VLAN network: primary as well;</li>
 *   <li>{@value #NETWORKS_ANNOTATION} names one: an extra interface. The annotation is either a comma-separated list
 *       of {@code [namespace/]name[@interface]} or a JSON list of objects with {@code name} and {@code namespace}.</li>
 * </ul>
 * A network reference matches a declared name given as {@code name} or as {@code namespace/name} (the namespace
 * defaults to the pod's).
 */
final class MacvlanPods {

    static final String NETWORKS_ANNOTATION = "k8s.v1.cni.cncf.io/networks";
    static final String DEFAULT_NETWORK_ANNOTATION = "v1.multus-cni.io/default-network";

    private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*}");
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern NAMESPACE = Pattern.compile("\"namespace\"\\s*:\\s*\"([^\"]*)\"");

    private MacvlanPods() {
    }

    static List<MacvlanAttachment> attachments(List<Pod> pods, RuleContext context) {
        List<MacvlanAttachment> out = new ArrayList<>();
        Set<String> declared = context.macvlanNetworks();
        for (Pod pod : pods) {
            if (pod.hostNetwork()) {
                continue;
            }
            if (pod.nodeName().isPresent() && context.macvlanNodes().contains(pod.nodeName().get())) {
                out.add(new MacvlanAttachment(pod, "pod network of node " + pod.nodeName().get(), true,
                        "--macvlan-node " + pod.nodeName().get()));
            }
            String primary = pod.metadata().annotations().get(DEFAULT_NETWORK_ANNOTATION);
            if (primary != null) {
                for (String ref : references(primary.trim(), pod.namespace())) {
                    if (isDeclared(ref, declared)) {
                        out.add(new MacvlanAttachment(pod, ref, true, DEFAULT_NETWORK_ANNOTATION));
                    }
                }
            }
            String extra = pod.metadata().annotations().get(NETWORKS_ANNOTATION);
            if (extra != null) {
                for (String ref : references(extra.trim(), pod.namespace())) {
                    if (isDeclared(ref, declared)) {
                        out.add(new MacvlanAttachment(pod, ref, false, NETWORKS_ANNOTATION));
                    }
                }
            }
        }
        return out;
    }

    /** The networks an annotation value names, each as {@code namespace/name}. */
    static List<String> references(String value, String podNamespace) {
        List<String> out = new ArrayList<>();
        if (value.startsWith("[") || value.startsWith("{")) {
            Matcher objects = OBJECT.matcher(value);
            while (objects.find()) {
                String object = objects.group();
                Matcher name = NAME.matcher(object);
                if (!name.find()) {
                    continue;
                }
                Matcher ns = NAMESPACE.matcher(object);
                out.add((ns.find() ? ns.group(1) : podNamespace) + "/" + name.group(1));
            }
            return out;
        }
        for (String part : value.split(",")) {
            String ref = part.trim();
            int at = ref.indexOf('@');
            if (at >= 0) {
                ref = ref.substring(0, at);
            }
            if (ref.isEmpty()) {
                continue;
            }
            out.add(ref.contains("/") ? ref : podNamespace + "/" + ref);
        }
        return out;
    }

    private static boolean isDeclared(String qualified, Set<String> declared) {
        return declared.contains(qualified) || declared.contains(qualified.substring(qualified.indexOf('/') + 1));
    }
}
