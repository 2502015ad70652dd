// Command go-informer is the client-go side of bench/informer-sync.ts: a dynamic shared informer
// (dynamicinformer.NewFilteredDynamicSharedInformerFactory) on slo.koordinator.sh/v1alpha1
// nodemetrics, or with -typed a typed one (NodeMetric structs, a gentype client, see typed.go),
// measured the same way as the TypeScript informers.
//
//	go-informer [-typed] KUBECONFIG     # sync: prints {"syncMs","rssBytes","heapBytes",...}
//	go-informer KUBECONFIG events N     # after sync, prints "ready", then counts N update
//	                                    # notifications and prints {"events","firstToLastMs",...}
//	go-informer KUBECONFIG replay N RV  # lists at exactly resourceVersion RV, so that the watch
//	                                    # replays every change since RV; counts N updates as above
//
// Client-side rate limiting is off (QPS -1), as in the TypeScript clients under test. Set
// KUBE_FEATURE_WatchListClient=false to load the initial state with a list instead of client-go's
// default streaming list (WatchList); replay needs it (a streaming list cannot start at an exact
// resourceVersion).
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

func main() {
	typed := flag.Bool("typed", false, "a typed NodeMetric informer instead of the dynamic one")
	flag.Parse()
	args := flag.Args()
	if len(args) < 1 {
		fmt.Fprintln(os.Stderr, "usage: go-informer [-typed] KUBECONFIG [events N | replay N RV]")
		os.Exit(2)
	}
	impl := "client-go"
	if *typed {
		impl = "client-go/typed"
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
	client, err := dynamic.NewForConfig(cfg)
	if err != nil {
		fail(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	// Warm up: connection, TLS, discovery-free code paths.
	if _, err := client.Resource(nodeMetrics).List(ctx, metav1.ListOptions{Limit: 1}); err != nil {
		fail(err)
	}
	settle()
	base := readMemory()

	var updates atomic.Int64
	var firstNs, lastNs atomic.Int64
	var cpuFirst, cpuLast float64 // written by the handler goroutine before done is closed
	done := make(chan struct{})

	t0 := time.Now()
	cpu0 := cpuMs()
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
	var informer cache.SharedIndexInformer
	var start func()
	var shutdown func()
	if *typed {
		informer, err = newTypedInformer(cfg, tweak)
		if err != nil {
			fail(err)
		}
		stopped := make(chan struct{})
		start = func() {
			go func() {
				informer.RunWithContext(ctx)
				close(stopped)
			}()
		}
		shutdown = func() { <-stopped }
	} else {
		factory := dynamicinformer.NewFilteredDynamicSharedInformerFactory(client, 0, metav1.NamespaceAll, tweak)
		informer = factory.ForResource(nodeMetrics).Informer()
		start = func() { factory.Start(ctx.Done()) }
		shutdown = factory.Shutdown
	}
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
	start()
	waitSynced(ctx, informer)
	syncMs := float64(time.Since(t0).Microseconds()) / 1000
	syncCPUMs := cpuMs() - cpu0
	objects := len(informer.GetStore().ListKeys())

	if eventsWanted == 0 {
		settle()
		mem := readMemory()
		emit(map[string]any{
			"impl":          impl,
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
		shutdown()
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
	cpuSpan := 0.0
	if complete {
		cpuSpan = cpuLast - cpuFirst
	}
	span := float64(lastNs.Load()-firstNs.Load()) / 1e6
	rate := 0.0
	if span > 0 && n > 1 {
		rate = float64(n-1) / (span / 1000)
	}
	emit(map[string]any{
		"impl":          impl,
		"events":        n,
		"firstToLastMs": span,
		"eventsPerSec":  rate,
		"cpuMs":         cpuSpan,
		"firstEventAt":  firstNs.Load() / 1e6,
		"lastEventAt":   lastNs.Load() / 1e6,
	})
	cancel()
	shutdown()
}
