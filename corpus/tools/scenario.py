#!/usr/bin/env python3
"""Writes a corpus scenario's cluster/ manifests and nodes/NAME/ dumps from its spec.json.

The dumps are what kube-proxy (iptables mode, v1.28+ rule layout) and flannel would write for the spec's services and
nodes: filter and nat tables in iptables-save form, and `ip route show table all` output for the CNI's routes.
Run from the repository root: corpus/tools/scenario.py corpus/scenarios/NAME

spec.json:
  podNetwork, serviceNetwork         cluster CIDRs
  cni                                flannel-vxlan | flannel-host-gw | none
  nodes: {NAME: {ip, podCidr}}
  namespaces: [NAME]
  pods: [{ns, name, node, ip, labels: {}, ports: [[port, proto]], hostNetwork?}]
  services: [{ns, name, selector: {}, clusterIP, type?, ports: [{name, port, targetPort, protocol, nodePort?}],
              externalTrafficPolicy?}]  endpoints are the selected pods
  extraFilter / extraNat: {NODE: [rule lines]}   host firewall rules appended to the tables
  extraManifests: [file names in the scenario folder copied into cluster/]
"""
import base64
import hashlib
import ipaddress
import json
import os
import shutil
import sys


def chain_hash(text):
    return base64.b32encode(hashlib.sha256(text.encode()).digest()).decode()[:16]


def selected(pod, selector):
    return pod.get("ns") and all(pod.get("labels", {}).get(k) == v for k, v in selector.items())


def endpoints(spec, svc, port):
    out = []
    for pod in spec.get("pods", []):
        if pod["ns"] == svc["ns"] and svc.get("selector") and selected(pod, svc["selector"]):
            target = port.get("targetPort", port["port"])
            out.append((pod["ip"], target, pod["node"], pod["name"]))
    return out


def iptables(spec, node):
    net = spec["podNetwork"]
    node_ip = spec["nodes"][node]["ip"]
    pod_cidr = spec["nodes"][node]["podCidr"]
    flannel = spec.get("cni", "none").startswith("flannel")
    fchains = ["KUBE-NODEPORTS", "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FIREWALL", "KUBE-FORWARD",
               "KUBE-PROXY-FIREWALL"]
    nchains = ["KUBE-NODEPORTS", "KUBE-SERVICES", "KUBE-MARK-MASQ", "KUBE-POSTROUTING"]
    frules, nrules, svcrules, nprules = [], [], [], []
    for svc in spec.get("services", []):
        for port in svc["ports"]:
            proto = port.get("protocol", "TCP").lower()
            spn = f'{svc["ns"]}/{svc["name"]}:{port["name"]}'
            svc_chain = "KUBE-SVC-" + chain_hash(spn + proto)
            ext_chain = "KUBE-EXT-" + chain_hash(spn + proto)
            svl_chain = "KUBE-SVL-" + chain_hash(spn + proto)
            eps = endpoints(spec, svc, port)
            nodeport = port.get("nodePort")
            local = svc.get("externalTrafficPolicy") == "Local"
            cip = svc["clusterIP"]
            if not eps:
                frules.append(f'-A KUBE-SERVICES -d {cip}/32 -p {proto} -m comment --comment "{spn} has no endpoints"'
                              f' -m {proto} --dport {port["port"]} -j REJECT --reject-with icmp-port-unreachable')
                if nodeport:
                    frules.append(f'-A KUBE-EXTERNAL-SERVICES -p {proto} -m comment --comment "{spn} has no endpoints"'
                                  f' -m addrtype --dst-type LOCAL -m {proto} --dport {nodeport}'
                                  f' -j REJECT --reject-with icmp-port-unreachable')
                continue
            nchains.append(svc_chain)
            if nodeport:
                nchains.append(ext_chain)
            if local and nodeport:
                nchains.append(svl_chain)
            seps = []
            for ip, target, ep_node, _ in eps:
                ep = f"{ip}:{target}"
                sep = "KUBE-SEP-" + chain_hash(spn + proto + ep)
                nchains.append(sep)
                seps.append((sep, ep, ip, ep_node))
            svcrules.append(f'-A KUBE-SERVICES -d {cip}/32 -p {proto} -m comment --comment "{spn} cluster IP"'
                            f' -m {proto} --dport {port["port"]} -j {svc_chain}')
            if nodeport:
                nprules.append(f'-A KUBE-NODEPORTS -p {proto} -m comment --comment {spn} -m {proto}'
                               f' --dport {nodeport} -j {ext_chain}')
                if local:
                    nrules.append(f'-A {ext_chain} -s {net} -m comment --comment "pod traffic for {spn} external'
                                  f' destinations" -j {svc_chain}')
                    nrules.append(f'-A {ext_chain} -m comment --comment "masquerade LOCAL traffic for {spn} external'
                                  f' destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ')
                    nrules.append(f'-A {ext_chain} -m comment --comment "route LOCAL traffic for {spn} external'
                                  f' destinations" -m addrtype --src-type LOCAL -j {svc_chain}')
                    if any(s[3] == node for s in seps):
                        nrules.append(f'-A {ext_chain} -j {svl_chain}')
                    else:
                        frules.append(f'-A KUBE-EXTERNAL-SERVICES -p {proto} -m comment --comment "{spn} has no'
                                      f' local endpoints" -m addrtype --dst-type LOCAL -m {proto} --dport {nodeport}'
                                      f' -j DROP')
                else:
                    nrules.append(f'-A {ext_chain} -m comment --comment "masquerade traffic for {spn} external'
                                  f' destinations" -j KUBE-MARK-MASQ')
                    nrules.append(f'-A {ext_chain} -j {svc_chain}')
            nrules.append(f'-A {svc_chain} ! -s {net} -d {cip}/32 -p {proto} -m comment --comment "{spn} cluster IP"'
                          f' -m {proto} --dport {port["port"]} -j KUBE-MARK-MASQ')
            for i, (sep, ep, ip, _) in enumerate(seps):
                if i < len(seps) - 1:
                    prob = "%0.10f" % (1.0 / (len(seps) - i))
                    nrules.append(f'-A {svc_chain} -m comment --comment "{spn} -> {ep}" -m statistic --mode random'
                                  f' --probability {prob} -j {sep}')
                else:
                    nrules.append(f'-A {svc_chain} -m comment --comment "{spn} -> {ep}" -j {sep}')
            if local and nodeport:
                for sep, ep, ip, ep_node in seps:
                    if ep_node == node:
                        nrules.append(f'-A {svl_chain} -m comment --comment "{spn} -> {ep}" -j {sep}')
            for sep, ep, ip, _ in seps:
                nrules.append(f'-A {sep} -s {ip}/32 -m comment --comment {spn} -j KUBE-MARK-MASQ')
                nrules.append(f'-A {sep} -p {proto} -m comment --comment {spn} -m {proto} -j DNAT'
                              f' --to-destination {ep}')
    out = ["# Generated by iptables-save v1.8.9 (nf_tables) on Sat Nov 21 10:00:00 2026", "*filter",
           ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]"]
    out += [f":{c} - [0:0]" for c in fchains + (["FLANNEL-FWD"] if flannel else [])]
    out += ['-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall"'
            ' -j KUBE-PROXY-FIREWALL',
            '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
            '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals"'
            ' -j KUBE-EXTERNAL-SERVICES',
            '-A INPUT -j KUBE-FIREWALL']
    out += spec.get("extraFilter", {}).get(node, [])
    out += ['-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall"'
            ' -j KUBE-PROXY-FIREWALL',
            '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
            '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
            '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service'
            ' portals" -j KUBE-EXTERNAL-SERVICES']
    if flannel:
        out.append('-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD')
    out += ['-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall"'
            ' -j KUBE-PROXY-FIREWALL',
            '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
            '-A OUTPUT -j KUBE-FIREWALL']
    if flannel:
        out += [f'-A FLANNEL-FWD -s {net} -m comment --comment "flanneld forward" -j ACCEPT',
                f'-A FLANNEL-FWD -d {net} -m comment --comment "flanneld forward" -j ACCEPT']
    out += frules
    out += ['-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet'
            ' connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
            '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
            '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000'
            ' -j ACCEPT',
            '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate'
            ' RELATED,ESTABLISHED -j ACCEPT',
            "COMMIT", "*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
            ":POSTROUTING ACCEPT [0:0]"]
    out += [f":{c} - [0:0]" for c in nchains + (["FLANNEL-POSTRTG"] if flannel else [])]
    out += ['-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
            '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
            '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING']
    if flannel:
        out += ['-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
                '-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN',
                f'-A FLANNEL-POSTRTG -s {pod_cidr} -d {net} -m comment --comment "flanneld masq" -j RETURN',
                f'-A FLANNEL-POSTRTG -s {net} -d {pod_cidr} -m comment --comment "flanneld masq" -j RETURN',
                f'-A FLANNEL-POSTRTG ! -s {net} -d {pod_cidr} -m comment --comment "flanneld masq" -j RETURN',
                f'-A FLANNEL-POSTRTG -s {net} ! -d 224.0.0.0/4 -m comment --comment "flanneld masq"'
                ' -j MASQUERADE --random-fully',
                f'-A FLANNEL-POSTRTG ! -s {net} -d {net} -m comment --comment "flanneld masq"'
                ' -j MASQUERADE --random-fully']
    out += spec.get("extraNat", {}).get(node, [])
    out += nprules + svcrules
    out.append('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule'
               ' in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS')
    out += ['-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
            '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
            '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
            '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE'
            ' --random-fully']
    out += nrules
    out += ["COMMIT", "# Completed on Sat Nov 21 10:00:00 2026"]
    return "\n".join(out) + "\n"


def routes(spec, node):
    me = spec["nodes"][node]
    lan = ipaddress.ip_network(me["ip"] + "/24", strict=False)
    gateway = next(lan.hosts())
    cni = spec.get("cni", "none")
    lines = [f"default via {gateway} dev eth0 proto dhcp src {me['ip']} metric 100"]
    if cni == "flannel-vxlan":
        for other, o in spec["nodes"].items():
            if other != node:
                net = ipaddress.ip_network(o["podCidr"])
                lines.append(f"{net} via {net.network_address} dev flannel.1 onlink")
    elif cni == "flannel-host-gw":
        for other, o in spec["nodes"].items():
            if other != node:
                lines.append(f"{o['podCidr']} via {o['ip']} dev eth0")
    bridge = ipaddress.ip_network(me["podCidr"])
    lines.append(f"{bridge} dev cni0 proto kernel scope link src {bridge.network_address + 1}")
    lines.append(f"{lan} dev eth0 proto kernel scope link src {me['ip']} metric 100")
    lines += spec.get("extraRoutes", {}).get(node, [])
    lines.append("local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1")
    lines.append(f"local {me['ip']} dev eth0 table local proto kernel scope host src {me['ip']}")
    lines.append(f"local {bridge.network_address + 1} dev cni0 table local proto kernel scope host"
                 f" src {bridge.network_address + 1}")
    if cni == "flannel-vxlan":
        lines.append(f"local {bridge.network_address} dev flannel.1 table local proto kernel scope host"
                     f" src {bridge.network_address}")
    return "\n".join(lines) + "\n"


def yaml_labels(labels, indent):
    if not labels:
        return " {}\n"
    return "\n" + "".join(f"{' ' * indent}{k}: {v}\n" for k, v in labels.items())


def manifests(spec):
    docs = []
    for ns in spec.get("namespaces", []):
        docs.append(f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n")
    for name, n in spec["nodes"].items():
        docs.append(f"apiVersion: v1\nkind: Node\nmetadata:\n  name: {name}\nspec:\n  podCIDR: {n['podCidr']}\n"
                    f"  podCIDRs:\n  - {n['podCidr']}\nstatus:\n  addresses:\n  - type: InternalIP\n"
                    f"    address: {n['ip']}\n")
    for p in spec.get("pods", []):
        ports = "".join(f"    - containerPort: {port}\n      protocol: {proto}\n" for port, proto in p.get("ports", []))
        host = "  hostNetwork: true\n" if p.get("hostNetwork") else ""
        docs.append(f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {p['name']}\n  namespace: {p['ns']}\n"
                    f"  labels:{yaml_labels(p.get('labels', {}), 4)}spec:\n  nodeName: {p['node']}\n{host}"
                    f"  containers:\n  - name: main\n    image: example/{p['name']}\n"
                    + (f"    ports:\n{ports}" if ports else "")
                    + f"status:\n  phase: Running\n  podIP: {p['ip']}\n  podIPs:\n  - ip: {p['ip']}\n")
    for s in spec.get("services", []):
        ports = ""
        for port in s["ports"]:
            ports += (f"  - name: {port['name']}\n    port: {port['port']}\n"
                      f"    targetPort: {port.get('targetPort', port['port'])}\n"
                      f"    protocol: {port.get('protocol', 'TCP')}\n")
            if port.get("nodePort"):
                ports += f"    nodePort: {port['nodePort']}\n"
        etp = f"  externalTrafficPolicy: {s['externalTrafficPolicy']}\n" if s.get("externalTrafficPolicy") else ""
        docs.append(f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {s['name']}\n  namespace: {s['ns']}\n"
                    f"spec:\n  type: {s.get('type', 'ClusterIP')}\n  clusterIP: {s['clusterIP']}\n"
                    f"  selector:{yaml_labels(s.get('selector', {}), 4)}{etp}  ports:\n{ports}")
        eps = endpoints(spec, s, s["ports"][0])
        if eps:
            body = "".join(f"- addresses:\n  - {ip}\n  conditions:\n    ready: true\n    serving: true\n"
                           f"    terminating: false\n  nodeName: {n}\n  targetRef:\n    kind: Pod\n    name: {pn}\n"
                           f"    namespace: {s['ns']}\n" for ip, _, n, pn in eps)
            ports = "".join(f"- name: {p['name']}\n  port: {p.get('targetPort', p['port'])}\n"
                            f"  protocol: {p.get('protocol', 'TCP')}\n" for p in s["ports"])
            docs.append(f"apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n"
                        f"  name: {s['name']}-1\n  namespace: {s['ns']}\n  labels:\n"
                        f"    kubernetes.io/service-name: {s['name']}\naddressType: IPv4\nendpoints:\n{body}"
                        f"ports:\n{ports}")
    return "---\n".join(docs)


def main(folder):
    with open(os.path.join(folder, "spec.json")) as f:
        spec = json.load(f)
    cluster = os.path.join(folder, "cluster")
    shutil.rmtree(cluster, ignore_errors=True)
    os.makedirs(cluster)
    with open(os.path.join(cluster, "objects.yaml"), "w") as f:
        f.write(manifests(spec))
    for extra in spec.get("extraManifests", []):
        shutil.copy(os.path.join(folder, extra), os.path.join(cluster, extra))
    for node in spec["nodes"]:
        d = os.path.join(folder, "nodes", node)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "iptables-save.txt"), "w") as f:
            f.write(iptables(spec, node))
        if spec.get("routes", True):
            with open(os.path.join(d, "ip-route.txt"), "w") as f:
                f.write(routes(spec, node))


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        main(arg)
