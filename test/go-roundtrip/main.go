// Command go-roundtrip is the client-go side of test/e2e/builtin-client-go.test.ts: it reads, with
// client-go's typed clientset (k8s.io/client-go/kubernetes), objects the TypeScript package wrote,
// and writes objects from typed Go structs for the TypeScript package to read.
//
//	go-roundtrip KUBECONFIG read NAMESPACE Kind=name...
//	    For each Kind (Pod, Node, Lease, Event, Deployment): Get the object, then Update it
//	    unchanged. Prints {"Kind": {"read": <what Get decoded>, "updated": <what Update returned>}}.
//	    An Update that loses nothing is a no-op on the server: same resourceVersion.
//	go-roundtrip KUBECONFIG write NAMESPACE SUFFIX
//	    Creates a Pod, Node, Lease, Event and Deployment named go-<kind>-SUFFIX (the Node and the
//	    Pod with a status, written through the status subresource). Prints
//	    {"Kind": {"sent": <the Go struct as sent>, "stored": <what the last write returned>}}.
//
// Output is one JSON line on stdout: objects marshalled by encoding/json from the typed structs,
// i.e. exactly what client-go's types keep. Errors go to stderr with exit code 1.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

func fail(err error) {
	fmt.Fprintln(os.Stderr, "go-roundtrip:", err)
	os.Exit(1)
}

func ptr[T any](v T) *T { return &v }

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: go-roundtrip KUBECONFIG read NAMESPACE Kind=name... | go-roundtrip KUBECONFIG write NAMESPACE SUFFIX")
		os.Exit(2)
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", os.Args[1])
	if err != nil {
		fail(err)
	}
	cfg.UserAgent = "go-roundtrip"
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		fail(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	var out map[string]any
	switch mode, ns := os.Args[2], os.Args[3]; mode {
	case "read":
		out, err = read(ctx, cs, ns, os.Args[4:])
	case "write":
		if len(os.Args) < 5 {
			fail(fmt.Errorf("write needs a SUFFIX"))
		}
		out, err = write(ctx, cs, ns, os.Args[4])
	default:
		err = fmt.Errorf("unknown mode %q", mode)
	}
	if err != nil {
		fail(err)
	}
	b, err := json.Marshal(out)
	if err != nil {
		fail(err)
	}
	fmt.Println(string(b))
}

// readResult is what read reports for one object.
type readResult struct {
	Read    any `json:"read"`
	Updated any `json:"updated"`
}

// getAndUpdate reads an object and writes it back unchanged.
func getAndUpdate[T any](ctx context.Context, get func(context.Context, string, metav1.GetOptions) (T, error), update func(context.Context, T, metav1.UpdateOptions) (T, error), name string) (readResult, error) {
	obj, err := get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return readResult{}, err
	}
	// Marshal before the update: Update decodes into a new object, but be explicit.
	read, err := json.Marshal(obj)
	if err != nil {
		return readResult{}, err
	}
	updated, err := update(ctx, obj, metav1.UpdateOptions{FieldManager: "go-roundtrip"})
	if err != nil {
		return readResult{}, fmt.Errorf("update of %s: %w", name, err)
	}
	return readResult{Read: json.RawMessage(read), Updated: updated}, nil
}

func read(ctx context.Context, cs *kubernetes.Clientset, ns string, refs []string) (map[string]any, error) {
	out := map[string]any{}
	for _, ref := range refs {
		kind, name, ok := strings.Cut(ref, "=")
		if !ok {
			return nil, fmt.Errorf("expected Kind=name, got %q", ref)
		}
		var r readResult
		var err error
		switch kind {
		case "Pod":
			c := cs.CoreV1().Pods(ns)
			r, err = getAndUpdate(ctx, c.Get, c.Update, name)
		case "Node":
			c := cs.CoreV1().Nodes()
			r, err = getAndUpdate(ctx, c.Get, c.Update, name)
		case "Lease":
			c := cs.CoordinationV1().Leases(ns)
			r, err = getAndUpdate(ctx, c.Get, c.Update, name)
		case "Event":
			c := cs.EventsV1().Events(ns)
			r, err = getAndUpdate(ctx, c.Get, c.Update, name)
		case "Deployment":
			c := cs.AppsV1().Deployments(ns)
			r, err = getAndUpdate(ctx, c.Get, c.Update, name)
		default:
			err = fmt.Errorf("unknown kind %q", kind)
		}
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", kind, name, err)
		}
		out[kind] = r
	}
	return out, nil
}

// writeResult is what write reports for one object.
type writeResult struct {
	Sent   any `json:"sent"`
	Stored any `json:"stored"`
}

// snapshot marshals v now, so that a later write that fills the struct in does not change it.
func snapshot(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		fail(err)
	}
	return b
}

func write(ctx context.Context, cs *kubernetes.Clientset, ns, suffix string) (map[string]any, error) {
	// Whole seconds for Time, whole microseconds for MicroTime: what the wire formats carry.
	now := time.Now().UTC().Truncate(time.Second)
	micro := metav1.NewMicroTime(time.Now().UTC().Truncate(time.Microsecond))
	out := map[string]any{}

	node := goNode("go-node-"+suffix, now)
	sent := snapshot(node)
	n, err := cs.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{FieldManager: "go-roundtrip"})
	if err != nil {
		return nil, fmt.Errorf("create Node: %w", err)
	}
	n.Status.Conditions = append(n.Status.Conditions, corev1.NodeCondition{Type: "DiskPressure", Status: corev1.ConditionFalse, LastHeartbeatTime: metav1.NewTime(now), LastTransitionTime: metav1.NewTime(now), Reason: "KubeletHasNoDiskPressure", Message: "kubelet has no disk pressure"})
	sentStatus := snapshot(n.Status)
	if n, err = cs.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{FieldManager: "go-roundtrip"}); err != nil {
		return nil, fmt.Errorf("update Node status: %w", err)
	}
	out["Node"] = writeResult{Sent: withStatus(sent, sentStatus), Stored: n}

	pod := goPod("go-pod-"+suffix, ns)
	sent = snapshot(pod)
	p, err := cs.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{FieldManager: "go-roundtrip"})
	if err != nil {
		return nil, fmt.Errorf("create Pod: %w", err)
	}
	p.Status = goPodStatus(now)
	sentStatus = snapshot(p.Status)
	if p, err = cs.CoreV1().Pods(ns).UpdateStatus(ctx, p, metav1.UpdateOptions{FieldManager: "go-roundtrip"}); err != nil {
		return nil, fmt.Errorf("update Pod status: %w", err)
	}
	out["Pod"] = writeResult{Sent: withStatus(sent, sentStatus), Stored: p}

	lease := &coordinationv1.Lease{
		ObjectMeta: metav1.ObjectMeta{Name: "go-lease-" + suffix, Namespace: ns, Labels: map[string]string{"app.kubernetes.io/component": "leader-election"}},
		Spec: coordinationv1.LeaseSpec{
			HolderIdentity:       ptr("go-roundtrip_" + suffix),
			LeaseDurationSeconds: ptr[int32](15),
			AcquireTime:          &micro,
			RenewTime:            &micro,
			LeaseTransitions:     ptr[int32](3),
		},
	}
	sent = snapshot(lease)
	l, err := cs.CoordinationV1().Leases(ns).Create(ctx, lease, metav1.CreateOptions{FieldManager: "go-roundtrip"})
	if err != nil {
		return nil, fmt.Errorf("create Lease: %w", err)
	}
	out["Lease"] = writeResult{Sent: sent, Stored: l}

	event := &eventsv1.Event{
		ObjectMeta:          metav1.ObjectMeta{Name: "go-event-" + suffix, Namespace: ns},
		EventTime:           micro,
		Series:              &eventsv1.EventSeries{Count: 4, LastObservedTime: micro},
		ReportingController: "koordinator.sh/go-roundtrip",
		ReportingInstance:   "go-roundtrip-" + suffix,
		Action:              "Binding",
		Reason:              "Scheduled",
		Regarding:           corev1.ObjectReference{APIVersion: "v1", Kind: "Pod", Namespace: ns, Name: p.Name, UID: p.UID, ResourceVersion: p.ResourceVersion},
		Related:             &corev1.ObjectReference{APIVersion: "v1", Kind: "Node", Name: n.Name, UID: n.UID},
		Note:                fmt.Sprintf("Successfully assigned %s/%s to %s", ns, p.Name, n.Name),
		Type:                corev1.EventTypeNormal,
	}
	sent = snapshot(event)
	e, err := cs.EventsV1().Events(ns).Create(ctx, event, metav1.CreateOptions{FieldManager: "go-roundtrip"})
	if err != nil {
		return nil, fmt.Errorf("create Event: %w", err)
	}
	out["Event"] = writeResult{Sent: sent, Stored: e}

	deployment := goDeployment("go-deployment-"+suffix, ns)
	sent = snapshot(deployment)
	d, err := cs.AppsV1().Deployments(ns).Create(ctx, deployment, metav1.CreateOptions{FieldManager: "go-roundtrip"})
	if err != nil {
		return nil, fmt.Errorf("create Deployment: %w", err)
	}
	out["Deployment"] = writeResult{Sent: sent, Stored: d}
	return out, nil
}

// withStatus returns the object JSON `obj` with its status replaced by `status`.
func withStatus(obj, status json.RawMessage) json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(obj, &m); err != nil {
		fail(err)
	}
	m["status"] = status
	return snapshot(m)
}

func goNode(name string, now time.Time) *corev1.Node {
	t := metav1.NewTime(now)
	return &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{
			Name: name,
			Labels: map[string]string{
				"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
				"node.kubernetes.io/instance-type": "ecs.g7.2xlarge", "topology.kubernetes.io/zone": "cn-hangzhou-k",
			},
			Annotations: map[string]string{"node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true"},
		},
		Spec: corev1.NodeSpec{
			PodCIDR:    "10.244.3.0/24",
			PodCIDRs:   []string{"10.244.3.0/24", "fd00:10:244:3::/64"},
			ProviderID: "alicloud://cn-hangzhou." + name,
			Taints: []corev1.Taint{
				{Key: "node.koordinator.sh/colocation", Value: "true", Effect: corev1.TaintEffectNoSchedule},
				{Key: "node.kubernetes.io/unreachable", Effect: corev1.TaintEffectNoExecute, TimeAdded: &t},
				// The TaintNodesByCondition admission plugin adds it to every new Node otherwise.
				{Key: "node.kubernetes.io/not-ready", Effect: corev1.TaintEffectNoSchedule},
			},
		},
		Status: corev1.NodeStatus{
			Capacity: corev1.ResourceList{
				corev1.ResourceCPU: resource.MustParse("8"), corev1.ResourceMemory: resource.MustParse("32778468Ki"),
				corev1.ResourcePods: resource.MustParse("110"), corev1.ResourceEphemeralStorage: resource.MustParse("123329516Ki"),
				"kubernetes.io/batch-cpu": resource.MustParse("4200"), "kubernetes.io/batch-memory": resource.MustParse("16Gi"),
			},
			Allocatable: corev1.ResourceList{
				corev1.ResourceCPU: resource.MustParse("7910m"), corev1.ResourceMemory: resource.MustParse("29700324Ki"),
				corev1.ResourcePods: resource.MustParse("110"), corev1.ResourceEphemeralStorage: resource.MustParse("113658344231"),
			},
			Conditions: []corev1.NodeCondition{
				{Type: corev1.NodeMemoryPressure, Status: corev1.ConditionFalse, LastHeartbeatTime: t, LastTransitionTime: t, Reason: "KubeletHasSufficientMemory", Message: "kubelet has sufficient memory available"},
				{Type: corev1.NodeReady, Status: corev1.ConditionTrue, LastHeartbeatTime: t, LastTransitionTime: t, Reason: "KubeletReady", Message: "kubelet is posting ready status"},
			},
			Addresses: []corev1.NodeAddress{
				{Type: corev1.NodeInternalIP, Address: "192.168.0.17"},
				{Type: corev1.NodeHostName, Address: name},
			},
			DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: 10250}},
			NodeInfo: corev1.NodeSystemInfo{
				MachineID: "8f2a1c7f6b2e4a1b9c0d1e2f3a4b5c6d", SystemUUID: "ec2a1b3c-7f2e-4c2a-9d1e-0a1b2c3d4e5f", BootID: "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
				KernelVersion: "5.10.134-16.al8.x86_64", OSImage: "Alibaba Cloud Linux 3", ContainerRuntimeVersion: "containerd://1.7.22",
				KubeletVersion: "v1.37.2", KubeProxyVersion: "", OperatingSystem: "linux", Architecture: "amd64",
			},
			Images: []corev1.ContainerImage{
				{Names: []string{"registry.example.com/koordinator-sh/koordlet@sha256:4d5c2b0c1f6e", "registry.example.com/koordinator-sh/koordlet:v1.6.0"}, SizeBytes: 108293745},
				{Names: []string{"registry.k8s.io/pause:3.10"}, SizeBytes: 320368},
			},
		},
	}
}

func goContainer(name, image string) corev1.Container {
	return corev1.Container{
		Name:    name,
		Image:   image,
		Command: []string{"/bin/server"},
		Args:    []string{"--port=8080", "--log-level=info"},
		Ports:   []corev1.ContainerPort{{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}, {Name: "metrics", ContainerPort: 9090, Protocol: corev1.ProtocolTCP}},
		Env: []corev1.EnvVar{
			{Name: "GOMAXPROCS", Value: "2"},
			{Name: "POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.name"}}},
			{Name: "MEM_LIMIT", ValueFrom: &corev1.EnvVarSource{ResourceFieldRef: &corev1.ResourceFieldSelector{ContainerName: name, Resource: "limits.memory", Divisor: resource.MustParse("1Mi")}}},
		},
		Resources: corev1.ResourceRequirements{
			Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
			Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1"), corev1.ResourceMemory: resource.MustParse("512Mi")},
		},
		VolumeMounts:   []corev1.VolumeMount{{Name: "config", MountPath: "/etc/app", ReadOnly: true}, {Name: "cache", MountPath: "/var/cache/app"}},
		LivenessProbe:  &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromString("http")}}, InitialDelaySeconds: 5, PeriodSeconds: 10},
		ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(8080)}}, PeriodSeconds: 5},
		SecurityContext: &corev1.SecurityContext{
			RunAsNonRoot: ptr(true), RunAsUser: ptr[int64](1000), AllowPrivilegeEscalation: ptr(false),
			Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
		},
	}
}

func goPodSpec() corev1.PodSpec {
	return corev1.PodSpec{
		Containers:     []corev1.Container{goContainer("server", "registry.example.com/web/server:1.4.2"), goContainer("sidecar", "registry.example.com/web/proxy:2.0.0")},
		InitContainers: []corev1.Container{{Name: "init-config", Image: "busybox:1.36", Command: []string{"sh", "-c", "cp /src/* /etc/app/"}, VolumeMounts: []corev1.VolumeMount{{Name: "config", MountPath: "/etc/app"}}}},
		Volumes: []corev1.Volume{
			{Name: "config", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "web-config"}, DefaultMode: ptr[int32](0o440)}}},
			{Name: "cache", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMediumMemory, SizeLimit: ptr(resource.MustParse("128Mi"))}}},
		},
		SchedulerName:                 "koord-scheduler",
		TerminationGracePeriodSeconds: ptr[int64](45),
		NodeSelector:                  map[string]string{"kubernetes.io/os": "linux"},
		Affinity: &corev1.Affinity{
			NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{
				MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "topology.kubernetes.io/zone", Operator: corev1.NodeSelectorOpIn, Values: []string{"cn-hangzhou-j", "cn-hangzhou-k"}}},
			}}}},
			PodAntiAffinity: &corev1.PodAntiAffinity{PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{
				Weight:          100,
				PodAffinityTerm: corev1.PodAffinityTerm{LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}, TopologyKey: "kubernetes.io/hostname"},
			}}},
		},
		Tolerations: []corev1.Toleration{
			{Key: "node.koordinator.sh/colocation", Operator: corev1.TolerationOpEqual, Value: "true", Effect: corev1.TaintEffectNoSchedule},
			// Both tolerations the DefaultTolerationSeconds admission plugin would otherwise add.
			{Key: "node.kubernetes.io/not-ready", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr[int64](300)},
			{Key: "node.kubernetes.io/unreachable", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr[int64](300)},
		},
		TopologySpreadConstraints: []corev1.TopologySpreadConstraint{{MaxSkew: 1, TopologyKey: "topology.kubernetes.io/zone", WhenUnsatisfiable: corev1.ScheduleAnyway, LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}}},
		SecurityContext:           &corev1.PodSecurityContext{FSGroup: ptr[int64](2000), SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}},
	}
}

func goPod(name, ns string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Namespace:   ns,
			Labels:      map[string]string{"app": "web", "koordinator.sh/qosClass": "LS"},
			Annotations: map[string]string{"scheduling.koordinator.sh/reservation-affinity": `{"reservationSelector":{"app":"web"}}`},
		},
		Spec: goPodSpec(),
	}
}

func goPodStatus(now time.Time) corev1.PodStatus {
	t := metav1.NewTime(now)
	return corev1.PodStatus{
		Phase: corev1.PodPending,
		Conditions: []corev1.PodCondition{
			{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, LastTransitionTime: t, Reason: corev1.PodReasonUnschedulable, Message: "0/3 nodes are available: 3 Insufficient cpu."},
		},
		QOSClass: corev1.PodQOSBurstable,
	}
}

func goDeployment(name, ns string) *appsv1.Deployment {
	labels := map[string]string{"app": "web", "tier": "frontend"}
	maxSurge := intstr.FromString("25%")
	maxUnavailable := intstr.FromInt32(1)
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: labels, Annotations: map[string]string{"kubernetes.io/change-cause": "go-roundtrip"}},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr[int32](3),
			Selector: &metav1.LabelSelector{
				MatchLabels:      map[string]string{"app": "web"},
				MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpIn, Values: []string{"frontend"}}},
			},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels, Annotations: map[string]string{"prometheus.io/scrape": "true"}},
				Spec:       goPodSpec(),
			},
			Strategy:                appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType, RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: &maxSurge, MaxUnavailable: &maxUnavailable}},
			MinReadySeconds:         10,
			RevisionHistoryLimit:    ptr[int32](5),
			ProgressDeadlineSeconds: ptr[int32](300),
		},
	}
}
