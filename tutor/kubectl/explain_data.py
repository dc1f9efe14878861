"""Data for ``kubectl explain`` (:mod:`tutor.kubectl.explain`): the Service and Pod types
the course uses and the types beneath them, with each field's JSON name, the type kubectl shows,
the type it refers to, whether it is required and its enum values, as in the Kubernetes 1.34 API
(k8s.io/api core/v1, apimachinery meta/v1).

The descriptions are ktutor's own wording, written for this project: they are not the API's
documentation strings. They follow kubectl's conventions (a "More info:" link to the
kubernetes.io documentation, a "Possible enum values:" list) so the output reads like the real
command's.

type name -> {"desc": type description, "fields": {json name: [type shown, type it
refers to or None, required, enum values or None, description]}}
"""

from typing import Any

TYPES: dict[str, Any] = {
    "Service": {
        "desc": "A Service gives a changing set of Pods, usually picked by a label selector, one stable virtual IP "
                "address, DNS name and set of ports, and spreads the connections it receives across the ready Pods "
                "behind it.",
        "fields": {
            "apiVersion": ["string", None, False, None,
                "The version of the API schema the object is written in; for this kind it is v1."],
            "kind": ["string", None, False, None,
                "The kind of object, here Service; it cannot be changed."],
            "metadata": ["ObjectMeta", "ObjectMeta", False, None,
                "Standard object metadata: name, namespace, labels, annotations and more. More info: "
                "https://kubernetes.io/docs/concepts/overview/working-with-objects/"],
            "spec": ["ServiceSpec", "ServiceSpec", False, None,
                "The Service's desired behaviour, as you write it."],
            "status": ["ServiceStatus", "ServiceStatus", False, None,
                "The Service's observed state, written by the system; read-only."],
        },
    },
    "ServiceSpec": {
        "desc": "The desired state of a Service: which Pods receive its traffic, which ports it exposes, and how "
                "clients reach it.",
        "fields": {
            "ports": ["[]ServicePort", "ServicePort", False, None,
                "The ports this Service exposes. Each one connects a port on the Service's cluster IP (and, for "
                "NodePort and LoadBalancer Services, a port on every node) to a port on the selected Pods; when "
                "there is more than one, each needs a name. Required unless the Service is headless or of type "
                "ExternalName. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports"],
            "selector": ["map[string]string", None, False, None,
                "The labels that pick the Pods behind this Service: a Pod is selected when its labels include every "
                "key and value listed here. Without a selector, Kubernetes leaves the Service's endpoints alone and "
                "you provide EndpointSlices yourself. Ignored for type ExternalName. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/service/"],
            "clusterIP": ["string", None, False, None,
                "The Service's virtual IP address inside the cluster. It is normally allocated automatically from "
                "the cluster's service IP range; you may ask for a specific free address in that range instead, and "
                "\"None\" makes a headless Service, whose DNS name resolves straight to the Pods' IPs. It must be "
                "empty for type ExternalName and cannot be changed later, except when switching the type to or from "
                "ExternalName. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/service/#type-clusterip"],
            "clusterIPs": ["[]string", None, False, None,
                "All cluster IPs of the Service, one for each IP family it uses: at most two, an IPv4 and an IPv6 "
                "address, on a dual-stack cluster. The first entry always equals clusterIP and the order follows "
                "ipFamilies; a headless Service has [\"None\"]. Like clusterIP, it is usually allocated for you and "
                "cannot be changed later. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/dual-stack/"],
            "type": ["string", None, False, ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
                "How the Service is exposed; defaults to ClusterIP. The types build on each other: NodePort adds a "
                "port on every node to a ClusterIP Service, and LoadBalancer puts an external load balancer in front "
                "of those node ports. ExternalName is the odd one out: nothing is proxied, and the Service's DNS "
                "name becomes an alias for another name. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types\n"
                "\n"
                "Possible enum values:\n"
                " - `\"ClusterIP\"` gives the Service a virtual IP that is reachable only from inside the cluster.\n"
                " - `\"ExternalName\"` makes cluster DNS answer for the Service with a CNAME record for "
                "externalName; no IP, no ports, no proxying.\n"
                " - `\"LoadBalancer\"` is a NodePort Service that an external load balancer (where the cluster has "
                "one) forwards to.\n"
                " - `\"NodePort\"` is a ClusterIP Service that can also be reached on one port of every node."],
            "externalIPs": ["[]string", None, False, None,
                "Additional IP addresses, not managed by Kubernetes, at which the nodes also accept traffic for this "
                "Service's ports. Getting packets for those addresses to a node is up to you or your network "
                "administrator. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/service/#external-ips"],
            "sessionAffinity": ["string", None, False, ["ClientIP", "None"],
                "Whether connections from one client should keep going to the same Pod. With None (the default) each "
                "connection may go to any ready Pod; with ClientIP, connections from the same client IP address go "
                "to the same Pod until the timeout in sessionAffinityConfig runs out. More info: "
                "https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity\n"
                "\n"
                "Possible enum values:\n"
                " - `\"ClientIP\"` keeps sending a client's connections to the Pod that served its first one.\n"
                " - `\"None\"` picks a Pod for every connection independently."],
            "loadBalancerIP": ["string", None, False, None,
                "Deprecated since Kubernetes 1.24: the IP address to ask the load balancer for, for type "
                "LoadBalancer. Only some implementations honour it, they read it differently, and it cannot express "
                "dual-stack; use your load balancer's own annotation instead."],
            "loadBalancerSourceRanges": ["[]string", None, False, None,
                "For type LoadBalancer, the client address ranges (CIDRs such as 203.0.113.0/24) that the load "
                "balancer lets through; all others are blocked. It only has an effect where the load balancer "
                "implementation supports it."],
            "externalName": ["string", None, False, None,
                "For type ExternalName, the DNS name the Service stands for, such as db.example.com: cluster DNS "
                "answers queries for the Service's name with a CNAME record pointing there. It must be a lowercase "
                "DNS name and is required for that type. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/service/#externalname"],
            "externalTrafficPolicy": ["string", None, False, ["Cluster", "Local"],
                "How a node routes traffic that reaches the Service at one of its outside-facing addresses: a node "
                "port, an external IP or a load balancer IP. Cluster (the default) may send it to any ready Pod in "
                "the cluster, usually replacing the client's source address with the node's; Local sends it only to "
                "ready Pods on the node that received it, keeping the client's address, and drops it when that node "
                "has none. Valid only for NodePort and LoadBalancer Services and for Services with externalIPs. More "
                "info: https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy\n"
                "\n"
                "Possible enum values:\n"
                " - `\"Cluster\"` routes to ready endpoints anywhere in the cluster.\n"
                " - `\"Local\"` routes only to ready endpoints on the receiving node and keeps the client's source "
                "IP."],
            "healthCheckNodePort": ["integer", None, False, None,
                "The node port on which each node answers the load balancer's health checks, reporting whether it "
                "has ready Pods of this Service. It only applies to type LoadBalancer with externalTrafficPolicy "
                "Local, and is allocated automatically unless you set it."],
            "publishNotReadyAddresses": ["boolean", None, False, None,
                "When true, the Service's endpoints and DNS records include Pods that are not ready, as if they "
                "were. It is typically set on the headless Service of a StatefulSet whose members must find each "
                "other before they become ready. Defaults to false."],
            "sessionAffinityConfig": ["SessionAffinityConfig", "SessionAffinityConfig", False, None,
                "Settings for session affinity, used when sessionAffinity is ClientIP."],
            "ipFamilies": ["[]string", None, False, None,
                "The IP families (IPv4, IPv6) of the Service's cluster IPs, in the same order; the first is the "
                "primary family. When left out, it is filled in from ipFamilyPolicy and the families the cluster is "
                "configured for. At most two entries, one per family. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/dual-stack/"],
            "ipFamilyPolicy": ["string", None, False, ["PreferDualStack", "RequireDualStack", "SingleStack"],
                "Whether the Service gets addresses of one IP family or of both. When unset it becomes SingleStack, "
                "except for a headless Service without a selector, which gets RequireDualStack. Must be unset for "
                "type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/dual-stack/\n"
                "\n"
                "Possible enum values:\n"
                " - `\"PreferDualStack\"` uses both families on a dual-stack cluster and one family elsewhere.\n"
                " - `\"RequireDualStack\"` uses both families and is rejected on a cluster that offers only one.\n"
                " - `\"SingleStack\"` uses one family, the first of ipFamilies or else the cluster's primary family."],
            "allocateLoadBalancerNodePorts": ["boolean", None, False, None,
                "For type LoadBalancer, whether node ports are allocated automatically; defaults to true. Set it to "
                "false when the load balancer sends traffic straight to the Pods; node ports you set yourself are "
                "still allocated. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/service/#load-balancer-nodeport-allocation"],
            "loadBalancerClass": ["string", None, False, None,
                "Which load balancer implementation handles this Service, as a label-style name such as "
                "example.com/internal-vip. When unset, the cluster's default implementation (often the cloud "
                "provider's) handles it; when set, the default one ignores the Service. Only for type LoadBalancer, "
                "and it cannot be changed once set. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/service/#load-balancer-class"],
            "internalTrafficPolicy": ["string", None, False, ["Cluster", "Local"],
                "How a node routes traffic sent to the Service's cluster IP from inside the cluster. Cluster (the "
                "default) may pick any ready Pod; Local picks only Pods on the client's own node, and drops the "
                "traffic when that node has none. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/service-traffic-policy/\n"
                "\n"
                "Possible enum values:\n"
                " - `\"Cluster\"` routes to ready endpoints anywhere in the cluster.\n"
                " - `\"Local\"` routes only to ready endpoints on the client's node."],
            "trafficDistribution": ["string", None, False, None,
                "A preference for which endpoints should get the traffic; Service proxies treat it as a hint, not a "
                "rule. PreferSameZone (and its older name PreferClose) favours endpoints in the client's zone, and "
                "PreferSameNode endpoints on the client's node; both fall back to endpoints further away when there "
                "are none close by. When unset, the default routing applies. More info: "
                "https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-distribution"],
        },
    },
    "ServicePort": {
        "desc": "One port that the Service exposes, and where on the backend Pods the traffic it receives is sent.",
        "fields": {
            "name": ["string", None, False, None,
                "The port's name, unique within the Service. It must be a DNS label (lowercase letters, digits and "
                "'-') and is required when the Service has more than one port; EndpointSlice ports carry the same "
                "name."],
            "protocol": ["string", None, False, ["SCTP", "TCP", "UDP"],
                "The IP protocol of this port: TCP (the default), UDP or SCTP.\n"
                "\n"
                "Possible enum values:\n"
                " - `\"SCTP\"` selects the Stream Control Transmission Protocol.\n"
                " - `\"TCP\"` selects the Transmission Control Protocol.\n"
                " - `\"UDP\"` selects the User Datagram Protocol."],
            "appProtocol": ["string", None, False, None,
                "The application protocol spoken on this port, as a hint for proxies and load balancers that "
                "understand it. Use an IANA service name (http, https, ...), a Kubernetes name (kubernetes.io/h2c, "
                "kubernetes.io/ws, kubernetes.io/wss), or a domain-prefixed name of your own such as "
                "example.com/my-protocol."],
            "port": ["integer", None, True, None,
                "The port number the Service listens on at its cluster IP (1-65535); clients connect to the "
                "Service's address or DNS name on this port."],
            "targetPort": ["string", None, False, None,
                "The port on the selected Pods that traffic is sent to: a number (1-65535), or the name of a "
                "container port, looked up in each Pod separately so that Pods may use different numbers. Defaults "
                "to the value of port. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports"],
            "nodePort": ["integer", None, False, None,
                "For NodePort and LoadBalancer Services, the port opened on every node for this Service port. Leave "
                "it out to get a free one from the node port range (30000-32767 unless the cluster sets another), or "
                "choose one in that range yourself; creation fails if it is taken or out of range. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport"],
        },
    },
    "ServiceStatus": {
        "desc": "The observed state of a Service, filled in by the system.",
        "fields": {
            "loadBalancer": ["LoadBalancerStatus", "LoadBalancerStatus", False, None,
                "The load balancer's addresses, once one has been provisioned."],
            "conditions": ["[]Condition", "Condition", False, None,
                "The Service's current conditions."],
        },
    },
    "SessionAffinityConfig": {
        "desc": "Settings for the Service's session affinity.",
        "fields": {
            "clientIP": ["ClientIPConfig", "ClientIPConfig", False, None,
                "Settings for ClientIP session affinity."],
        },
    },
    "ClientIPConfig": {
        "desc": "Settings for session affinity based on the client's IP address.",
        "fields": {
            "timeoutSeconds": ["integer", None, False, None,
                "How long, in seconds, ClientIP affinity keeps sending a client to the same Pod. Between 1 and 86400 "
                "(one day); defaults to 10800 (three hours)."],
        },
    },
    "LoadBalancerStatus": {
        "desc": "The addresses of the external load balancer provisioned for a Service.",
        "fields": {
            "ingress": ["[]LoadBalancerIngress", "LoadBalancerIngress", False, None,
                "The addresses (IP addresses or host names) at which the load balancer accepts traffic for the "
                "Service."],
        },
    },
    "LoadBalancerIngress": {
        "desc": "One address at which the load balancer accepts traffic for the Service.",
        "fields": {
            "ip": ["string", None, False, None,
                "An IP address of the load balancer, for load balancers reached by IP."],
            "hostname": ["string", None, False, None,
                "A DNS name of the load balancer, for load balancers reached by name."],
            "ipMode": ["string", None, False, None,
                "How traffic for ip arrives: VIP keeps the load balancer's IP as destination, Proxy rewrites it to "
                "the node's or the Pod's address."],
            "ports": ["[]PortStatus", "PortStatus", False, None,
                "The state of each Service port on this load balancer address."],
        },
    },
    "PortStatus": {
        "desc": "The state of one Service port on a load balancer.",
        "fields": {
            "port": ["integer", None, True, None,
                "The number of the Service port this entry is about."],
            "protocol": ["string", None, True, ["SCTP", "TCP", "UDP"],
                "The protocol of that port: TCP, UDP or SCTP."],
            "error": ["string", None, False, None,
                "Why the load balancer could not set up the port, as a CamelCase reason; empty when it works."],
        },
    },
    "Pod": {
        "desc": "A Pod is the smallest unit Kubernetes runs: one or more containers that are scheduled together onto "
                "a node and share one network namespace (one IP address) and their volumes.",
        "fields": {
            "apiVersion": ["string", None, False, None,
                "The version of the API schema the object is written in; for this kind it is v1."],
            "kind": ["string", None, False, None,
                "The kind of object, here Pod; it cannot be changed."],
            "metadata": ["ObjectMeta", "ObjectMeta", False, None,
                "Standard object metadata: name, namespace, labels, annotations and more. More info: "
                "https://kubernetes.io/docs/concepts/overview/working-with-objects/"],
            "spec": ["PodSpec", "PodSpec", False, None,
                "The Pod's desired state: its containers, volumes and settings."],
            "status": ["PodStatus", "PodStatus", False, None,
                "The Pod's most recently observed state, written by the system; read-only."],
        },
    },
    "PodSpec": {
        "desc": "The desired state of a Pod: its containers, volumes, scheduling constraints and network settings.",
        "fields": {
            "volumes": ["[]Volume", "Volume", False, None,
                "Volumes that the Pod's containers can mount."],
            "initContainers": ["[]Container", "Container", False, None,
                "Containers that run one after another, in order, before the app containers start; each must exit "
                "successfully before the next one begins, and a failed one is retried according to the Pod's "
                "restartPolicy. An init container with restartPolicy Always is a sidecar: it starts in turn but "
                "keeps running beside the app containers. They cannot be added or removed after the Pod is created. "
                "More info: https://kubernetes.io/docs/concepts/workloads/pods/init-containers/"],
            "containers": ["[]Container", "Container", True, None,
                "The Pod's app containers; at least one is required. They start after the init containers have "
                "finished and run side by side in the Pod's network namespace, so they share its IP address and can "
                "reach each other on localhost. Containers cannot be added or removed after the Pod is created."],
            "ephemeralContainers": ["[]EphemeralContainer", "EphemeralContainer", False, None,
                "Temporary containers added to a running Pod for debugging, for example by kubectl debug."],
            "restartPolicy": ["string", None, False, ["Always", "Never", "OnFailure"],
                "Whether the kubelet restarts the Pod's containers when they exit; defaults to Always. It applies to "
                "every container that does not set its own restartPolicy. More info: "
                "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy\n"
                "\n"
                "Possible enum values:\n"
                " - `\"Always\"` restarts a container whenever it exits.\n"
                " - `\"Never\"` does not restart containers; the Pod is done when they have exited.\n"
                " - `\"OnFailure\"` restarts a container only when it exits with a non-zero status."],
            "terminationGracePeriodSeconds": ["integer", None, False, None,
                "How many seconds the Pod's processes get to shut down after the stop signal before they are killed; "
                "defaults to 30."],
            "activeDeadlineSeconds": ["integer", None, False, None,
                "How many seconds the Pod may run, counted from its start, before it is marked failed and its "
                "containers are stopped."],
            "dnsPolicy": ["string", None, False, ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
                "How the Pod's DNS resolver is set up; the default, ClusterFirst, sends queries to the cluster's DNS "
                "service."],
            "nodeSelector": ["map[string]string", None, False, None,
                "Labels a node must have before the Pod can be placed on it."],
            "serviceAccountName": ["string", None, False, None,
                "The ServiceAccount the Pod runs as; defaults to the namespace's ServiceAccount named default."],
            "serviceAccount": ["string", None, False, None,
                "Deprecated: an older name for serviceAccountName."],
            "automountServiceAccountToken": ["boolean", None, False, None,
                "Whether an API token of the Pod's ServiceAccount is mounted into its containers automatically."],
            "nodeName": ["string", None, False, None,
                "The node the Pod is bound to. The scheduler normally fills it in; if you set it yourself when "
                "creating the Pod, the scheduler leaves the Pod alone and the kubelet of that node runs it without "
                "the scheduler's checks. To steer a Pod to certain nodes, use nodeSelector or affinity instead. More "
                "info: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename"],
            "hostNetwork": ["boolean", None, False, None,
                "When true, the Pod does not get a network namespace of its own but uses its node's: it has the "
                "node's IP address and its containers listen directly on the node's ports. Every container port is "
                "then also a host port, so hostPort must be unset or equal to containerPort. Defaults to false."],
            "hostPID": ["boolean", None, False, None,
                "Whether the Pod shares the node's process ID namespace."],
            "hostIPC": ["boolean", None, False, None,
                "Whether the Pod shares the node's IPC namespace."],
            "shareProcessNamespace": ["boolean", None, False, None,
                "Whether all containers of the Pod share one process namespace and so see each other's processes."],
            "securityContext": ["PodSecurityContext", "PodSecurityContext", False, None,
                "Security settings for the whole Pod, such as the user and group IDs its processes run as."],
            "imagePullSecrets": ["[]LocalObjectReference", "LocalObjectReference", False, None,
                "Secrets in the Pod's namespace with registry credentials for pulling the containers' images."],
            "hostname": ["string", None, False, None,
                "The Pod's host name as its containers see it; it must be a DNS label. When unset, the Pod's name is "
                "used. Together with subdomain it also forms the Pod's DNS name. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/"],
            "subdomain": ["string", None, False, None,
                "Gives the Pod the DNS name <hostname>.<subdomain>.<namespace>.svc.<cluster domain>. The name only "
                "resolves when a headless Service with the same name as the subdomain exists in the Pod's namespace "
                "and selects the Pod. More info: "
                "https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/"],
            "affinity": ["Affinity", "Affinity", False, None,
                "Scheduling rules that draw the Pod to, or keep it away from, certain nodes or other Pods."],
            "schedulerName": ["string", None, False, None,
                "The scheduler that places the Pod; defaults to the cluster's default scheduler."],
            "tolerations": ["[]Toleration", "Toleration", False, None,
                "The taints the Pod tolerates, which lets it onto nodes that carry them."],
            "hostAliases": ["[]HostAlias", "HostAlias", False, None,
                "Extra entries for the Pod's /etc/hosts file."],
            "priorityClassName": ["string", None, False, None,
                "The PriorityClass that sets the Pod's priority."],
            "priority": ["integer", None, False, None,
                "The Pod's priority, filled in from its priorityClassName when the Pod is created."],
            "dnsConfig": ["PodDNSConfig", "PodDNSConfig", False, None,
                "Extra DNS settings (name servers, search domains, options) merged into the Pod's resolver "
                "configuration."],
            "readinessGates": ["[]PodReadinessGate", "PodReadinessGate", False, None,
                "Extra conditions that must be True, besides the containers being ready, for the Pod to count as "
                "ready."],
            "runtimeClassName": ["string", None, False, None,
                "The RuntimeClass (container runtime configuration) that runs the Pod."],
            "enableServiceLinks": ["boolean", None, False, None,
                "Whether environment variables describing the namespace's Services are added to the containers; "
                "defaults to true."],
            "preemptionPolicy": ["string", None, False, ["Never", "PreemptLowerPriority"],
                "Whether the Pod may evict lower-priority Pods to make room for itself; defaults to "
                "PreemptLowerPriority."],
            "overhead": ["map[string]string", None, False, None,
                "Resources the Pod's sandbox uses on top of its containers, set from its RuntimeClass."],
            "topologySpreadConstraints": ["[]TopologySpreadConstraint", "TopologySpreadConstraint", False, None,
                "Rules for spreading matching Pods evenly across zones, nodes or other topology domains."],
            "setHostnameAsFQDN": ["boolean", None, False, None,
                "When true, the Pod's host name is its fully qualified domain name rather than the short name."],
            "os": ["PodOS", "PodOS", False, None,
                "The operating system (linux or windows) that the Pod's containers need."],
            "hostUsers": ["boolean", None, False, None,
                "Whether the Pod uses the node's user namespace (true, the default) or a user namespace of its own."],
            "schedulingGates": ["[]PodSchedulingGate", "PodSchedulingGate", False, None,
                "Gates that keep the Pod from being scheduled until all of them have been removed."],
            "resourceClaims": ["[]PodResourceClaim", "PodResourceClaim", False, None,
                "Dynamically allocated resources (DRA claims) that the Pod's containers may use."],
            "resources": ["ResourceRequirements", "ResourceRequirements", False, None,
                "Compute resources for the Pod as a whole, shared by its containers."],
            "hostnameOverride": ["string", None, False, None,
                "A host name that replaces the one made from hostname and subdomain, without changing DNS records; "
                "needs the HostnameOverride feature gate, which is off by default in 1.34."],
        },
    },
    "PodStatus": {
        "desc": "The most recently observed state of a Pod, reported by the kubelet and the control plane. It can "
                "lag behind reality, for example while the Pod's node cannot reach the control plane.",
        "fields": {
            "observedGeneration": ["integer", None, False, None,
                "The metadata.generation of the Pod that this status reflects."],
            "phase": ["string", None, False, ["Failed", "Pending", "Running", "Succeeded", "Unknown"],
                "A single word that sums up how far along its lifecycle the Pod is. It is not a full state machine: "
                "look at conditions and containerStatuses for the details. More info: "
                "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-phase\n"
                "\n"
                "Possible enum values:\n"
                " - `\"Failed\"` is the end state when every container has stopped and at least one failed, exiting "
                "non-zero or being stopped by the system.\n"
                " - `\"Pending\"` covers the time from the API server accepting the Pod until its containers run: "
                "waiting for a node, pulling images and so on.\n"
                " - `\"Running\"` applies once the Pod is bound to a node and its containers exist, while at least "
                "one of them runs, starts or restarts.\n"
                " - `\"Succeeded\"` is the end state when every container exited with status 0 and none will restart.\n"
                " - `\"Unknown\"` was used when the Pod's state could not be read; deprecated and no longer set."],
            "conditions": ["[]PodCondition", "PodCondition", False, None,
                "The Pod's current conditions, such as PodScheduled, Initialized, ContainersReady and Ready. "
                "Services go by Ready: a Pod counts as a ready endpoint only while its Ready condition is True, "
                "unless the Service sets publishNotReadyAddresses. More info: "
                "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions"],
            "message": ["string", None, False, None,
                "A human-readable explanation of why the Pod is in its current state."],
            "reason": ["string", None, False, None,
                "A short CamelCase reason for the Pod's current state, for example Evicted."],
            "nominatedNodeName": ["string", None, False, None,
                "The node the Pod is expected to run on after it has preempted Pods there."],
            "hostIP": ["string", None, False, None,
                "The primary IP address of the node the Pod runs on; empty until it is known."],
            "hostIPs": ["[]HostIP", "HostIP", False, None,
                "The IP addresses of the Pod's node, at most one per IP family; the first equals hostIP."],
            "podIP": ["string", None, False, None,
                "The Pod's primary IP address, the one other Pods and Services use to reach it. It stays empty until "
                "the network plugin has assigned one; with hostNetwork it is the node's address."],
            "podIPs": ["[]PodIP", "PodIP", False, None,
                "All IP addresses of the Pod, at most one per IP family (IPv4 and IPv6 on a dual-stack cluster). The "
                "first entry always equals podIP."],
            "startTime": ["string", None, False, None,
                "When the kubelet accepted the Pod, before any image was pulled."],
            "initContainerStatuses": ["[]ContainerStatus", "ContainerStatus", False, None,
                "The status of each init container."],
            "containerStatuses": ["[]ContainerStatus", "ContainerStatus", False, None,
                "The status of each app container, including whether it is ready and how often it has restarted."],
            "qosClass": ["string", None, False, ["BestEffort", "Burstable", "Guaranteed"],
                "The Pod's quality-of-service class, derived from its containers' resource requests and limits."],
            "ephemeralContainerStatuses": ["[]ContainerStatus", "ContainerStatus", False, None,
                "The status of each ephemeral container."],
            "resize": ["string", None, False, None,
                "Deprecated: the state of a pending in-place resize, now reported by Pod conditions instead."],
            "resourceClaimStatuses": ["[]PodResourceClaimStatus", "PodResourceClaimStatus", False, None,
                "The ResourceClaims generated for the Pod's resource claims."],
            "extendedResourceClaimStatus": ["PodExtendedResourceClaimStatus", "PodExtendedResourceClaimStatus", False, None,
                "The ResourceClaim made for the Pod's extended resources that are backed by dynamic resource "
                "allocation."],
        },
    },
    "Container": {
        "desc": "One container that runs in a Pod: its image, command, ports, environment and health checks.",
        "fields": {
            "name": ["string", None, True, None,
                "The container's name, unique within the Pod; a DNS label (lowercase letters, digits and '-'). It "
                "cannot be changed."],
            "image": ["string", None, False, None,
                "The container image to run, such as nginx:1.27."],
            "command": ["[]string", None, False, None,
                "The program to run and its arguments, replacing the image's ENTRYPOINT; it is not run through a "
                "shell."],
            "args": ["[]string", None, False, None,
                "Arguments for the program, replacing the image's CMD."],
            "workingDir": ["string", None, False, None,
                "The container's working directory; defaults to the image's."],
            "ports": ["[]ContainerPort", "ContainerPort", False, None,
                "The network ports the container listens on. The list is mostly informational: a process listening "
                "on all addresses is reachable at the Pod's IP whether or not its port is listed. A named entry can "
                "be referred to by name from a Service's targetPort or a probe. It cannot be changed after the Pod "
                "is created."],
            "envFrom": ["[]EnvFromSource", "EnvFromSource", False, None,
                "ConfigMaps or Secrets whose keys all become environment variables."],
            "env": ["[]EnvVar", "EnvVar", False, None,
                "Environment variables for the container, each with a literal value or one taken from elsewhere "
                "(valueFrom). A value can refer to variables defined earlier in the list as $(NAME). It cannot be "
                "changed after the Pod is created. More info: "
                "https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/"],
            "resources": ["ResourceRequirements", "ResourceRequirements", False, None,
                "The CPU, memory and other resources the container asks for and may use at most."],
            "resizePolicy": ["[]ContainerResizePolicy", "ContainerResizePolicy", False, None,
                "How the container reacts when its resources are resized in place."],
            "restartPolicy": ["string", None, False, None,
                "A restart policy for this container alone, in place of the Pod's restartPolicy. With Kubernetes "
                "1.34's default feature gates it may only be set on init containers, and only to Always: such an "
                "init container is a sidecar, which starts before the app containers, keeps running beside them "
                "(restarted whenever it exits) and is stopped after they finish. More info: "
                "https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/"],
            "restartPolicyRules": ["[]ContainerRestartRule", "ContainerRestartRule", False, None,
                "Rules that decide from a container's exit code whether it is restarted; needs the "
                "ContainerRestartRules feature gate, which is off by default in 1.34."],
            "volumeMounts": ["[]VolumeMount", "VolumeMount", False, None,
                "Which of the Pod's volumes appear in the container's file system, and where."],
            "volumeDevices": ["[]VolumeDevice", "VolumeDevice", False, None,
                "Raw block volumes the container uses as devices."],
            "livenessProbe": ["Probe", "Probe", False, None,
                "A check of whether the container still works; when it keeps failing, the kubelet restarts the "
                "container."],
            "readinessProbe": ["Probe", "Probe", False, None,
                "A check of whether the container is ready to serve requests. While it fails, the container is not "
                "ready, so the Pod's Ready condition is False and Services stop sending the Pod traffic; the "
                "container is not restarted. Without a readiness probe, a container counts as ready once it is "
                "running. More info: "
                "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"],
            "startupProbe": ["Probe", "Probe", False, None,
                "A check that must succeed once before the liveness and readiness probes start, for containers that "
                "are slow to start."],
            "lifecycle": ["Lifecycle", "Lifecycle", False, None,
                "Actions to run right after the container starts and right before it stops."],
            "terminationMessagePath": ["string", None, False, None,
                "The file the container's termination message is read from; defaults to /dev/termination-log."],
            "terminationMessagePolicy": ["string", None, False, ["FallbackToLogsOnError", "File"],
                "Where the termination message comes from: the file only (File, the default), or the end of the log "
                "when the file is empty after a failure (FallbackToLogsOnError)."],
            "imagePullPolicy": ["string", None, False, ["Always", "IfNotPresent", "Never"],
                "When the image is pulled; defaults to Always for a :latest or untagged image and to IfNotPresent "
                "otherwise."],
            "securityContext": ["SecurityContext", "SecurityContext", False, None,
                "Security settings for this container; they take precedence over the Pod's."],
            "stdin": ["boolean", None, False, None,
                "Whether the container keeps a standard input stream open, for example for kubectl attach."],
            "stdinOnce": ["boolean", None, False, None,
                "Whether standard input is closed after the first attached client disconnects."],
            "tty": ["boolean", None, False, None,
                "Whether the container gets a terminal; needs stdin as well."],
        },
    },
    "ContainerPort": {
        "desc": "A network port that a container listens on.",
        "fields": {
            "name": ["string", None, False, None,
                "A name for the port, unique within the Pod, that Services and probes can use instead of the number. "
                "At most 15 characters of lowercase letters, digits and '-', with at least one letter and no '-' at "
                "either end or twice in a row."],
            "hostPort": ["integer", None, False, None,
                "A port on the node that is forwarded to this container port (1-65535); most Pods do not need one, "
                "and with hostNetwork it must equal containerPort."],
            "containerPort": ["integer", None, True, None,
                "The port number the container listens on at the Pod's IP address (1-65535). A Service reaches it "
                "through its targetPort, by this number or by the port's name."],
            "protocol": ["string", None, False, ["SCTP", "TCP", "UDP"],
                "The protocol of the port: TCP (the default), UDP or SCTP.\n"
                "\n"
                "Possible enum values:\n"
                " - `\"SCTP\"` selects the Stream Control Transmission Protocol.\n"
                " - `\"TCP\"` selects the Transmission Control Protocol.\n"
                " - `\"UDP\"` selects the User Datagram Protocol."],
            "hostIP": ["string", None, False, None,
                "The node IP address that hostPort is bound to."],
        },
    },
    "Probe": {
        "desc": "A check that the kubelet runs against a container at regular intervals to find out whether it is "
                "alive, ready for traffic, or done starting up. Exactly one of exec, grpc, httpGet and tcpSocket is "
                "set.",
        "fields": {
            "exec": ["ExecAction", "ExecAction", False, None,
                "Runs a command in the container; exit status 0 means success."],
            "httpGet": ["HTTPGetAction", "HTTPGetAction", False, None,
                "Sends an HTTP GET request to the container."],
            "tcpSocket": ["TCPSocketAction", "TCPSocketAction", False, None,
                "Opens a TCP connection to a port of the container."],
            "grpc": ["GRPCAction", "GRPCAction", False, None,
                "Calls the gRPC health checking service in the container."],
            "initialDelaySeconds": ["integer", None, False, None,
                "How long to wait, in seconds, between the container's start and the first check; defaults to 0."],
            "timeoutSeconds": ["integer", None, False, None,
                "Seconds after which a check that has not answered counts as failed; defaults to 1, the minimum."],
            "periodSeconds": ["integer", None, False, None,
                "How often, in seconds, the check runs; defaults to 10, minimum 1."],
            "successThreshold": ["integer", None, False, None,
                "How many checks in a row must succeed, after a failure, to count as passing again; defaults to 1, "
                "which is the only value allowed for liveness and startup probes."],
            "failureThreshold": ["integer", None, False, None,
                "How many checks in a row must fail to count as failing; defaults to 3, minimum 1."],
            "terminationGracePeriodSeconds": ["integer", None, False, None,
                "For liveness and startup probes, the grace period the container gets when a failure makes the "
                "kubelet stop it, in place of the Pod's."],
        },
    },
    "HTTPGetAction": {
        "desc": "A probe that sends an HTTP GET request; a status code from 200 to 399 counts as success.",
        "fields": {
            "path": ["string", None, False, None,
                "The HTTP path to request, such as /healthz."],
            "port": ["string", None, True, None,
                "The container port to connect to: a number (1-65535) or a port name."],
            "host": ["string", None, False, None,
                "The host name or IP to connect to, the Pod's IP when unset (for a virtual host, set a Host header "
                "in httpHeaders instead)."],
            "scheme": ["string", None, False, ["HTTP", "HTTPS"],
                "HTTP (the default) or HTTPS; with HTTPS the certificate is not verified."],
            "httpHeaders": ["[]HTTPHeader", "HTTPHeader", False, None,
                "Extra headers to send with the request."],
        },
    },
    "TCPSocketAction": {
        "desc": "A probe that opens a TCP connection; it succeeds when the connection is accepted.",
        "fields": {
            "port": ["string", None, True, None,
                "The container port to connect to: a number (1-65535) or a port name."],
            "host": ["string", None, False, None,
                "The host name or IP to connect to, the Pod's IP when unset."],
        },
    },
    "ExecAction": {
        "desc": "A probe that runs a command inside the container; exit status 0 counts as success.",
        "fields": {
            "command": ["[]string", None, False, None,
                "The command to run inside the container, started directly rather than through a shell; exit status "
                "0 counts as healthy."],
        },
    },
    "EnvVar": {
        "desc": "One environment variable set in a container.",
        "fields": {
            "name": ["string", None, True, None,
                "The name of the environment variable."],
            "value": ["string", None, False, None,
                "The variable's value; $(NAME) references to variables defined earlier are expanded and $$ stands "
                "for a literal $. Defaults to the empty string."],
            "valueFrom": ["EnvVarSource", "EnvVarSource", False, None,
                "Takes the value from the Pod, a container's resources, a ConfigMap, a Secret or a file instead of a "
                "literal value."],
        },
    },
    "PodCondition": {
        "desc": "One condition of a Pod, such as whether it has been scheduled or is ready to serve traffic.",
        "fields": {
            "type": ["string", None, True, None,
                "Which condition this is, such as Ready or PodScheduled."],
            "observedGeneration": ["integer", None, False, None,
                "The metadata.generation of the Pod that this condition was set for."],
            "status": ["string", None, True, None,
                "Whether the condition holds: True, False or Unknown."],
            "lastProbeTime": ["string", None, False, None,
                "When the condition was last checked."],
            "lastTransitionTime": ["string", None, False, None,
                "When the condition last changed from one status to another."],
            "reason": ["string", None, False, None,
                "A brief CamelCase word saying why the condition last changed."],
            "message": ["string", None, False, None,
                "A human-readable description of the condition's last change."],
        },
    },
    "PodIP": {
        "desc": "One IP address assigned to a Pod.",
        "fields": {
            "ip": ["string", None, True, None,
                "The IP address."],
        },
    },
    "HostIP": {
        "desc": "One IP address of the node a Pod runs on.",
        "fields": {
            "ip": ["string", None, True, None,
                "The IP address."],
        },
    },
    "ContainerStatus": {
        "desc": "The observed state of one container of a Pod.",
        "fields": {
            "name": ["string", None, True, None,
                "The container's name, as in the Pod's spec."],
            "state": ["ContainerState", "ContainerState", False, None,
                "What the container is doing now."],
            "lastState": ["ContainerState", "ContainerState", False, None,
                "How the container's previous run ended, if it has been restarted."],
            "ready": ["boolean", None, True, None,
                "Whether the container is ready to serve, that is, its readiness probe (if any) passes."],
            "restartCount": ["integer", None, True, None,
                "The number of restarts of the container so far."],
            "image": ["string", None, True, None,
                "The image the container runs."],
            "imageID": ["string", None, True, None,
                "The ID of the image the container runs, usually including its digest."],
            "containerID": ["string", None, False, None,
                "The container runtime's ID for the container, as <type>://<id>."],
            "started": ["boolean", None, False, None,
                "Whether the container has finished starting, that is, its startup probe (if any) has succeeded."],
            "allocatedResources": ["map[string]string", None, False, None,
                "The compute resources the node has allocated to the container."],
            "resources": ["ResourceRequirements", "ResourceRequirements", False, None,
                "The resource requests and limits applied to the running container."],
            "volumeMounts": ["[]VolumeMountStatus", "VolumeMountStatus", False, None,
                "The state of the container's volume mounts."],
            "user": ["ContainerUser", "ContainerUser", False, None,
                "The user and group IDs of the container's first process."],
            "allocatedResourcesStatus": ["[]ResourceStatus", "ResourceStatus", False, None,
                "The health of the devices allocated to the container."],
            "stopSignal": ["string", None, False, [
                 "SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCLD", "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL",
                 "SIGINT", "SIGIO", "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPOLL", "SIGPROF", "SIGPWR", "SIGQUIT",
                 "SIGRTMAX", "SIGRTMAX-1", "SIGRTMAX-10", "SIGRTMAX-11", "SIGRTMAX-12", "SIGRTMAX-13", "SIGRTMAX-14",
                 "SIGRTMAX-2", "SIGRTMAX-3", "SIGRTMAX-4", "SIGRTMAX-5", "SIGRTMAX-6", "SIGRTMAX-7", "SIGRTMAX-8",
                 "SIGRTMAX-9", "SIGRTMIN", "SIGRTMIN+1", "SIGRTMIN+10", "SIGRTMIN+11", "SIGRTMIN+12", "SIGRTMIN+13",
                 "SIGRTMIN+14", "SIGRTMIN+15", "SIGRTMIN+2", "SIGRTMIN+3", "SIGRTMIN+4", "SIGRTMIN+5", "SIGRTMIN+6",
                 "SIGRTMIN+7", "SIGRTMIN+8", "SIGRTMIN+9", "SIGSEGV", "SIGSTKFLT", "SIGSTOP", "SIGSYS", "SIGTERM",
                 "SIGTRAP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGUSR1", "SIGUSR2", "SIGVTALRM", "SIGWINCH",
                 "SIGXCPU", "SIGXFSZ",
                ],
                "The signal the container is sent when it is stopped."],
        },
    },
    "ResourceRequirements": {
        "desc": "The CPU, memory and other compute resources a container asks for and may use at most.",
        "fields": {
            "limits": ["map[string]string", None, False, None,
                "The most of each resource the container may use."],
            "requests": ["map[string]string", None, False, None,
                "How much of each resource the container asks for, which the scheduler reserves on a node; defaults "
                "to the limits when only those are set."],
            "claims": ["[]ResourceClaim", "ResourceClaim", False, None,
                "Names of the Pod's resource claims that this container uses."],
        },
    },
    "ObjectMeta": {
        "desc": "Metadata that every stored object has: its name, namespace, labels and annotations, and fields the "
                "system maintains.",
        "fields": {
            "name": ["string", None, False, None,
                "The object's name, unique among objects of its kind in its namespace. It is required when creating "
                "an object (unless generateName is used) and cannot be changed. A Service's name must be a DNS label "
                "starting with a letter, since it becomes part of a DNS name. More info: "
                "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/"],
            "generateName": ["string", None, False, None,
                "A prefix from which the server makes a unique name when name is empty."],
            "namespace": ["string", None, False, None,
                "The namespace the object lives in; names only have to be unique within one namespace. When it is "
                "left out, kubectl uses the namespace given with --namespace or the current context's, normally "
                "default. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"],
            "selfLink": ["string", None, False, None,
                "Deprecated; the server no longer sets it."],
            "uid": ["string", None, False, None,
                "A unique ID the server gives the object; a later object with the same name gets another one."],
            "resourceVersion": ["string", None, False, None,
                "An opaque version string that changes on every write, used for optimistic concurrency and watches."],
            "generation": ["integer", None, False, None,
                "A number the server increases each time the object's desired state changes."],
            "creationTimestamp": ["string", None, False, None,
                "When the server created the object (UTC)."],
            "deletionTimestamp": ["string", None, False, None,
                "When the object is to be deleted; set by the server when deletion is requested, after which the "
                "object stays until its finalizers are done."],
            "deletionGracePeriodSeconds": ["integer", None, False, None,
                "How many seconds the object has left to shut down before it is removed; set along with "
                "deletionTimestamp."],
            "labels": ["map[string]string", None, False, None,
                "Key/value pairs that identify and group objects. Selectors, such as a Service's spec.selector, pick "
                "objects by their labels. A key may have a DNS prefix (example.com/tier); the name part and the "
                "value are at most 63 characters. More info: "
                "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/"],
            "annotations": ["map[string]string", None, False, None,
                "Key/value pairs for extra, non-identifying information that tools and people attach to an object. "
                "Unlike labels, they cannot be used in selectors, and their values may be large (up to 256 KiB for "
                "all of an object's annotations together). More info: "
                "https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/"],
            "ownerReferences": ["[]OwnerReference", "OwnerReference", False, None,
                "The objects this one belongs to; once all its owners are gone, it is garbage-collected."],
            "finalizers": ["[]string", None, False, None,
                "Tasks that must finish, each removing its own entry, before the object can be deleted."],
            "managedFields": ["[]ManagedFieldsEntry", "ManagedFieldsEntry", False, None,
                "Which client manages which fields of the object, used by server-side apply."],
        },
    },
    "VolumeMount": {
        "desc": "Where a Pod volume is mounted inside a container.",
        "fields": {
            "name": ["string", None, True, None,
                "The name of the Pod volume to mount."],
            "readOnly": ["boolean", None, False, None,
                "Whether the volume is mounted read-only; defaults to false."],
            "recursiveReadOnly": ["string", None, False, None,
                "Whether a read-only mount is also read-only in the mounts beneath it."],
            "mountPath": ["string", None, True, None,
                "The path inside the container where the volume appears."],
            "subPath": ["string", None, False, None,
                "A path within the volume to mount instead of its root."],
            "mountPropagation": ["string", None, False, ["Bidirectional", "HostToContainer", "None"],
                "Whether mounts made later are passed between the node and the container."],
            "subPathExpr": ["string", None, False, None,
                "Like subPath, with $(VAR) references expanded from the container's environment."],
        },
    },
    "Toleration": {
        "desc": "Lets a Pod be scheduled onto, or stay on, nodes that carry a matching taint.",
        "fields": {
            "key": ["string", None, False, None,
                "The taint key to tolerate; empty, with operator Exists, matches every taint."],
            "operator": ["string", None, False, ["Equal", "Exists"],
                "How key and value are compared: Equal (the default) or Exists."],
            "value": ["string", None, False, None,
                "The taint value to match when operator is Equal."],
            "effect": ["string", None, False, ["NoExecute", "NoSchedule", "PreferNoSchedule"],
                "The taint effect to tolerate; empty matches every effect."],
            "tolerationSeconds": ["integer", None, False, None,
                "For NoExecute taints, how long the Pod may stay on the node after the taint appears."],
        },
    },
    "GRPCAction": {
        "desc": "A probe that calls the standard gRPC health checking service.",
        "fields": {
            "port": ["integer", None, True, None,
                "The port number of the gRPC service (1-65535)."],
            "service": ["string", None, False, None,
                "The service name put in the gRPC health check request; empty by default."],
        },
    },
    "HTTPHeader": {
        "desc": "A custom header sent with an HTTP probe request.",
        "fields": {
            "name": ["string", None, True, None,
                "The header's name."],
            "value": ["string", None, True, None,
                "The header's value."],
        },
    },
    "EnvVarSource": {
        "desc": "Where an environment variable's value comes from, when it is not written out literally.",
        "fields": {
            "fieldRef": ["ObjectFieldSelector", "ObjectFieldSelector", False, None,
                "Takes the value from a field of the Pod, such as metadata.name, spec.nodeName or status.podIP."],
            "resourceFieldRef": ["ResourceFieldSelector", "ResourceFieldSelector", False, None,
                "Takes the value from a resource request or limit of a container."],
            "configMapKeyRef": ["ConfigMapKeySelector", "ConfigMapKeySelector", False, None,
                "Takes the value from a key of a ConfigMap."],
            "secretKeyRef": ["SecretKeySelector", "SecretKeySelector", False, None,
                "Takes the value from one key of a Secret (in the same namespace)."],
            "fileKeyRef": ["FileKeySelector", "FileKeySelector", False, None,
                "Takes the value from a key in an env file on a volume; needs the EnvFiles feature gate."],
        },
    },
    "ObjectFieldSelector": {
        "desc": "Selects one field of the Pod, such as metadata.name or status.podIP.",
        "fields": {
            "apiVersion": ["string", None, False, None,
                "The API version the fieldPath is written against; defaults to v1."],
            "fieldPath": ["string", None, True, None,
                "The path of the field to read, such as status.podIP."],
        },
    },
    "ContainerState": {
        "desc": "What a container is doing now. At most one of waiting, running and terminated is set; when none is, "
                "the container counts as waiting.",
        "fields": {
            "waiting": ["ContainerStateWaiting", "ContainerStateWaiting", False, None,
                "Set while the container is not running yet."],
            "running": ["ContainerStateRunning", "ContainerStateRunning", False, None,
                "Set while the container is running."],
            "terminated": ["ContainerStateTerminated", "ContainerStateTerminated", False, None,
                "Set once the container has exited."],
        },
    },
    "ContainerStateRunning": {
        "desc": "Details of a running container.",
        "fields": {
            "startedAt": ["string", None, False, None,
                "When the container last started or restarted."],
        },
    },
    "ContainerStateWaiting": {
        "desc": "Details of a container that is not running yet.",
        "fields": {
            "reason": ["string", None, False, None,
                "Why the container is not running yet, for example ContainerCreating or CrashLoopBackOff."],
            "message": ["string", None, False, None,
                "More detail on why the container is waiting."],
        },
    },
    "ContainerStateTerminated": {
        "desc": "Details of a container that has exited.",
        "fields": {
            "exitCode": ["integer", None, True, None,
                "The exit status of the container's last run."],
            "signal": ["integer", None, False, None,
                "The signal that ended the container, if any."],
            "reason": ["string", None, False, None,
                "A short reason for the exit, for example Completed or OOMKilled."],
            "message": ["string", None, False, None,
                "More detail on the exit."],
            "startedAt": ["string", None, False, None,
                "When the container's last run started."],
            "finishedAt": ["string", None, False, None,
                "When the container's last run ended."],
            "containerID": ["string", None, False, None,
                "The container runtime's ID for the container, as <type>://<id>."],
        },
    },
}
