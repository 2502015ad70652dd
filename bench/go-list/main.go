// go-list: client-go's side of bench/compression.ts. One unpaginated list of NodeMetrics through
// the dynamic client, with or without DisableCompression.
//
// Usage: go-list <kubeconfig> <server> <disable-compression: true|false>
// Protocol: after a warm-up request it prints "ready", waits for one line on stdin, lists, and
// prints one JSON line {"ms":..,"cpuMs":..,"items":..}.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/tools/clientcmd"
)

func cpuMs() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: go-list <kubeconfig> <server> <disable-compression>")
		os.Exit(2)
	}
	cfg, err := clientcmd.BuildConfigFromFlags(os.Args[2], os.Args[1])
	if err != nil {
		panic(err)
	}
	cfg.QPS = -1
	cfg.DisableCompression = os.Args[3] == "true"
	client := dynamic.NewForConfigOrDie(cfg).Resource(schema.GroupVersionResource{Group: "slo.koordinator.sh", Version: "v1alpha1", Resource: "nodemetrics"})
	ctx := context.Background()
	if _, err := client.List(ctx, metav1.ListOptions{Limit: 1}); err != nil {
		panic(err)
	}
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		panic(err)
	}
	c0 := cpuMs()
	t0 := time.Now()
	list, err := client.List(ctx, metav1.ListOptions{})
	if err != nil {
		panic(err)
	}
	ms := float64(time.Since(t0).Microseconds()) / 1000
	out, _ := json.Marshal(map[string]any{"ms": ms, "cpuMs": cpuMs() - c0, "items": len(list.Items)})
	fmt.Println(string(out))
}
