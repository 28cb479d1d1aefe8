package io.netprove.grammar.intent;

import io.netprove.grammar.InputError;
import io.netprove.grammar.intent.IntentParser.*;
import io.netprove.model.intent.ApiAccess;
import io.netprove.model.intent.ApiEndpoint;
import io.netprove.model.intent.BuiltinZone;
import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.Cni;
import io.netprove.model.intent.Exposure;
import io.netprove.model.intent.ExposureStatement;
import io.netprove.model.intent.FileRef;
import io.netprove.model.intent.IngressController;
import io.netprove.model.intent.KubeProxyMode;
import io.netprove.model.intent.LabelRequirement;
import io.netprove.model.intent.LabelSelector;
import io.netprove.model.intent.NodeSpec;
import io.netprove.model.intent.PortSpec;
import io.netprove.model.intent.Quantifier;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.RouteGateway;
import io.netprove.model.intent.Reachability;
import io.netprove.model.intent.Source;
import io.netprove.model.intent.Statement;
import io.netprove.model.intent.Target;
import io.netprove.model.intent.ZoneDef;
import io.netprove.model.intent.ZoneExpr;
import io.netprove.model.intent.ZoneRoutes;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns the parse tree of one file (or one command-line statement) into model records, checking what the grammar
 * leaves open: address and port syntax, Kubernetes name spelling, settings given twice, and which statement clauses
 * fit together. Names that refer to other parts of the intent are checked later, by {@link IntentResolver}.
 */
final class IntentModelBuilder {

    private final String file;
    private final Path directory;
    private final TokenStream tokens;

    /**
     * @param file      the display name used in locations
     * @param directory the absolute folder that relative paths in the file are resolved against (null when the text
     *                  cannot contain paths)
     * @param tokens    the token stream the tree was parsed from (for statement texts)
     */
    IntentModelBuilder(String file, Path directory, TokenStream tokens) {
        this.file = file;
        this.directory = directory;
        this.tokens = tokens;
    }

    // ------------------------------------------------------------------------------------------- locations, errors

    SourceLocation at(Token t) {
        return new SourceLocation(file, t.getLine(), t.getCharPositionInLine() + 1);
    }

    SourceLocation at(ParserRuleContext c) {
        return at(c.getStart());
    }

    private static InputError error(SourceLocation at, String reason) {
        return new InputError(at, reason);
    }

    // ----------------------------------------------------------------------------------------------------- include

    /** The text of {@code include "PATH"}, unescaped. */
    String includePath(IncludeDirectiveContext ctx) {
        String path = string(ctx.STRING().getSymbol());
        if (path.isEmpty()) {
            throw error(at(ctx.STRING().getSymbol()), "empty path: expected the name of a file to include");
        }
        return path;
    }

    // ----------------------------------------------------------------------------------------------------- cluster

    ClusterSpec cluster(ClusterBlockContext ctx) {
        Optional<String> name = ctx.clusterName == null ? Optional.empty() : Optional.of(ctx.clusterName.getText());
        Map<String, SourceLocation> seen = new HashMap<>();
        List<IpPrefix> podNetworks = List.of();
        List<IpPrefix> serviceNetworks = List.of();
        List<NodeSpec> nodes = new ArrayList<>();
        List<FileRef> manifests = List.of();
        PortRange nodePortRange = ClusterSpec.DEFAULT_NODE_PORT_RANGE;
        KubeProxyMode mode = KubeProxyMode.IPTABLES;
        Optional<Cni> cni = Optional.empty();
        List<IpPrefix> macvlan = List.of();
        List<IngressController> controllers = new ArrayList<>();
        List<ApiEndpoint> apiServers = List.of();
        for (ClusterSettingContext s : ctx.clusterSetting()) {
            if (s instanceof PodNetworkSettingContext) {
                once(seen, "pod network", s);
                podNetworks = networks(((PodNetworkSettingContext) s).prefixList());
            } else if (s instanceof ServiceNetworkSettingContext) {
                once(seen, "service network", s);
                serviceNetworks = networks(((ServiceNetworkSettingContext) s).prefixList());
            } else if (s instanceof ManifestsSettingContext) {
                once(seen, "manifests", s);
                List<FileRef> paths = new ArrayList<>();
                for (var t : ((ManifestsSettingContext) s).STRING()) {
                    paths.add(fileRef(t.getSymbol()));
                }
                manifests = paths;
            } else if (s instanceof KubeProxySettingContext) {
                once(seen, "kube-proxy mode", s);
                mode = kubeProxyMode(((KubeProxySettingContext) s).kubeProxyMode());
            } else if (s instanceof CniSettingContext c) {
                once(seen, "cni", s);
                cni = Optional.of(cni(c.cniName));
            } else if (s instanceof MacvlanNetworkSettingContext m) {
                once(seen, "macvlan network", s);
                macvlan = networks(m.prefixList());
            } else if (s instanceof IngressControllerSettingContext ic) {
                IngressController c = ingressController(ic);
                for (IngressController other : controllers) {
                    if (other.ingressClass().equals(c.ingressClass())) {
                        throw error(c.location(), "an ingress controller " + c.ingressClass().map(n -> "of class '"
                                + n + "'").orElse("without a class") + " is already declared at " + other.location()
                                + ": expected one controller per class");
                    }
                }
                controllers.add(c);
            } else if (s instanceof ApiServerSettingContext a) {
                once(seen, "api server", s);
                List<ApiEndpoint> endpoints = new ArrayList<>();
                for (ApiEndpointContext e : a.apiEndpoint()) {
                    Token address = e.ADDRESS_V4() != null ? e.ADDRESS_V4().getSymbol() : e.ADDRESS_V6().getSymbol();
                    endpoints.add(new ApiEndpoint(hostAddress(address), port(e.port), at(e)));
                }
                apiServers = endpoints;
            } else {
                NodeSettingContext n = ((NodeSettingsContext) s).nodeSetting();
                if (n instanceof NodePortRangeContext) {
                    once(seen, "node port range", s);
                    nodePortRange = portRange(((NodePortRangeContext) n).RANGE_NUMBER().getSymbol());
                } else {
                    NodeSpec node = node(s, (NodeDeclarationContext) n);
                    for (NodeSpec other : nodes) {
                        if (other.name().equals(node.name())) {
                            throw error(at(((NodeDeclarationContext) n).nodeName()), "node '" + node.name()
                                    + "' is already declared at " + other.location() + ": expected each node once");
                        }
                    }
                    nodes.add(node);
                }
            }
        }
        return new ClusterSpec(name, podNetworks, serviceNetworks, nodes, manifests, nodePortRange, mode, cni,
                macvlan, at(ctx), controllers, apiServers);
    }

    private IngressController ingressController(IngressControllerSettingContext ctx) {
        Optional<String> ingressClass = Optional.empty();
        if (ctx.className != null) {
            String name = ctx.className.getText();
            String problem = KubernetesNames.checkIngressClass(name);
            if (problem != null) {
                throw error(at(ctx.className), "bad IngressClass name '" + name + "': " + problem);
            }
            ingressClass = Optional.of(name);
        }
        return new IngressController(podSet(ctx.podSet()), ingressClass, at(ctx));
    }

    private Cni cni(Token word) {
        return Cni.lookup(word.getText()).orElseThrow(() -> error(at(word), "unknown network plugin '"
                + word.getText() + "': expected one of " + java.util.Arrays.stream(Cni.values()).map(Cni::keyword)
                .collect(java.util.stream.Collectors.joining(", "))));
    }

    /** Each setting but 'node NAME' may be given once per cluster block. */
    private void once(Map<String, SourceLocation> seen, String setting, ParserRuleContext s) {
        SourceLocation previous = seen.putIfAbsent(setting, at(s));
        if (previous != null) {
            throw error(at(s), "'" + setting + "' is already set at " + previous + ": expected each setting once");
        }
    }

    private List<IpPrefix> networks(PrefixListContext ctx) {
        List<IpPrefix> out = new ArrayList<>();
        for (AddressContext a : ctx.address()) {
            out.add(prefix(a.getStart()));
        }
        return out;
    }

    private NodeSpec node(ParserRuleContext setting, NodeDeclarationContext ctx) {
        String name = nodeName(ctx.nodeName());
        List<IpAddress> addresses = new ArrayList<>();
        for (AddressContext a : ctx.address()) {
            addresses.add(hostAddress(a.getStart()));
        }
        Optional<FileRef> state =
                ctx.STRING() == null ? Optional.empty() : Optional.of(fileRef(ctx.STRING().getSymbol()));
        return new NodeSpec(name, addresses, state, at(setting));
    }

    private static KubeProxyMode kubeProxyMode(KubeProxyModeContext ctx) {
        if (ctx.IPVS() != null) {
            return KubeProxyMode.IPVS;
        }
        return ctx.NFTABLES() != null ? KubeProxyMode.NFTABLES : KubeProxyMode.IPTABLES;
    }

    private FileRef fileRef(Token t) {
        String text = string(t);
        if (text.isEmpty()) {
            throw error(at(t), "empty path: expected a file or folder name");
        }
        if (directory == null) {
            throw error(at(t), "a path cannot be resolved here: expected a path in an intent file");
        }
        try {
            return new FileRef(directory.resolve(text).normalize(), at(t));
        } catch (InvalidPathException e) {
            throw error(at(t), "'" + text + "' is not a usable path (" + e.getReason() + "): expected a file or folder"
                    + " name");
        }
    }

    // ------------------------------------------------------------------------------------------------------- zones

    ZoneDef zoneDefinition(ZoneDefinitionContext ctx) {
        return new ZoneDef(zoneName(ctx.zoneName()), zoneExpr(ctx.zoneExpr()), at(ctx));
    }

    ApiAccess apiAccess(ZoneApiAccessContext ctx) {
        return new ApiAccess(zoneName(ctx.zoneName()), at(ctx));
    }

    ZoneRoutes zoneRoutes(ZoneRoutesContext ctx) {
        List<ZoneExpr> destinations = new ArrayList<>();
        for (RouteDestinationContext d : ctx.routeDestination()) {
            SourceLocation at = at(d);
            if (d instanceof PodsRouteContext) {
                destinations.add(new ZoneExpr.Builtin(BuiltinZone.PODS, at));
            } else if (d instanceof ServicesRouteContext) {
                destinations.add(new ZoneExpr.Builtin(BuiltinZone.SERVICES, at));
            } else if (d instanceof NodesRouteContext) {
                destinations.add(new ZoneExpr.Builtin(BuiltinZone.NODES, at));
            } else if (d instanceof AddressRouteContext) {
                destinations.add(new ZoneExpr.Cidrs(List.of(prefix(d.getStart())), at));
            } else {
                destinations.add(new ZoneExpr.ZoneRef(zoneName(((NamedZoneRouteContext) d).zoneName()), at));
            }
        }
        Optional<RouteGateway> via = Optional.empty();
        if (ctx.routeGateway() instanceof ViaNodeGatewayContext n) {
            via = Optional.of(new RouteGateway.ViaNode(nodeName(n.nodeName()), at(n.nodeName())));
        } else if (ctx.routeGateway() instanceof ViaPodsGatewayContext p) {
            via = Optional.of(new RouteGateway.ViaPods(podSet(p.podSet()), at(p)));
        }
        return new ZoneRoutes(zoneName(ctx.zoneName()), destinations, via, at(ctx));
    }

    private ZoneExpr zoneExpr(ZoneExprContext ctx) {
        ZoneExpr included = union(ctx.included);
        if (ctx.excluded == null) {
            return included;
        }
        return new ZoneExpr.Except(included, union(ctx.excluded), at(ctx));
    }

    /** The items of a union; all literal addresses become one {@link ZoneExpr.Cidrs} where the first one was. */
    private ZoneExpr union(ZoneUnionContext ctx) {
        List<ZoneExpr> members = new ArrayList<>();
        List<IpPrefix> prefixes = new ArrayList<>();
        int cidrsIndex = -1;
        SourceLocation cidrsAt = null;
        for (ZoneItemContext item : ctx.zoneItem()) {
            if (item instanceof AddressZoneItemContext) {
                if (cidrsIndex < 0) {
                    cidrsIndex = members.size();
                    cidrsAt = at(item);
                    members.add(null);
                }
                prefixes.add(prefix(item.getStart()));
            } else {
                members.add(zoneItem(item));
            }
        }
        if (cidrsIndex >= 0) {
            members.set(cidrsIndex, new ZoneExpr.Cidrs(prefixes, cidrsAt));
        }
        return members.size() == 1 ? members.get(0) : new ZoneExpr.Union(members, at(ctx));
    }

    private ZoneExpr zoneItem(ZoneItemContext item) {
        if (item instanceof AddressZoneItemContext) {
            return new ZoneExpr.Cidrs(List.of(prefix(item.getStart())), at(item));
        }
        if (item instanceof BuiltinZoneItemContext) {
            return builtin(((BuiltinZoneItemContext) item).builtinZone());
        }
        if (item instanceof PodSetZoneItemContext) {
            return podSet(((PodSetZoneItemContext) item).podSet());
        }
        return new ZoneExpr.ZoneRef(zoneName(((NamedZoneItemContext) item).zoneName()), at(item));
    }

    private ZoneExpr builtin(BuiltinZoneContext ctx) {
        SourceLocation at = at(ctx);
        return switch (ctx.getStart().getType()) {
            case IntentParser.PODS -> new ZoneExpr.Builtin(BuiltinZone.PODS, at);
            case IntentParser.SERVICES -> new ZoneExpr.Builtin(BuiltinZone.SERVICES, at);
            case IntentParser.NODES -> new ZoneExpr.Builtin(BuiltinZone.NODES, at);
            case IntentParser.CLUSTER -> new ZoneExpr.Builtin(BuiltinZone.CLUSTER, at);
            default -> new ZoneExpr.Everything(at);
        };
    }

    private String zoneName(ZoneNameContext ctx) {
        String name = ctx.getText();
        if (name.indexOf('.') >= 0) {
            throw error(at(ctx), "zone name '" + name + "' contains '.': expected letters, digits, '-' and '_'");
        }
        return name;
    }

    // ---------------------------------------------------------------------------------------------------- pod sets

    private ZoneExpr.PodSet podSet(PodSetContext ctx) {
        if (ctx instanceof PodsInNamespaceWithSelectorContext) {
            PodsInNamespaceWithSelectorContext c = (PodsInNamespaceWithSelectorContext) ctx;
            return new ZoneExpr.PodSet(Optional.of(namespace(c.namespace.getStart())), selector(c.selector()),
                    at(ctx));
        }
        if (ctx instanceof PodsInNamespaceContext) {
            PodsInNamespaceContext c = (PodsInNamespaceContext) ctx;
            LabelSelector selector = c.selector() == null ? LabelSelector.EVERYTHING : selector(c.selector());
            return new ZoneExpr.PodSet(Optional.of(namespace(c.namespace.getStart())), selector, at(ctx));
        }
        return new ZoneExpr.PodSet(Optional.empty(), selector(((PodsWithSelectorContext) ctx).selector()), at(ctx));
    }

    private String namespace(Token t) {
        String name = t.getText();
        String problem = KubernetesNames.checkNamespace(name);
        if (problem != null) {
            throw error(at(t), "bad namespace '" + name + "': " + problem);
        }
        return name;
    }

    private LabelSelector selector(SelectorContext ctx) {
        List<LabelRequirement> requirements = new ArrayList<>();
        for (LabelRequirementContext r : ctx.labelRequirement()) {
            requirements.add(requirement(r));
        }
        return new LabelSelector(requirements);
    }

    private LabelRequirement requirement(LabelRequirementContext r) {
        SourceLocation at = at(r);
        if (r instanceof LabelEqualsContext) {
            LabelEqualsContext c = (LabelEqualsContext) r;
            return new LabelRequirement(labelKey(c.labelKey()), LabelRequirement.Operator.EQUALS,
                    List.of(labelValue(c.labelValue())), at);
        }
        if (r instanceof LabelNotEqualsContext) {
            LabelNotEqualsContext c = (LabelNotEqualsContext) r;
            return new LabelRequirement(labelKey(c.labelKey()), LabelRequirement.Operator.NOT_EQUALS,
                    List.of(labelValue(c.labelValue())), at);
        }
        if (r instanceof LabelInContext) {
            LabelInContext c = (LabelInContext) r;
            return new LabelRequirement(labelKey(c.labelKey()), LabelRequirement.Operator.IN,
                    labelValues(c.valueList()), at);
        }
        if (r instanceof LabelNotInContext) {
            LabelNotInContext c = (LabelNotInContext) r;
            return new LabelRequirement(labelKey(c.labelKey()), LabelRequirement.Operator.NOT_IN,
                    labelValues(c.valueList()), at);
        }
        if (r instanceof LabelExistsContext) {
            return new LabelRequirement(labelKey(((LabelExistsContext) r).labelKey()),
                    LabelRequirement.Operator.EXISTS, List.of(), at);
        }
        return new LabelRequirement(labelKey(((LabelDoesNotExistContext) r).labelKey()),
                LabelRequirement.Operator.DOES_NOT_EXIST, List.of(), at);
    }

    private String labelKey(LabelKeyContext ctx) {
        String prefix = ctx.prefix == null ? null : ctx.prefix.getText();
        String name = ctx.key.getText();
        String problem = KubernetesNames.checkLabelKey(prefix, name);
        if (problem != null) {
            throw error(at(ctx), "bad label key '" + ctx.getText() + "': " + problem);
        }
        return prefix == null ? name : prefix + "/" + name;
    }

    private List<String> labelValues(ValueListContext ctx) {
        List<String> values = new ArrayList<>();
        for (LabelValueContext v : ctx.labelValue()) {
            values.add(labelValue(v));
        }
        return values;
    }

    private String labelValue(LabelValueContext ctx) {
        String value = ctx.STRING() != null ? string(ctx.STRING().getSymbol()) : ctx.getText();
        String problem = KubernetesNames.checkLabelValue(value);
        if (problem != null) {
            throw error(at(ctx), "bad label value '" + value + "': " + problem);
        }
        return value;
    }

    // -------------------------------------------------------------------------------------------------- statements

    Statement statement(StatementContext ctx) {
        Optional<String> name = Optional.empty();
        if (ctx.statementName() != null) {
            Token t = ctx.statementName().getStart();
            String text = t.getType() == IntentParser.STRING ? string(t).strip() : t.getText();
            if (text.isEmpty()) {
                throw error(at(t), "empty statement name: expected some text between the quotes");
            }
            name = Optional.of(text);
        }
        StatementBodyContext body = ctx.statementBody();
        String text = text(body);
        if (body.reachStatement() != null) {
            return reach(name, body.reachStatement(), text, at(ctx));
        }
        return exposure(name, body.exposureStatement(), text, at(ctx));
    }

    private ReachStatement reach(Optional<String> name, ReachStatementContext ctx, String text, SourceLocation at) {
        Quantifier quantifier = ctx.quantifier() == null || ctx.quantifier().SOME() == null
                ? Quantifier.EVERY : Quantifier.SOME;
        Reachability reachability = ctx.CAN() != null ? Reachability.CAN_REACH : Reachability.CANNOT_REACH;
        Source source = source(ctx.source());
        Target target = target(ctx.target());
        List<PortSpec> ports = new ArrayList<>();
        if (ctx.portClause() != null) {
            for (PortSpecContext p : ctx.portClause().portSpec()) {
                ports.add(portSpec(p));
            }
        }
        List<Exposure> via = new ArrayList<>();
        boolean onlyVia = false;
        if (ctx.viaClause() != null) {
            for (ExposureContext e : ctx.viaClause().exposure()) {
                via.add(exposure(e));
            }
            onlyVia = ctx.viaClause().ONLY() != null;
        }
        boolean can = reachability == Reachability.CAN_REACH;
        if (quantifier == Quantifier.SOME && !can) {
            throw error(at(ctx.quantifier()), "'some address of' with 'cannot reach': expected 'can reach'"
                    + " ('cannot reach' already speaks of every address)");
        }
        if (ctx.portClause() != null && hasPort(target)) {
            throw error(at(ctx.portClause()), "the target already names a port: expected either a port in the target"
                    + " or an 'on' clause, not both");
        }
        if (target instanceof Target.UrlTarget && ctx.portClause() != null) {
            throw error(at(ctx.portClause()), "an 'on' clause with a URL target: expected the port in the URL"
                    + " (http://HOST:PORT/PATH)");
        }
        if (ctx.DIRECTLY() != null) {
            if (target instanceof Target.UrlTarget) {
                throw error(at(ctx.DIRECTLY().getSymbol()), "'directly' with a URL target: expected a pod, address,"
                        + " node or zone target (a request through an ingress controller is proxied)");
            }
            if (target instanceof Target.ServiceTarget) {
                throw error(at(ctx.DIRECTLY().getSymbol()), "'directly' with a service target: expected a pod, address,"
                        + " node or zone target (a service is reached through address translation)");
            }
        }
        if (ctx.viaClause() != null) {
            if (target instanceof Target.UrlTarget && onlyVia) {
                throw error(at(ctx.viaClause()), "'only via' with a URL target: expected 'via' (a URL is always"
                        + " reached through the ingress controller; 'via' chooses its frontends)");
            }
            if (onlyVia && !(target instanceof Target.ServiceTarget)) {
                throw error(at(ctx.viaClause()), "'only via' with a target that is not a service: expected"
                        + " 'service NAMESPACE/NAME' as the target");
            }
            if (!(target instanceof Target.ServiceTarget) && !(target instanceof Target.UrlTarget)) {
                throw error(at(ctx.viaClause()), "'via' with a target that is not a service or a URL: expected"
                        + " 'service NAMESPACE/NAME' or 'http(s)://HOST/PATH' as the target");
            }
            if (onlyVia && !can) {
                throw error(at(ctx.viaClause()), "'only via' with 'cannot reach': expected 'can reach', or 'via'"
                        + " without 'only'");
            }
        }
        return new ReachStatement(name, quantifier, source, reachability, target, ports, ctx.DIRECTLY() != null, via,
                onlyVia, text, at);
    }

    private static boolean hasPort(Target target) {
        if (target instanceof Target.ServiceTarget) {
            return ((Target.ServiceTarget) target).port().isPresent();
        }
        return target instanceof Target.AddressTarget && ((Target.AddressTarget) target).port().isPresent();
    }

    private Source source(SourceContext ctx) {
        if (ctx instanceof NodeSourceContext) {
            return new Source.NodeSource(nodeName(((NodeSourceContext) ctx).nodeName()), at(ctx));
        }
        ZoneItemContext item = ((ZoneSourceContext) ctx).zoneItem();
        if (item instanceof AddressZoneItemContext) {
            return new Source.AddressSource(prefix(item.getStart()), at(item));
        }
        ZoneExpr zone = zoneItem(item);
        if (zone instanceof ZoneExpr.PodSet) {
            return new Source.PodSetSource((ZoneExpr.PodSet) zone);
        }
        return new Source.ZoneSource(zone);
    }

    private Target target(TargetContext ctx) {
        SourceLocation at = at(ctx);
        if (ctx instanceof ServiceTargetContext) {
            return serviceRef(((ServiceTargetContext) ctx).serviceRef(), at);
        }
        if (ctx instanceof NodeTargetContext) {
            return new Target.NodeTarget(nodeName(((NodeTargetContext) ctx).nodeName()), at);
        }
        if (ctx instanceof Ipv4TargetContext) {
            Ipv4TargetContext c = (Ipv4TargetContext) ctx;
            return addressTarget(c.ADDRESS_V4().getSymbol(), c.port, at);
        }
        if (ctx instanceof Ipv6PortTargetContext) {
            Ipv6PortTargetContext c = (Ipv6PortTargetContext) ctx;
            return addressTarget(c.ADDRESS_V6().getSymbol(), c.port, at);
        }
        if (ctx instanceof Ipv6TargetContext) {
            return addressTarget(((Ipv6TargetContext) ctx).ADDRESS_V6().getSymbol(), null, at);
        }
        if (ctx instanceof UrlTargetContext u) {
            return UrlSyntax.parse(u.URL().getText(), at);
        }
        if (ctx instanceof BuiltinTargetContext) {
            return new Target.ZoneTarget(builtin(((BuiltinTargetContext) ctx).builtinZone()));
        }
        if (ctx instanceof PodSetTargetContext) {
            return new Target.PodSetTarget(podSet(((PodSetTargetContext) ctx).podSet()));
        }
        return new Target.ZoneTarget(new ZoneExpr.ZoneRef(zoneName(((NamedZoneTargetContext) ctx).zoneName()), at));
    }

    private Target.AddressTarget addressTarget(Token address, Token port, SourceLocation at) {
        if (port == null) {
            return new Target.AddressTarget(prefix(address), OptionalInt.empty(), at);
        }
        IpAddress host = hostAddress(address);
        return new Target.AddressTarget(IpPrefix.host(host), OptionalInt.of(port(port)), at);
    }

    private Target.ServiceTarget serviceRef(ServiceRefContext ctx, SourceLocation at) {
        String namespace = namespace(ctx.namespace.getStart());
        String name = ctx.serviceName.getText();
        String problem = KubernetesNames.checkServiceName(name);
        if (problem != null) {
            throw error(at(ctx.serviceName), "bad service name '" + name + "': " + problem);
        }
        Optional<String> port = Optional.empty();
        if (ctx.servicePort != null) {
            String p = ctx.servicePort.getText();
            problem = KubernetesNames.checkServicePort(p);
            if (problem != null) {
                throw error(at(ctx.servicePort), "bad service port '" + p + "': " + problem);
            }
            port = Optional.of(p);
        }
        return new Target.ServiceTarget(namespace, name, port, at);
    }

    private String nodeName(NodeNameContext ctx) {
        String name = ctx.getText();
        String problem = KubernetesNames.checkNodeName(name);
        if (problem != null) {
            throw error(at(ctx), "bad node name '" + name + "': " + problem);
        }
        return name;
    }

    private PortSpec portSpec(PortSpecContext ctx) {
        SourceLocation at = at(ctx);
        return switch (ctx.getStart().getType()) {
            case IntentParser.ANY -> PortSpec.any(at);
            case IntentParser.ICMP -> PortSpec.of(Protocol.ICMP, at);
            case IntentParser.ICMPV6 -> PortSpec.of(Protocol.ICMPV6, at);
            case IntentParser.UDP -> portsOf(Protocol.UDP, ctx, at);
            case IntentParser.SCTP -> portsOf(Protocol.SCTP, ctx, at);
            default -> portsOf(Protocol.TCP, ctx, at);
        };
    }

    private PortSpec portsOf(Protocol protocol, PortSpecContext ctx, SourceLocation at) {
        if (ctx.NUMBER() != null) {
            return PortSpec.of(protocol, PortRange.single(port(ctx.NUMBER().getSymbol())), at);
        }
        if (ctx.RANGE_NUMBER() != null) {
            return PortSpec.of(protocol, portRange(ctx.RANGE_NUMBER().getSymbol()), at);
        }
        return PortSpec.of(protocol, at);
    }

    private ExposureStatement exposure(Optional<String> name, ExposureStatementContext ctx, String text,
                                       SourceLocation at) {
        Target.ServiceTarget service = serviceRef(ctx.serviceRef(), at(ctx.serviceRef()));
        ExposureClaimContext claim = ctx.exposureClaim();
        List<Exposure> kinds = new ArrayList<>();
        ExposureStatement.Claim kind;
        List<ExposureContext> listed;
        if (claim instanceof ExposedAsContext) {
            kind = ExposureStatement.Claim.EXPOSED_AS;
            listed = ((ExposedAsContext) claim).exposure();
        } else if (claim instanceof ExposedOnlyViaContext) {
            kind = ExposureStatement.Claim.EXPOSED_ONLY_VIA;
            listed = ((ExposedOnlyViaContext) claim).exposure();
        } else {
            kind = ExposureStatement.Claim.NOT_EXPOSED;
            listed = List.of();
        }
        for (ExposureContext e : listed) {
            kinds.add(exposure(e));
        }
        return new ExposureStatement(name, service, kind, kinds, text, at);
    }

    private static Exposure exposure(ExposureContext ctx) {
        return Exposure.byKeyword(ctx.getText()).orElseThrow();
    }

    /** The statement as written, comments and line breaks dropped, each gap between tokens one space. */
    private String text(ParserRuleContext ctx) {
        StringBuilder sb = new StringBuilder();
        Token previous = null;
        for (int i = ctx.getStart().getTokenIndex(); i <= ctx.getStop().getTokenIndex(); i++) {
            Token t = tokens.get(i);
            if (t.getChannel() != Token.DEFAULT_CHANNEL || t.getType() == IntentParser.NEWLINE) {
                continue;
            }
            if (previous != null && t.getStartIndex() > previous.getStopIndex() + 1) {
                sb.append(' ');
            }
            sb.append(t.getText());
            previous = t;
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------- addresses, ports, text

    /** An address or CIDR block; host bits must be clear. */
    private IpPrefix prefix(Token t) {
        String text = t.getText();
        IpPrefix prefix = IpPrefix.tryParse(text);
        boolean v4 = t.getType() == IntentParser.ADDRESS_V4;
        if (prefix == null) {
            throw error(at(t), "bad address '" + text + "': expected " + (v4
                    ? "an IPv4 address such as 10.0.0.1 or a CIDR block such as 10.0.0.0/8"
                    : "an IPv6 address such as fd00::1 or a CIDR block such as fd00::/64"));
        }
        int slash = text.indexOf('/');
        if (slash >= 0 && !IpAddress.parse(text.substring(0, slash)).equals(prefix.network())) {
            throw error(at(t), "'" + text + "' has bits set after the prefix length: expected " + prefix);
        }
        return prefix;
    }

    /** A single address (no prefix length). */
    private IpAddress hostAddress(Token t) {
        IpPrefix prefix = prefix(t);
        if (t.getText().indexOf('/') >= 0) {
            throw error(at(t), "'" + t.getText() + "' is a CIDR block: expected a single address");
        }
        return prefix.network();
    }

    private int port(Token t) {
        String text = t.getText();
        if (text.length() > 5 || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw error(at(t), "port " + text + " is out of range: expected a port from 1 to 65535");
        }
        return Integer.parseInt(text);
    }

    private PortRange portRange(Token t) {
        String text = t.getText();
        int dash = text.indexOf('-');
        String first = text.substring(0, dash);
        String last = text.substring(dash + 1);
        if (first.length() > 5 || last.length() > 5 || Integer.parseInt(first) < 1
                || Integer.parseInt(last) > 65535) {
            throw error(at(t), "port range " + text + " is out of range: expected ports from 1 to 65535");
        }
        if (Integer.parseInt(first) > Integer.parseInt(last)) {
            throw error(at(t), "port range " + text + " is reversed: expected the lower port first");
        }
        return new PortRange(Integer.parseInt(first), Integer.parseInt(last));
    }

    /** The text of a string token without its quotes, with {@code \"} and {@code \\} unescaped. */
    private String string(Token t) {
        String raw = t.getText();
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                char next = raw.charAt(i + 1);
                if (next != '"' && next != '\\') {
                    throw error(new SourceLocation(file, t.getLine(), t.getCharPositionInLine() + 1 + i),
                            "unknown escape '\\" + next + "' in a string: expected \\\" or \\\\");
                }
                sb.append(next);
                i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
