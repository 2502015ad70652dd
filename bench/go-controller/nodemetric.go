package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/clientcmd"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/metrics/server"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

var nodeMetricGVK = schema.GroupVersionKind{Group: "slo.koordinator.sh", Version: "v1alpha1", Kind: "NodeMetric"}

const (
	configNamespace = "koordinator-system"
	configName      = "slo-controller-config"
	configKey       = "colocation-config"
)

func newNodeMetric() *unstructured.Unstructured {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(nodeMetricGVK)
	return u
}

// colocationStrategy holds the fields of koord-manager's colocation strategy this controller reads.
type colocationStrategy struct {
	Enable                         *bool    `json:"enable,omitempty"`
	MetricAggregateDurationSeconds *int64   `json:"metricAggregateDurationSeconds,omitempty"`
	MetricReportIntervalSeconds    *int64   `json:"metricReportIntervalSeconds,omitempty"`
	MetricAggregatePolicy          *struct {
		Durations []string `json:"durations,omitempty"`
	} `json:"metricAggregatePolicy,omitempty"`
	MetricMemoryCollectPolicy *string `json:"metricMemoryCollectPolicy,omitempty"`
}

type nodeConfig struct {
	colocationStrategy
	Name         string                `json:"name,omitempty"`
	NodeSelector *metav1.LabelSelector `json:"nodeSelector,omitempty"`
}

type colocationConfig struct {
	colocationStrategy
	NodeConfigs []nodeConfig `json:"nodeConfigs,omitempty"`
}

func defaultPolicy() *CollectPolicy {
	ads, ris, mem := int64(300), int64(60), "usageWithoutPageCache"
	return &CollectPolicy{AggregateDurationSeconds: &ads, ReportIntervalSeconds: &ris, NodeAggregatePolicy: &AggregatePolicy{Durations: []string{"5m0s", "10m0s", "30m0s"}}, NodeMemoryCollectPolicy: &mem}
}

// policyMap is the policy as unstructured JSON values.
func policyMap(p *CollectPolicy) map[string]any {
	durations := []any{}
	for _, d := range p.NodeAggregatePolicy.Durations {
		durations = append(durations, d)
	}
	return map[string]any{
		"aggregateDurationSeconds": *p.AggregateDurationSeconds,
		"reportIntervalSeconds":    *p.ReportIntervalSeconds,
		"nodeAggregatePolicy":      map[string]any{"durations": durations},
		"nodeMemoryCollectPolicy":  *p.NodeMemoryCollectPolicy,
	}
}

// merge overlays the fields set in o onto s.
func (s colocationStrategy) merge(o colocationStrategy) colocationStrategy {
	if o.Enable != nil {
		s.Enable = o.Enable
	}
	if o.MetricAggregateDurationSeconds != nil {
		s.MetricAggregateDurationSeconds = o.MetricAggregateDurationSeconds
	}
	if o.MetricReportIntervalSeconds != nil {
		s.MetricReportIntervalSeconds = o.MetricReportIntervalSeconds
	}
	if o.MetricAggregatePolicy != nil {
		s.MetricAggregatePolicy = o.MetricAggregatePolicy
	}
	if o.MetricMemoryCollectPolicy != nil {
		s.MetricMemoryCollectPolicy = o.MetricMemoryCollectPolicy
	}
	return s
}

// policyFor returns the policy for a Node with these labels, or nil when the strategy is invalid
// or disabled (keep the existing spec).
func policyFor(cfg *colocationConfig, labels map[string]string) *CollectPolicy {
	f := false
	def := colocationStrategy{Enable: &f}
	ads, ris := int64(300), int64(60)
	mem := "usageWithoutPageCache"
	def.MetricAggregateDurationSeconds, def.MetricReportIntervalSeconds, def.MetricMemoryCollectPolicy = &ads, &ris, &mem
	def.MetricAggregatePolicy = &struct {
		Durations []string `json:"durations,omitempty"`
	}{Durations: []string{"5m0s", "10m0s", "30m0s"}}
	s := def.merge(cfg.colocationStrategy)
	for _, nc := range cfg.NodeConfigs {
		if nc.NodeSelector == nil {
			continue
		}
		sel, err := metav1.LabelSelectorAsSelector(nc.NodeSelector)
		if err != nil {
			return nil
		}
		if sel.Matches(labelsSet(labels)) {
			s = s.merge(nc.colocationStrategy)
			break
		}
	}
	if *s.MetricAggregateDurationSeconds <= 0 || *s.MetricReportIntervalSeconds <= 0 {
		return nil
	}
	switch *s.MetricMemoryCollectPolicy {
	case "usageWithHotPageCache", "usageWithoutPageCache", "usageWithPageCache":
	default:
		return nil
	}
	if s.Enable == nil || !*s.Enable {
		return nil
	}
	durations := []string{}
	if s.MetricAggregatePolicy != nil {
		durations = append(durations, s.MetricAggregatePolicy.Durations...)
	}
	outAds, outRis, outMem := *s.MetricAggregateDurationSeconds, *s.MetricReportIntervalSeconds, *s.MetricMemoryCollectPolicy
	return &CollectPolicy{AggregateDurationSeconds: &outAds, ReportIntervalSeconds: &outRis, NodeAggregatePolicy: &AggregatePolicy{Durations: durations}, NodeMemoryCollectPolicy: &outMem}
}

type labelsSet map[string]string

func (l labelsSet) Has(k string) bool        { _, ok := l[k]; return ok }
func (l labelsSet) Get(k string) string      { return l[k] }
func (l labelsSet) Lookup(k string) (string, bool) { v, ok := l[k]; return v, ok }

// nodeMetricReconciler keeps one NodeMetric per Node.
type nodeMetricReconciler struct {
	client.Client
	reconciles atomic.Int64
	// the ConfigMap's colocation config, parsed once per resourceVersion (nil: invalid or absent key)
	mu       sync.Mutex
	parsedRV string
	parsed   *colocationConfig
	hasKey   bool
}

// desired returns the policy for node given the NodeMetric's current one (nil: keep it).
func (r *nodeMetricReconciler) desired(ctx context.Context, node *corev1.Node, hasCurrent bool) (*CollectPolicy, error) {
	cm := &corev1.ConfigMap{}
	err := r.Get(ctx, types.NamespacedName{Namespace: configNamespace, Name: configName}, cm)
	if apierrors.IsNotFound(err) {
		return defaultPolicy(), nil
	} else if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if cm.ResourceVersion != r.parsedRV {
		r.parsedRV = cm.ResourceVersion
		raw, ok := cm.Data[configKey]
		r.hasKey, r.parsed = ok, nil
		if ok {
			c := &colocationConfig{}
			if json.Unmarshal([]byte(raw), c) == nil {
				r.parsed = c
			}
		}
	}
	cfg, hasKey := r.parsed, r.hasKey
	r.mu.Unlock()
	if !hasKey {
		return defaultPolicy(), nil
	}
	var p *CollectPolicy
	if cfg != nil {
		p = policyFor(cfg, node.Labels)
	}
	if p == nil && !hasCurrent {
		return defaultPolicy(), nil
	}
	return p, nil
}

// typedReconciler is the same reconcile over the typed NodeMetric (the default).
type typedReconciler struct{ *nodeMetricReconciler }

func (r typedReconciler) Reconcile(ctx context.Context, req reconcile.Request) (reconcile.Result, error) {
	r.reconciles.Add(1)
	name := req.Name
	node := &corev1.Node{}
	nodeErr := r.Get(ctx, types.NamespacedName{Name: name}, node)
	if nodeErr != nil && !apierrors.IsNotFound(nodeErr) {
		return reconcile.Result{}, nodeErr
	}
	nm := &NodeMetric{}
	nmErr := r.Get(ctx, types.NamespacedName{Name: name}, nm)
	if nmErr != nil && !apierrors.IsNotFound(nmErr) {
		return reconcile.Result{}, nmErr
	}
	if apierrors.IsNotFound(nodeErr) {
		if nmErr == nil {
			uid := nm.GetUID()
			if err := r.Delete(ctx, nm, client.Preconditions{UID: &uid}); err != nil && !apierrors.IsNotFound(err) {
				return reconcile.Result{}, err
			}
		}
		return reconcile.Result{}, nil
	}
	if apierrors.IsNotFound(nmErr) {
		policy, err := r.desired(ctx, node, false)
		if err != nil {
			return reconcile.Result{}, err
		}
		obj := &NodeMetric{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: NodeMetricSpec{MetricCollectPolicy: policy}}
		if err := r.Create(ctx, obj); err != nil && !apierrors.IsAlreadyExists(err) {
			return reconcile.Result{}, err
		}
		return reconcile.Result{}, nil
	}
	current := nm.Spec.MetricCollectPolicy
	policy, err := r.desired(ctx, node, current != nil)
	if err != nil {
		return reconcile.Result{}, err
	}
	if policy == nil || reflect.DeepEqual(policy, current) {
		return reconcile.Result{}, nil
	}
	next := nm.DeepCopy()
	next.Spec.MetricCollectPolicy = policy
	return reconcile.Result{}, r.Update(ctx, next)
}

func (r *nodeMetricReconciler) Reconcile(ctx context.Context, req reconcile.Request) (reconcile.Result, error) {
	r.reconciles.Add(1)
	name := req.Name
	node := &corev1.Node{}
	nodeErr := r.Get(ctx, types.NamespacedName{Name: name}, node)
	if nodeErr != nil && !apierrors.IsNotFound(nodeErr) {
		return reconcile.Result{}, nodeErr
	}
	nm := newNodeMetric()
	nmErr := r.Get(ctx, types.NamespacedName{Name: name}, nm)
	if nmErr != nil && !apierrors.IsNotFound(nmErr) {
		return reconcile.Result{}, nmErr
	}
	if apierrors.IsNotFound(nodeErr) {
		if nmErr == nil {
			uid := nm.GetUID()
			err := r.Delete(ctx, nm, client.Preconditions{UID: &uid})
			if err != nil && !apierrors.IsNotFound(err) {
				return reconcile.Result{}, err
			}
		}
		return reconcile.Result{}, nil
	}
	if apierrors.IsNotFound(nmErr) {
		policy, err := r.desired(ctx, node, false)
		if err != nil {
			return reconcile.Result{}, err
		}
		obj := newNodeMetric()
		obj.SetName(name)
		obj.Object["spec"] = map[string]any{"metricCollectPolicy": policyMap(policy)}
		if err := r.Create(ctx, obj); err != nil && !apierrors.IsAlreadyExists(err) {
			return reconcile.Result{}, err
		}
		return reconcile.Result{}, nil
	}
	current, _, _ := unstructured.NestedFieldNoCopy(nm.Object, "spec", "metricCollectPolicy")
	policy, err := r.desired(ctx, node, current != nil)
	if err != nil {
		return reconcile.Result{}, err
	}
	if policy == nil || jsonEqual(policyMap(policy), current) {
		return reconcile.Result{}, nil
	}
	next := nm.DeepCopy()
	if err := unstructured.SetNestedField(next.Object, runtime.DeepCopyJSONValue(toJSON(policyMap(policy))), "spec", "metricCollectPolicy"); err != nil {
		return reconcile.Result{}, err
	}
	return reconcile.Result{}, r.Update(ctx, next)
}

// toJSON turns a policy into JSON-compatible values (int64, string, []any, map[string]any).
func toJSON(v map[string]any) map[string]any {
	b, _ := json.Marshal(v)
	out := map[string]any{}
	d := json.NewDecoder(bytesReader(b))
	d.UseNumber()
	_ = d.Decode(&out)
	return normalize(out).(map[string]any)
}

func jsonEqual(a map[string]any, b any) bool {
	if b == nil {
		return false
	}
	bm, ok := b.(map[string]any)
	if !ok {
		return false
	}
	return reflect.DeepEqual(toJSON(a), toJSON(bm))
}

func runNodeMetric(argv []string) error {
	fs := flag.NewFlagSet("nodemetric", flag.ExitOnError)
	qps := fs.Float64("qps", -1, "client QPS (-1: unlimited, controller-runtime's default)")
	burst := fs.Int("burst", -1, "client burst")
	workers := fs.Int("workers", 4, "MaxConcurrentReconciles")
	useUnstructured := fs.Bool("unstructured", false, "NodeMetrics as unstructured objects instead of the minimal typed struct")
	_ = fs.Parse(argv)
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: go-controller nodemetric [flags] KUBECONFIG")
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", fs.Arg(0))
	if err != nil {
		return err
	}
	cfg.QPS, cfg.Burst = float32(*qps), *burst
	log.SetLogger(discardLogger())
	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		return err
	}
	if err := addNodeMetricTypes(scheme); err != nil {
		return err
	}
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{
		Scheme:                 scheme,
		Metrics:                server.Options{BindAddress: "0"},
		HealthProbeBindAddress: "0",
		Cache: cache.Options{
			DefaultTransform: cache.TransformStripManagedFields(),
			ByObject:         map[client.Object]cache.ByObject{&corev1.ConfigMap{}: {Namespaces: map[string]cache.Config{configNamespace: {}}}},
		},
		GracefulShutdownTimeout: durationPtr(10 * time.Second),
	})
	if err != nil {
		return err
	}
	r := &nodeMetricReconciler{Client: mgr.GetClient()}
	everyNode := func(ctx context.Context, _ client.Object) []reconcile.Request {
		names := map[string]struct{}{}
		nodes := &corev1.NodeList{}
		if err := r.List(ctx, nodes); err == nil {
			for i := range nodes.Items {
				names[nodes.Items[i].Name] = struct{}{}
			}
		}
		if *useUnstructured {
			nms := &unstructured.UnstructuredList{}
			nms.SetGroupVersionKind(nodeMetricGVK.GroupVersion().WithKind("NodeMetricList"))
			if err := r.List(ctx, nms); err == nil {
				for i := range nms.Items {
					names[nms.Items[i].GetName()] = struct{}{}
				}
			}
		} else {
			nms := &NodeMetricList{}
			if err := r.List(ctx, nms); err == nil {
				for i := range nms.Items {
					names[nms.Items[i].Name] = struct{}{}
				}
			}
		}
		out := make([]reconcile.Request, 0, len(names))
		for n := range names {
			out = append(out, reconcile.Request{NamespacedName: types.NamespacedName{Name: n}})
		}
		return out
	}
	var primary client.Object = &NodeMetric{}
	var rec reconcile.Reconciler = typedReconciler{r}
	if *useUnstructured {
		primary, rec = newNodeMetric(), r
	}
	err = ctrl.NewControllerManagedBy(mgr).
		Named("nodemetric").
		For(primary, builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		Watches(&corev1.Node{}, handler.EnqueueRequestsFromMapFunc(func(_ context.Context, o client.Object) []reconcile.Request {
			return []reconcile.Request{{NamespacedName: types.NamespacedName{Name: o.GetName()}}}
		}), builder.WithPredicates(predicate.LabelChangedPredicate{})).
		Watches(&corev1.ConfigMap{}, handler.EnqueueRequestsFromMapFunc(everyNode), builder.WithPredicates(predicate.NewPredicateFuncs(func(o client.Object) bool {
			return o.GetNamespace() == configNamespace && o.GetName() == configName
		}))).
		WithOptions(controller.Options{MaxConcurrentReconciles: *workers}).
		Complete(rec)
	if err != nil {
		return err
	}
	emit(map[string]any{"msg": "starting"})
	if err := mgr.Start(ctrl.SetupSignalHandler()); err != nil {
		return err
	}
	emit(map[string]any{"msg": "stopped", "reconciles": r.reconciles.Load()})
	_ = os.Stdout.Sync()
	return nil
}
