// client-go's workqueue under the same workloads as bench/workqueue.ts: adds with duplicates
// while workers drain, and rate-limited requeues. Prints one JSON line per scenario.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/client-go/util/workqueue"
)

type result struct {
	Scenario  string  `json:"scenario"`
	Adds      int     `json:"adds"`
	Processed int64   `json:"processed"`
	Ms        float64 `json:"ms"`
}

func main() {
	adds := flag.Int("adds", 200000, "items added")
	keys := flag.Int("keys", 10000, "distinct keys")
	workers := flag.Int("workers", 4, "workers")
	flag.Parse()
	names := make([]string, *keys)
	for i := range names {
		names[i] = "ns/obj-" + strconv.Itoa(i)
	}
	out := json.NewEncoder(os.Stdout)

	// 1. Adds with duplicates while workers drain.
	{
		q := workqueue.NewTyped[string]()
		var processed int64
		var wg sync.WaitGroup
		start := time.Now()
		for w := 0; w < *workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					item, shutdown := q.Get()
					if shutdown {
						return
					}
					atomic.AddInt64(&processed, 1)
					q.Done(item)
				}
			}()
		}
		for i := 0; i < *adds; i++ {
			q.Add(names[i%*keys])
		}
		q.ShutDownWithDrain()
		wg.Wait()
		_ = out.Encode(result{"adds+drain", *adds, processed, float64(time.Since(start).Microseconds()) / 1000})
	}

	// 2. Every key fails twice (rate-limited requeue with a 1 ms base backoff), then succeeds.
	{
		limiter := workqueue.NewTypedItemExponentialFailureRateLimiter[string](time.Millisecond, 10*time.Millisecond)
		q := workqueue.NewTypedRateLimitingQueue[string](limiter)
		var processed int64
		var done int64
		var wg sync.WaitGroup
		start := time.Now()
		n := int64(*keys)
		for w := 0; w < *workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					item, shutdown := q.Get()
					if shutdown {
						return
					}
					atomic.AddInt64(&processed, 1)
					if q.NumRequeues(item) < 2 {
						q.AddRateLimited(item)
					} else {
						q.Forget(item)
						if atomic.AddInt64(&done, 1) == n {
							q.ShutDown()
						}
					}
					q.Done(item)
				}
			}()
		}
		for _, k := range names {
			q.Add(k)
		}
		wg.Wait()
		_ = out.Encode(result{"rate-limited retries", *keys, processed, float64(time.Since(start).Microseconds()) / 1000})
	}
	fmt.Fprint(os.Stderr, "")
}
