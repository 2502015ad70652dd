// Command go-deadconn is the client-go side of bench/dead-connection.ts: a dynamic shared
// informer on the ConfigMaps of one namespace, with client-go v0.37 defaults (HTTP/2 with its
// 30 s read-idle PING and 15 s PING timeout), reached through the bench's black-holing proxy.
//
//	go-deadconn KUBECONFIG NAMESPACE
//
// Prints "ready" once synced, then "seen NAME UNIX_MS" for every ConfigMap added after that,
// and "error UNIX_MS MESSAGE" for every watch error the reflector reports. Exits when stdin closes.
package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: go-deadconn KUBECONFIG NAMESPACE")
		os.Exit(2)
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", os.Args[1])
	if err != nil {
		panic(err)
	}
	cfg.QPS = -1
	client, err := dynamic.NewForConfig(cfg)
	if err != nil {
		panic(err)
	}
	out := bufio.NewWriter(os.Stdout)
	lines := make(chan string, 64)
	go func() {
		for l := range lines {
			out.WriteString(l + "\n")
			out.Flush()
		}
	}()
	factory := dynamicinformer.NewFilteredDynamicSharedInformerFactory(client, 0, os.Args[2], nil)
	informer := factory.ForResource(schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}).Informer()
	synced := false
	_ = informer.SetWatchErrorHandler(func(_ *cache.Reflector, err error) {
		lines <- fmt.Sprintf("error %d %s", time.Now().UnixMilli(), err.Error())
	})
	_, _ = informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj interface{}) {
			if !synced {
				return
			}
			u := obj.(*unstructured.Unstructured)
			lines <- fmt.Sprintf("seen %s %d", u.GetName(), time.Now().UnixMilli())
		},
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	factory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), informer.HasSynced) {
		panic("never synced")
	}
	synced = true
	lines <- "ready"
	// Runs until the parent closes stdin.
	buf := make([]byte, 1)
	for {
		if _, err := os.Stdin.Read(buf); err != nil {
			return
		}
	}
}
