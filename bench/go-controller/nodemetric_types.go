package main

import (
	"encoding/json"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// A minimal typed NodeMetric, as koord-manager's own types would decode it (spec typed, status
// kept as raw JSON), registered in the scheme in place of koordinator's module.

// AggregatePolicy is the spec's nodeAggregatePolicy.
type AggregatePolicy struct {
	Durations []string `json:"durations,omitempty"`
}

// CollectPolicy is the spec's metricCollectPolicy.
type CollectPolicy struct {
	AggregateDurationSeconds *int64           `json:"aggregateDurationSeconds,omitempty"`
	ReportIntervalSeconds    *int64           `json:"reportIntervalSeconds,omitempty"`
	NodeAggregatePolicy      *AggregatePolicy `json:"nodeAggregatePolicy,omitempty"`
	NodeMemoryCollectPolicy  *string          `json:"nodeMemoryCollectPolicy,omitempty"`
}

// NodeMetricSpec is the spec.
type NodeMetricSpec struct {
	MetricCollectPolicy *CollectPolicy `json:"metricCollectPolicy,omitempty"`
}

// NodeMetric is slo.koordinator.sh/v1alpha1 NodeMetric.
type NodeMetric struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              NodeMetricSpec  `json:"spec,omitempty"`
	Status            json.RawMessage `json:"status,omitempty"`
}

// NodeMetricList is a list of NodeMetrics.
type NodeMetricList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []NodeMetric `json:"items"`
}

func (in *CollectPolicy) DeepCopy() *CollectPolicy {
	if in == nil {
		return nil
	}
	b, _ := json.Marshal(in)
	out := &CollectPolicy{}
	_ = json.Unmarshal(b, out)
	return out
}

func (in *NodeMetric) DeepCopyInto(out *NodeMetric) {
	*out = *in
	out.TypeMeta = in.TypeMeta
	in.ObjectMeta.DeepCopyInto(&out.ObjectMeta)
	out.Spec.MetricCollectPolicy = in.Spec.MetricCollectPolicy.copyFast()
	if in.Status != nil {
		out.Status = append(json.RawMessage(nil), in.Status...)
	}
}

// copyFast copies a policy field by field (what deepcopy-gen would write).
func (in *CollectPolicy) copyFast() *CollectPolicy {
	if in == nil {
		return nil
	}
	out := &CollectPolicy{}
	if in.AggregateDurationSeconds != nil {
		v := *in.AggregateDurationSeconds
		out.AggregateDurationSeconds = &v
	}
	if in.ReportIntervalSeconds != nil {
		v := *in.ReportIntervalSeconds
		out.ReportIntervalSeconds = &v
	}
	if in.NodeAggregatePolicy != nil {
		out.NodeAggregatePolicy = &AggregatePolicy{Durations: append([]string(nil), in.NodeAggregatePolicy.Durations...)}
	}
	if in.NodeMemoryCollectPolicy != nil {
		v := *in.NodeMemoryCollectPolicy
		out.NodeMemoryCollectPolicy = &v
	}
	return out
}

func (in *NodeMetric) DeepCopy() *NodeMetric {
	if in == nil {
		return nil
	}
	out := &NodeMetric{}
	in.DeepCopyInto(out)
	return out
}

func (in *NodeMetric) DeepCopyObject() runtime.Object { return in.DeepCopy() }

func (in *NodeMetricList) DeepCopyObject() runtime.Object {
	if in == nil {
		return nil
	}
	out := &NodeMetricList{TypeMeta: in.TypeMeta}
	in.ListMeta.DeepCopyInto(&out.ListMeta)
	if in.Items != nil {
		out.Items = make([]NodeMetric, len(in.Items))
		for i := range in.Items {
			in.Items[i].DeepCopyInto(&out.Items[i])
		}
	}
	return out
}

// addNodeMetricTypes registers NodeMetric and NodeMetricList.
func addNodeMetricTypes(scheme *runtime.Scheme) error {
	gv := schema.GroupVersion{Group: "slo.koordinator.sh", Version: "v1alpha1"}
	scheme.AddKnownTypes(gv, &NodeMetric{}, &NodeMetricList{})
	metav1.AddToGroupVersion(scheme, gv)
	return nil
}
