package io.netprove.cli.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What runs on a node: a POSIX shell script, run as {@code chroot /host sh -c SCRIPT} in a short-lived privileged
 * pod that shares the host's network and PID namespaces and mounts the host's root read-only at /host, so the
 * node's own binaries read the node's own state (iptables-save of the right backend, the kernel's IPVS table, ...).
 * Every command only reads. Each capture is framed in the output (see {@link CaptureOutput}); with gzip and base64
 * on the node the content is compressed, which keeps large dumps under the kubelet's log size limit.
 */
final class CaptureScript {

    /** How a frame line starts; version 1 of the framing. */
    static final String MARK = "@@netprove-capture 1";

    /** The files a node folder can get, with the command that makes each (as the script runs it). */
    static final Map<String, String> CAPTURES = captures();

    private CaptureScript() {
    }

    private static Map<String, String> captures() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("iptables-save.txt", "iptables-save");
        m.put("ip6tables-save.txt", "ip6tables-save");
        m.put("ipvsadm-save.txt", "ipvsadm -S -n");
        m.put("ipset-save.txt", "ipset save");
        m.put("nft-ruleset.txt", "nft list ruleset");
        m.put("ip-route.txt", "ip route show table all");
        m.put("ip6-route.txt", "ip -6 route show table all");
        m.put("ip-rule.txt", "ip rule show");
        m.put("ip6-rule.txt", "ip -6 rule show");
        m.put("ip-addr.json", "ip -j addr show");
        m.put("ip-addr.txt", "ip addr show");
        m.put("kube-proxy-mode", "proxymode");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The script. */
    static String script() {
        StringBuilder sb = new StringBuilder();
        sb.append("M='").append(MARK).append("'\n");
        sb.append("enc=plain\n");
        sb.append("if command -v gzip >/dev/null 2>&1 && command -v base64 >/dev/null 2>&1; then"
                + " enc=gzip-base64; fi\n");
        // kube-proxy answers its mode on its metrics port; curl or wget, whichever the node has
        sb.append("proxymode() { curl -s --max-time 3 http://127.0.0.1:10249/proxyMode 2>/dev/null"
                + " || wget -q -T 3 -O - http://127.0.0.1:10249/proxyMode 2>/dev/null; }\n");
        sb.append("cap() {\n"
                + "  f=$1; shift\n"
                + "  if ! command -v \"$1\" >/dev/null 2>&1; then echo \"$M missing $f $1\"; return; fi\n"
                + "  out=$(\"$@\" 2>/dev/null); st=$?\n"
                + "  echo \"$M begin $f $enc\"\n"
                + "  if [ \"$enc\" = gzip-base64 ]; then printf '%s\\n' \"$out\" | gzip -c | base64;"
                + " else printf '%s\\n' \"$out\"; fi\n"
                + "  echo \"$M end $f status $st\"\n"
                + "}\n");
        for (Map.Entry<String, String> e : CAPTURES.entrySet()) {
            sb.append("cap ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        sb.append("echo \"$M done\"\n");
        return sb.toString();
    }

    /**
     * The capture pod: pinned to {@code node}, host network and PID namespaces, privileged, the host's root
     * mounted read-only, tolerating every taint, no service account token, labelled with the run id so that a
     * clean-up can find exactly this run's pods, and ended by the kubelet after {@code deadlineSeconds}.
     */
    static String podManifest(String name, String namespace, String node, String image, String runId,
                              long deadlineSeconds) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        meta.put("namespace", namespace);
        meta.put("labels", Map.of("app.kubernetes.io/name", "netprove-capture",
                "app.kubernetes.io/managed-by", "netprove", "netprove.io/run", runId));
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "capture");
        container.put("image", image);
        container.put("command", List.of("chroot", "/host", "sh", "-c", script()));
        container.put("securityContext", Map.of("privileged", true));
        container.put("volumeMounts", List.of(Map.of("name", "host", "mountPath", "/host", "readOnly", true)));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("nodeName", node);
        spec.put("hostNetwork", true);
        spec.put("hostPID", true);
        spec.put("restartPolicy", "Never");
        spec.put("activeDeadlineSeconds", deadlineSeconds);
        spec.put("terminationGracePeriodSeconds", 0);
        spec.put("automountServiceAccountToken", false);
        spec.put("tolerations", List.of(Map.of("operator", "Exists")));
        spec.put("containers", List.of(container));
        spec.put("volumes", List.of(Map.of("name", "host", "hostPath", Map.of("path", "/"))));
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        pod.put("metadata", meta);
        pod.put("spec", spec);
        try {
            return new ObjectMapper().writeValueAsString(pod);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
