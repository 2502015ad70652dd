package main

// The typed side: NodeMetric as Go structs (the fields of Koordinator's slo/v1alpha1 NodeMetric
// that the benchmark objects carry, quantities as resource.Quantity as in Koordinator's own
// types), a typed client built with client-go's generics (gentype.NewClientWithList, what every
// generated clientset uses since client-go 1.31), and a typed shared index informer wired the way
// generated informers are (cache.ToListWatcherWithWatchListSemantics + NewSharedIndexInformerWithOptions).

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/gentype"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
)

var sloGroupVersion = schema.GroupVersion{Group: "slo.koordinator.sh", Version: "v1alpha1"}

// NodeMetric is slo.koordinator.sh/v1alpha1 NodeMetric.
type NodeMetric struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              NodeMetricSpec   `json:"spec,omitempty"`
	Status            NodeMetricStatus `json:"status,omitempty"`
}

// NodeMetricList is a list of NodeMetrics.
type NodeMetricList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []NodeMetric `json:"items"`
}

// NodeMetricSpec is what koordlet is asked to collect.
type NodeMetricSpec struct {
	CollectPolicy *NodeMetricCollectPolicy `json:"metricCollectPolicy,omitempty"`
}

// NodeMetricCollectPolicy is the collection policy.
type NodeMetricCollectPolicy struct {
	AggregateDurationSeconds *int64           `json:"aggregateDurationSeconds,omitempty"`
	ReportIntervalSeconds    *int64           `json:"reportIntervalSeconds,omitempty"`
	NodeAggregatePolicy      *AggregatePolicy `json:"nodeAggregatePolicy,omitempty"`
	NodeMemoryCollectPolicy  *string          `json:"nodeMemoryCollectPolicy,omitempty"`
}

// AggregatePolicy lists the aggregation windows.
type AggregatePolicy struct {
	Durations []metav1.Duration `json:"durations,omitempty"`
}

// NodeMetricStatus is what koordlet reports.
type NodeMetricStatus struct {
	UpdateTime            *metav1.Time                 `json:"updateTime,omitempty"`
	NodeMetric            *NodeMetricInfo              `json:"nodeMetric,omitempty"`
	PodsMetric            []*PodMetricInfo             `json:"podsMetric,omitempty"`
	HostApplicationMetric []*HostApplicationMetricInfo `json:"hostApplicationMetric,omitempty"`
	ProdReclaimableMetric *ReclaimableMetric           `json:"prodReclaimableMetric,omitempty"`
}

// ResourceMap is a set of quantities.
type ResourceMap struct {
	corev1.ResourceList `json:"resources,omitempty"`
}

// NodeMetricInfo is the node's usage.
type NodeMetricInfo struct {
	NodeUsage              ResourceMap       `json:"nodeUsage,omitempty"`
	SystemUsage            ResourceMap       `json:"systemUsage,omitempty"`
	AggregatedNodeUsages   []AggregatedUsage `json:"aggregatedNodeUsages,omitempty"`
	AggregatedSystemUsages []AggregatedUsage `json:"aggregatedSystemUsages,omitempty"`
}

// AggregatedUsage is usage percentiles over one window.
type AggregatedUsage struct {
	Usage    map[string]ResourceMap `json:"usage,omitempty"`
	Duration metav1.Duration        `json:"duration,omitempty"`
}

// PodMetricInfo is one pod's usage.
type PodMetricInfo struct {
	Name      string      `json:"name,omitempty"`
	Namespace string      `json:"namespace,omitempty"`
	PodUsage  ResourceMap `json:"podUsage,omitempty"`
	Priority  string      `json:"priority,omitempty"`
	QoS       string      `json:"qos,omitempty"`
}

// HostApplicationMetricInfo is one host application's usage.
type HostApplicationMetricInfo struct {
	Name     string      `json:"name,omitempty"`
	Usage    ResourceMap `json:"usage,omitempty"`
	Priority string      `json:"priority,omitempty"`
	QoS      string      `json:"qos,omitempty"`
}

// ReclaimableMetric is what could be reclaimed.
type ReclaimableMetric struct {
	Resource ResourceMap `json:"resource,omitempty"`
}

func (in ResourceMap) deepCopy() ResourceMap { return ResourceMap{in.ResourceList.DeepCopy()} }

func (in AggregatedUsage) deepCopy() AggregatedUsage {
	out := AggregatedUsage{Duration: in.Duration}
	if in.Usage != nil {
		out.Usage = make(map[string]ResourceMap, len(in.Usage))
		for k, v := range in.Usage {
			out.Usage[k] = v.deepCopy()
		}
	}
	return out
}

// DeepCopyObject implements runtime.Object (hand-written; deepcopy-gen would write the same).
func (in *NodeMetric) DeepCopyObject() runtime.Object {
	if in == nil {
		return nil
	}
	out := &NodeMetric{TypeMeta: in.TypeMeta}
	in.ObjectMeta.DeepCopyInto(&out.ObjectMeta)
	if p := in.Spec.CollectPolicy; p != nil {
		c := *p
		if p.AggregateDurationSeconds != nil {
			v := *p.AggregateDurationSeconds
			c.AggregateDurationSeconds = &v
		}
		if p.ReportIntervalSeconds != nil {
			v := *p.ReportIntervalSeconds
			c.ReportIntervalSeconds = &v
		}
		if p.NodeMemoryCollectPolicy != nil {
			v := *p.NodeMemoryCollectPolicy
			c.NodeMemoryCollectPolicy = &v
		}
		if p.NodeAggregatePolicy != nil {
			c.NodeAggregatePolicy = &AggregatePolicy{Durations: append([]metav1.Duration(nil), p.NodeAggregatePolicy.Durations...)}
		}
		out.Spec.CollectPolicy = &c
	}
	s := &in.Status
	if s.UpdateTime != nil {
		out.Status.UpdateTime = s.UpdateTime.DeepCopy()
	}
	if s.NodeMetric != nil {
		n := &NodeMetricInfo{NodeUsage: s.NodeMetric.NodeUsage.deepCopy(), SystemUsage: s.NodeMetric.SystemUsage.deepCopy()}
		for _, a := range s.NodeMetric.AggregatedNodeUsages {
			n.AggregatedNodeUsages = append(n.AggregatedNodeUsages, a.deepCopy())
		}
		for _, a := range s.NodeMetric.AggregatedSystemUsages {
			n.AggregatedSystemUsages = append(n.AggregatedSystemUsages, a.deepCopy())
		}
		out.Status.NodeMetric = n
	}
	for _, p := range s.PodsMetric {
		if p == nil {
			out.Status.PodsMetric = append(out.Status.PodsMetric, nil)
			continue
		}
		c := *p
		c.PodUsage = p.PodUsage.deepCopy()
		out.Status.PodsMetric = append(out.Status.PodsMetric, &c)
	}
	for _, h := range s.HostApplicationMetric {
		if h == nil {
			out.Status.HostApplicationMetric = append(out.Status.HostApplicationMetric, nil)
			continue
		}
		c := *h
		c.Usage = h.Usage.deepCopy()
		out.Status.HostApplicationMetric = append(out.Status.HostApplicationMetric, &c)
	}
	if s.ProdReclaimableMetric != nil {
		out.Status.ProdReclaimableMetric = &ReclaimableMetric{Resource: s.ProdReclaimableMetric.Resource.deepCopy()}
	}
	return out
}

// DeepCopyObject implements runtime.Object.
func (in *NodeMetricList) DeepCopyObject() runtime.Object {
	if in == nil {
		return nil
	}
	out := &NodeMetricList{TypeMeta: in.TypeMeta}
	in.ListMeta.DeepCopyInto(&out.ListMeta)
	out.Items = make([]NodeMetric, len(in.Items))
	for i := range in.Items {
		out.Items[i] = *in.Items[i].DeepCopyObject().(*NodeMetric)
	}
	return out
}

// newTypedInformer returns a typed NodeMetric shared index informer over a gentype client, and
// the function that runs it.
func newTypedInformer(cfg *rest.Config, tweak func(*metav1.ListOptions)) (cache.SharedIndexInformer, error) {
	scheme := runtime.NewScheme()
	scheme.AddKnownTypes(sloGroupVersion, &NodeMetric{}, &NodeMetricList{})
	metav1.AddToGroupVersion(scheme, sloGroupVersion)
	codecs := serializer.NewCodecFactory(scheme)

	c := rest.CopyConfig(cfg)
	c.GroupVersion = &sloGroupVersion
	c.APIPath = "/apis"
	c.NegotiatedSerializer = codecs.WithoutConversion()
	if c.UserAgent == "" {
		c.UserAgent = rest.DefaultKubernetesUserAgent()
	}
	restClient, err := rest.RESTClientFor(c)
	if err != nil {
		return nil, err
	}
	client := gentype.NewClientWithList[*NodeMetric, *NodeMetricList](
		"nodemetrics", restClient, runtime.NewParameterCodec(scheme), "",
		func() *NodeMetric { return &NodeMetric{} },
		func() *NodeMetricList { return &NodeMetricList{} },
	)
	if tweak == nil {
		tweak = func(*metav1.ListOptions) {}
	}
	lw := &cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
			tweak(&opts)
			return client.List(ctx, opts)
		},
		WatchFuncWithContext: func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
			tweak(&opts)
			return client.Watch(ctx, opts)
		},
	}
	return cache.NewSharedIndexInformerWithOptions(
		cache.ToListWatcherWithWatchListSemantics(lw, client),
		&NodeMetric{},
		cache.SharedIndexInformerOptions{ResyncPeriod: 0 * time.Second, Indexers: cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc}},
	), nil
}
