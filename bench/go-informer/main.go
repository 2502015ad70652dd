// Command go-informer is the client-go side of bench/informer-sync.ts, measured the same way as
// the TypeScript informers: for -kind=nodemetrics (the default) a dynamic shared informer
// (dynamicinformer.NewFilteredDynamicSharedInformerFactory) on slo.koordinator.sh/v1alpha1
// nodemetrics; for -kind=pods the typed Pod informer of client-go's generated informer factory
// (informers.NewSharedInformerFactoryWithOptions(...).Core().V1().Pods()), across all namespaces.
//
//	go-informer [-kind=K] KUBECONFIG              # sync: prints {"syncMs","rssBytes","heapBytes",...}
//	go-informer [-kind=K] KUBECONFIG events N     # after sync, prints "ready", then counts N update
//	                                              # notifications and prints {"events","firstToLastMs",...}
//	go-informer [-kind=K] KUBECONFIG replay N RV  # lists at exactly resourceVersion RV, so that the watch
//	                                              # replays every change since RV; counts N updates as above
//
// Client-side rate limiting is off (QPS -1), as in the TypeScript clients under test. Set
// KUBE_FEATURE_WatchListClient=false to load the initial state with a list instead of client-go's
// default streaming list (WatchList); replay needs it (a streaming list cannot start at an exact
// resourceVersion). With -protobuf the typed informer talks protobuf instead of JSON (what
// Kubernetes' own components do; only built-in kinds have it).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	clientfeatures "k8s.io/client-go/features"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

var nodeMetrics = schema.GroupVersionResource{Group: "slo.koordinator.sh", Version: "v1alpha1", Resource: "nodemetrics"}

type memory struct {
	rss  uint64 // resident set size now
	heap uint64 // live heap after a full GC
}

// settle runs a full GC and returns freed pages to the OS, like the Node side's gc() calls.
func settle() {
	runtime.GC()
	debug.FreeOSMemory()
}

func readMemory() memory {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memory{rss: residentBytes(), heap: ms.HeapAlloc}
}

// residentBytes reads the current RSS from /proc/self/statm (second field, in pages).
func residentBytes() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseUint(f[1], 10, 64)
	return pages * uint64(os.Getpagesize())
}

func peakResidentBytes() uint64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return uint64(ru.Maxrss) * 1024
}

// cpuMs is the CPU time (user + system) of this process so far, in ms.
func cpuMs() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}

func delta(a, b uint64) int64 { return int64(a) - int64(b) }

func emit(v any) {
	out, err := json.Marshal(v)
	if err != nil {
		fail(err)
	}
	fmt.Println(string(out))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "go-informer:", err)
	os.Exit(1)
}

// waitSynced polls HasSynced every millisecond: cache.WaitForCacheSync polls every 100 ms, which
// would blur the figure being measured.
func waitSynced(ctx context.Context, inf cache.SharedIndexInformer) {
	for !inf.HasSynced() {
		select {
		case <-ctx.Done():
			fail(fmt.Errorf("cache did not sync: %w", ctx.Err()))
		case <-time.After(time.Millisecond):
		}
	}
}

// runOnly runs one informer without a factory (the typed NodeMetric informer of typed.go).
type runOnly struct{ informer cache.SharedIndexInformer }

func (r runOnly) Start(stopCh <-chan struct{}) { go r.informer.Run(stopCh) }
func (r runOnly) Shutdown()                    {}

// sharedInformers is what the measurement needs from either informer factory.
type sharedInformers interface {
	Start(stopCh <-chan struct{})
	Shutdown()
}

// informerUnderTest is the client for kind, with its one-object warm-up list and a function that
// creates the factory and the informer (when the clock runs).
func informerUnderTest(kind string, typed bool, cfg *rest.Config, tweak func(*metav1.ListOptions)) (warmUp func(context.Context) error, create func() (sharedInformers, cache.SharedIndexInformer)) {
	switch kind {
	case "nodemetrics":
		client, err := dynamic.NewForConfig(cfg)
		if err != nil {
			fail(err)
		}
		warmUp = func(ctx context.Context) error {
			_, err := client.Resource(nodeMetrics).List(ctx, metav1.ListOptions{Limit: 1})
			return err
		}
		return warmUp, func() (sharedInformers, cache.SharedIndexInformer) {
			if typed {
				informer, err := newTypedInformer(cfg, tweak)
				if err != nil {
					fail(err)
				}
				return runOnly{informer}, informer
			}
			f := dynamicinformer.NewFilteredDynamicSharedInformerFactory(client, 0, metav1.NamespaceAll, tweak)
			return f, f.ForResource(nodeMetrics).Informer()
		}
	case "pods":
		client, err := kubernetes.NewForConfig(cfg)
		if err != nil {
			fail(err)
		}
		warmUp = func(ctx context.Context) error {
			_, err := client.CoreV1().Pods(metav1.NamespaceAll).List(ctx, metav1.ListOptions{Limit: 1})
			return err
		}
		return warmUp, func() (sharedInformers, cache.SharedIndexInformer) {
			opts := []informers.SharedInformerOption{}
			if tweak != nil {
				opts = append(opts, informers.WithTweakListOptions(tweak))
			}
			f := informers.NewSharedInformerFactoryWithOptions(client, 0, opts...)
			return f, f.Core().V1().Pods().Informer()
		}
	default:
		fail(fmt.Errorf("unknown -kind %q (nodemetrics or pods)", kind))
		return nil, nil
	}
}

func main() {
	kind := flag.String("kind", "nodemetrics", "what to cache: nodemetrics (dynamic informer) or pods (typed informer)")
	protobuf := flag.Bool("protobuf", false, "talk protobuf instead of JSON (built-in kinds only)")
	typed := flag.Bool("typed", false, "with -kind=nodemetrics: a typed NodeMetric informer (typed.go) instead of the dynamic one")
	flag.Parse()
	args := flag.Args()
	if len(args) < 1 {
		fmt.Fprintln(os.Stderr, "usage: go-informer [-kind=nodemetrics|pods] [-protobuf] KUBECONFIG [events N | replay N RV]")
		os.Exit(2)
	}
	kubeconfig := args[0]
	eventsWanted := 0
	replayFrom := ""
	if len(args) >= 3 && (args[1] == "events" || args[1] == "replay") {
		n, err := strconv.Atoi(args[2])
		if err != nil {
			fail(err)
		}
		eventsWanted = n
		if args[1] == "replay" {
			if len(args) < 4 {
				fail(fmt.Errorf("replay needs a resourceVersion"))
			}
			replayFrom = args[3]
		}
	}

	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		fail(err)
	}
	cfg.QPS = -1 // no client-side rate limit
	if *protobuf {
		cfg.ContentType = "application/vnd.kubernetes.protobuf"
		cfg.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	var updates atomic.Int64
	var firstNs, lastNs atomic.Int64
	var cpuFirst, cpuLast float64 // written by the handler goroutine before done is closed
	done := make(chan struct{})

	var tweak func(*metav1.ListOptions)
	if replayFrom != "" {
		// The first page of the initial list (not its continuations, not the watch) is read at
		// exactly replayFrom; the watch then resumes from there.
		tweak = func(o *metav1.ListOptions) {
			if !o.AllowWatchBookmarks && !o.Watch && o.Continue == "" {
				o.ResourceVersion = replayFrom
				o.ResourceVersionMatch = metav1.ResourceVersionMatchExact
			}
		}
	}
	warmUp, create := informerUnderTest(*kind, *typed, cfg, tweak)
	// Warm up: connection, TLS, discovery-free code paths.
	if err := warmUp(ctx); err != nil {
		fail(err)
	}
	settle()
	base := readMemory()

	t0 := time.Now()
	cpu0 := cpuMs()
	factory, informer := create()
	if eventsWanted > 0 {
		_, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
			UpdateFunc: func(_, _ any) {
				now := time.Now().UnixNano()
				n := updates.Add(1)
				if n == 1 {
					firstNs.Store(now)
					cpuFirst = cpuMs()
				}
				lastNs.Store(now)
				if n == int64(eventsWanted) {
					cpuLast = cpuMs()
					close(done)
				}
			},
		})
		if err != nil {
			fail(err)
		}
	}
	factory.Start(ctx.Done())
	waitSynced(ctx, informer)
	syncedNs := time.Now().UnixNano()
	cpuSynced := cpuMs()
	syncMs := float64(time.Since(t0).Microseconds()) / 1000
	syncCPUMs := cpuSynced - cpu0
	objects := len(informer.GetStore().ListKeys())

	if eventsWanted == 0 {
		settle()
		mem := readMemory()
		emit(map[string]any{
			"impl":          "client-go",
			"syncMs":        syncMs,
			"cpuMs":         syncCPUMs,
			"objects":       objects,
			"rssBytes":      delta(mem.rss, base.rss),
			"heapBytes":     delta(mem.heap, base.heap),
			"peakRssBytes":  peakResidentBytes(),
			"watchList":     clientfeatures.FeatureGates().Enabled(clientfeatures.WatchListClient),
			"goVersion":     runtime.Version(),
			"baseRssBytes":  base.rss,
			"baseHeapBytes": base.heap,
		})
		cancel() // stops the informers; Shutdown waits for them
		factory.Shutdown()
		return
	}

	// Events: tell the parent we are ready, then count update notifications.
	if replayFrom == "" {
		fmt.Println("ready")
	}
	in := bufio.NewReader(os.Stdin)
	go func() {
		_, _ = in.ReadString('\n') // the parent closing stdin means give up
		cancel()
	}()
	complete := false
	select {
	case <-done:
		complete = true
	case <-ctx.Done():
	}
	n := updates.Load()
	cpuSpan, cpuSyncedToLast := 0.0, 0.0
	if complete {
		cpuSpan = cpuLast - cpuFirst
		cpuSyncedToLast = cpuLast - cpuSynced
	}
	span := float64(lastNs.Load()-firstNs.Load()) / 1e6
	rate := 0.0
	if span > 0 && n > 1 {
		rate = float64(n-1) / (span / 1000)
	}
	emit(map[string]any{
		"impl":          "client-go",
		"events":        n,
		"firstToLastMs": span,
		"eventsPerSec":  rate,
		"cpuMs":         cpuSpan,
		"firstEventAt":  firstNs.Load() / 1e6,
		"lastEventAt":   lastNs.Load() / 1e6,
		// the span of a replay from memory: from synced to the last update
		"syncedAt":          float64(syncedNs) / 1e6,
		"cpuSyncedToLastMs": cpuSyncedToLast,
	})
	cancel()
	factory.Shutdown()
}
