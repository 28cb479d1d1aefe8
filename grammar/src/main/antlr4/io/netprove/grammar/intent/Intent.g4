/*
 * The netprove intent language (.np files): the cluster under test, named address zones, and the reachability
 * and exposure statements to prove. docs/intent-language.md is the user guide.
 *
 * Line structure: a statement or setting ends at a line end or at ';'. A line that ends with ',' continues on
 * the next line. Comments start with '#' or '//' and run to the end of the line.
 *
 * This grammar only recognises the shape of the text. IntentModelBuilder turns the tree into model records and
 * checks what a context-free grammar cannot (address syntax, Kubernetes name syntax, port numbers, which clauses
 * fit together); IntentResolver checks names (zones, nodes, and cluster names such as services and labels).
 */
grammar Intent;

// ===================================================================================================== files

/** A whole file: top-level elements separated by line ends or ';'. */
intentFile
    : separator* (element (separator+ element)*)? separator* EOF
    ;

/** One statement alone, as given to `netprove ask`. */
singleStatement
    : statement separator* EOF
    ;

separator
    : NEWLINE
    | SEMICOLON
    ;

/** A comma that may end a line: the list continues on the next line. */
comma
    : COMMA NEWLINE*
    ;

element
    : includeDirective
    | clusterBlock
    | zoneElement
    | statement
    ;

/** include "PATH": the named file (relative to this one) joins this intent. */
includeDirective
    : INCLUDE STRING
    ;

// =================================================================================================== cluster

/** cluster [NAME] { SETTING ... }: the cluster under test; at most one per intent. */
clusterBlock
    : CLUSTER clusterName=WORD? LBRACE separator* (clusterSetting (separator+ clusterSetting)*)? separator* RBRACE
    ;

clusterSetting
    : POD NETWORK prefixList                                 # podNetworkSetting
    | SERVICE NETWORK prefixList                             # serviceNetworkSetting
    | NODE nodeSetting                                       # nodeSettings
    | MANIFESTS STRING (comma STRING)*                       # manifestsSetting
    | KUBE_PROXY MODE kubeProxyMode                          # kubeProxySetting
    | CNI cniName=WORD                                       # cniSetting
    | MACVLAN NETWORK prefixList                             # macvlanNetworkSetting
    | INGRESS CONTROLLER podSet (CLASS className=name)?      # ingressControllerSetting
    | API SERVER apiEndpoint (comma apiEndpoint)*            # apiServerSetting
    ;

/** Where the API server listens: IPv4:PORT or [IPv6]:PORT. */
apiEndpoint
    : ADDRESS_V4 COLON port=NUMBER
    | LBRACKET ADDRESS_V6 RBRACKET COLON port=NUMBER
    ;

/** After 'node': either the node port range or one node of the cluster. */
nodeSetting
    : PORT RANGE RANGE_NUMBER                                # nodePortRange
    | nodeName ADDRESS address (comma address)* (STATE STRING)?   # nodeDeclaration
    ;

kubeProxyMode
    : IPTABLES
    | IPVS
    | NFTABLES
    ;

/** CIDR blocks (or single addresses) of the pod or service network. */
prefixList
    : address (comma address)*
    ;

// ===================================================================================================== zones

/**
 * zone NAME = ZONE_EXPR, zone NAME routes to DEST, ..., or zone NAME has api access: a named set of addresses, where
 * its traffic may go, or that its clients hold credentials for the Kubernetes API.
 */
zoneElement
    : ZONE zoneName EQUALS zoneExpr                          # zoneDefinition
    | ZONE zoneName ROUTES TO routeDestination (comma routeDestination)* routeGateway?   # zoneRoutes
    | ZONE zoneName HAS API ACCESS                           # zoneApiAccess
    ;

/** Where the routed traffic enters the cluster: through one node, or out of gateway pods (a VPN server). */
routeGateway
    : VIA NODE nodeName                                      # viaNodeGateway
    | VIA podSet                                             # viaPodsGateway
    ;

/** A union of items, minus an optional union of items. */
zoneExpr
    : included=zoneUnion (EXCEPT excluded=zoneUnion)?
    ;

zoneUnion
    : zoneItem (comma zoneItem)*
    ;

zoneItem
    : address                                                # addressZoneItem
    | builtinZone                                            # builtinZoneItem
    | podSet                                                 # podSetZoneItem
    | zoneName                                               # namedZoneItem
    ;

/** The zones every intent has: pod network, service network, node addresses, all three, all addresses. */
builtinZone
    : PODS
    | SERVICES
    | NODES
    | CLUSTER
    | EVERYTHING
    ;

/** Extra destinations a zone's traffic can carry into the cluster. */
routeDestination
    : PODS                                                   # podsRoute
    | SERVICES                                               # servicesRoute
    | NODES                                                  # nodesRoute
    | address                                                # addressRoute
    | zoneName                                               # namedZoneRoute
    ;

zoneName
    : WORD
    ;

// ================================================================================================== pod sets

/**
 * Pods chosen by namespace and labels. A selector takes every comma-separated requirement that follows it, so
 * in a zone list a pod set with a selector goes last.
 */
podSet
    : PODS namespace=name SLASH selector                     # podsInNamespaceWithSelector
    | PODS IN NAMESPACE namespace=name (WITH selector)?      # podsInNamespace
    | PODS WITH selector                                     # podsWithSelector
    ;

/** Kubernetes label-selector syntax. */
selector
    : labelRequirement (comma labelRequirement)*
    ;

labelRequirement
    : labelKey (EQUALS | DOUBLE_EQUALS) labelValue          # labelEquals
    | labelKey NOT_EQUALS labelValue                         # labelNotEquals
    | labelKey IN valueList                                  # labelIn
    | labelKey NOTIN valueList                               # labelNotIn
    | labelKey                                               # labelExists
    | BANG labelKey                                          # labelDoesNotExist
    ;

/** A label key with an optional prefix: app, app.kubernetes.io/name. */
labelKey
    : (prefix=name SLASH)? key=name
    ;

labelValue
    : name
    | STRING
    ;

valueList
    : LPAREN labelValue (comma labelValue)* RPAREN
    ;

// ================================================================================================ statements

/** A statement with an optional name: "quoted name": ... or identifier: ... */
statement
    : (statementName COLON)? statementBody
    ;

statementName
    : STRING
    | WORD
    ;

statementBody
    : reachStatement
    | exposureStatement
    ;

/** [every address of | some address of] SOURCE can|cannot reach TARGET [on PORTS] [directly] [[only] via KINDS] */
reachStatement
    : quantifier? source (CAN | CANNOT) REACH target portClause? DIRECTLY? viaClause?
    ;

quantifier
    : (EVERY | SOME) ADDRESS OF
    ;

source
    : NODE nodeName                                          # nodeSource
    | zoneItem                                               # zoneSource
    ;

target
    : SERVICE serviceRef                                     # serviceTarget
    | NODE nodeName                                          # nodeTarget
    | ADDRESS_V4 (COLON port=NUMBER)?                        # ipv4Target
    | LBRACKET ADDRESS_V6 RBRACKET COLON port=NUMBER         # ipv6PortTarget
    | ADDRESS_V6                                             # ipv6Target
    | URL                                                    # urlTarget
    | builtinZone                                            # builtinTarget
    | podSet                                                 # podSetTarget
    | zoneName                                               # namedZoneTarget
    ;

/** NAMESPACE/NAME[:PORT], PORT being a service port's name or number. */
serviceRef
    : namespace=name SLASH serviceName=name (COLON servicePort=name)?
    ;

portClause
    : ON portSpec (comma portSpec)*
    ;

/** tcp/80, udp/53, sctp/9000, tcp/8000-8080, tcp (any port), icmp, icmpv6, any. */
portSpec
    : (TCP | UDP | SCTP) (SLASH (NUMBER | RANGE_NUMBER))?
    | ICMP
    | ICMPV6
    | ANY
    ;

viaClause
    : ONLY? VIA exposure (comma exposure)*
    ;

/** service NS/NAME[:PORT] is exposed as KINDS | is exposed only via KINDS | is not exposed outside the cluster */
exposureStatement
    : SERVICE serviceRef IS exposureClaim
    ;

exposureClaim
    : EXPOSED AS exposure (comma exposure)*                  # exposedAs
    | EXPOSED ONLY VIA exposure (comma exposure)*            # exposedOnlyVia
    | NOT EXPOSED OUTSIDE THE CLUSTER                        # notExposed
    ;

/** The kinds of frontend through which a service (or pod) can be reached. */
exposure
    : CLUSTERIP
    | NODEPORT
    | LOADBALANCER
    | EXTERNALIP
    | INGRESS
    | HOSTPORT
    | HOSTNETWORK
    | PORT_FORWARD
    | API_PROXY
    ;

// ================================================================================================ small parts

address
    : ADDRESS_V4
    | ADDRESS_V6
    ;

/** A Kubernetes node name (lower-case letters, digits, '-', '.'); IntentModelBuilder checks the spelling. */
nodeName
    : WORD
    | NUMBER
    | RANGE_NUMBER
    | ADDRESS_V4
    ;

/** A Kubernetes name (namespace, service, port, label): any word, keywords included. */
name
    : WORD
    | NUMBER
    | RANGE_NUMBER
    | keyword
    ;

keyword
    : INCLUDE | CLUSTER | POD | NETWORK | SERVICE | NODE | ADDRESS | STATE | MANIFESTS | PORT | RANGE | KUBE_PROXY
    | MODE | IPTABLES | IPVS | NFTABLES | CNI | MACVLAN | ZONE | ROUTES | TO | EXCEPT | PODS | SERVICES | NODES | EVERYTHING | IN
    | NAMESPACE | WITH | NOTIN | CAN | CANNOT | REACH | EVERY | SOME | OF | ON | DIRECTLY | ONLY | VIA | IS
    | EXPOSED | AS | NOT | OUTSIDE | THE | TCP | UDP | SCTP | ICMP | ICMPV6 | ANY | CLUSTERIP | NODEPORT
    | LOADBALANCER | EXTERNALIP | INGRESS | HOSTPORT | HOSTNETWORK | PORT_FORWARD | API_PROXY | CONTROLLER | CLASS
    | API | SERVER | HAS | ACCESS
    ;

// ===================================================================================================== lexer

// Keywords (lower case). They come before WORD so that an exact keyword is a keyword; a longer word that starts
// with one (node-1, pods-a) is still a WORD.
INCLUDE      : 'include' ;
CLUSTER      : 'cluster' ;
POD          : 'pod' ;
NETWORK      : 'network' ;
SERVICE      : 'service' ;
NODE         : 'node' ;
ADDRESS      : 'address' ;
STATE        : 'state' ;
MANIFESTS    : 'manifests' ;
PORT         : 'port' ;
RANGE        : 'range' ;
KUBE_PROXY   : 'kube-proxy' ;
MODE         : 'mode' ;
IPTABLES     : 'iptables' ;
IPVS         : 'ipvs' ;
NFTABLES     : 'nftables' ;
CNI          : 'cni' ;
MACVLAN      : 'macvlan' ;
ZONE         : 'zone' ;
ROUTES       : 'routes' ;
TO           : 'to' ;
EXCEPT       : 'except' ;
PODS         : 'pods' ;
SERVICES     : 'services' ;
NODES        : 'nodes' ;
EVERYTHING   : 'everything' ;
IN           : 'in' ;
NAMESPACE    : 'namespace' ;
WITH         : 'with' ;
NOTIN        : 'notin' ;
CAN          : 'can' ;
CANNOT       : 'cannot' ;
REACH        : 'reach' ;
EVERY        : 'every' ;
SOME         : 'some' ;
OF           : 'of' ;
ON           : 'on' ;
DIRECTLY     : 'directly' ;
ONLY         : 'only' ;
VIA          : 'via' ;
IS           : 'is' ;
EXPOSED      : 'exposed' ;
AS           : 'as' ;
NOT          : 'not' ;
OUTSIDE      : 'outside' ;
THE          : 'the' ;
TCP          : 'tcp' ;
UDP          : 'udp' ;
SCTP         : 'sctp' ;
ICMP         : 'icmp' ;
ICMPV6       : 'icmpv6' ;
ANY          : 'any' ;
CLUSTERIP    : 'clusterip' ;
NODEPORT     : 'nodeport' ;
LOADBALANCER : 'loadbalancer' ;
EXTERNALIP   : 'externalip' ;
INGRESS      : 'ingress' ;
HOSTPORT     : 'hostport' ;
HOSTNETWORK  : 'hostnetwork' ;
PORT_FORWARD : 'port-forward' ;
API_PROXY    : 'api-proxy' ;
CONTROLLER   : 'controller' ;
CLASS        : 'class' ;
API          : 'api' ;
SERVER       : 'server' ;
HAS          : 'has' ;
ACCESS       : 'access' ;

// An HTTP(S) request target: scheme, '://', then everything up to a blank, ',', ';', '#' or '"'. It is longer
// than the WORD its scheme also is, so it wins; IntentModelBuilder checks the scheme, host, port and path.
URL          : [a-z]+ '://' ~[ \t\r\n,;#"]* ;

// An IPv4 address with an optional prefix length: 10.0.0.1, 10.0.0.0/8. The numbers are checked later.
ADDRESS_V4   : DIGITS '.' DIGITS '.' DIGITS '.' DIGITS ('/' DIGITS)? ;

// An IPv6 address (at least two ':') with an optional prefix length: fd00::1, fd00::/64, ::ffff:10.0.0.1.
// With one ':' only, text such as web:http stays a WORD, ':' and a WORD.
ADDRESS_V6   : HEX* ':' HEX* ':' (HEX | ':' | '.')* ('/' DIGITS)? ;

NUMBER       : DIGITS ;
RANGE_NUMBER : DIGITS '-' DIGITS ;

// Names: zones, nodes, namespaces, label keys and values. Which characters fit where is checked later.
WORD         : [A-Za-z0-9_] [A-Za-z0-9_.\-]* ;

// A double-quoted string on one line; '\' escapes the next character (the builder accepts \" and \\).
STRING       : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
// The same without the closing quote: reported as an unterminated string.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'? ;

LBRACE        : '{' ;
RBRACE        : '}' ;
LPAREN        : '(' ;
RPAREN        : ')' ;
LBRACKET      : '[' ;
RBRACKET      : ']' ;
COMMA         : ',' ;
COLON         : ':' ;
SEMICOLON     : ';' ;
SLASH         : '/' ;
DOUBLE_EQUALS : '==' ;
EQUALS        : '=' ;
NOT_EQUALS    : '!=' ;
BANG          : '!' ;

NEWLINE      : '\n' ;
WHITESPACE   : [ \t\r]+ -> skip ;
COMMENT      : ('#' | '//') ~[\r\n]* -> skip ;

// Anything else is one bad character; the parser reports it with what it expected instead.
BAD_CHARACTER : . ;

fragment DIGITS : [0-9]+ ;
fragment HEX    : [0-9a-fA-F] ;
