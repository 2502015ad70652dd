package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
	"k8s.io/klog/v2"
)

// runLeader campaigns for a Lease with client-go's leaderelection and reports, as JSON lines,
// "started leading", "new leader" and "stopped leading"; SIGTERM releases the lease and exits.
func runLeader(argv []string) error {
	fs := flag.NewFlagSet("leader", flag.ExitOnError)
	identity := fs.String("identity", "", "holder identity")
	namespace := fs.String("namespace", "koordinator-system", "Lease namespace")
	name := fs.String("name", "failover-bench", "Lease name")
	leaseMs := fs.Int("lease-ms", 15000, "lease duration")
	renewMs := fs.Int("renew-ms", 10000, "renew deadline")
	retryMs := fs.Int("retry-ms", 2000, "retry period")
	_ = fs.Parse(argv)
	if fs.NArg() != 1 || *identity == "" {
		return fmt.Errorf("usage: go-controller leader -identity ID [flags] KUBECONFIG")
	}
	// Quiet, as the other side: only errors reach stderr.
	kfs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(kfs)
	_ = kfs.Set("logtostderr", "false")
	_ = kfs.Set("alsologtostderr", "false")
	_ = kfs.Set("stderrthreshold", "ERROR")
	klog.SetOutput(io.Discard)
	cfg, err := clientcmd.BuildConfigFromFlags("", fs.Arg(0))
	if err != nil {
		return err
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	lock := &resourcelock.LeaseLock{
		LeaseMeta:  metav1.ObjectMeta{Namespace: *namespace, Name: *name},
		Client:     cs.CoordinationV1(),
		LockConfig: resourcelock.ResourceLockConfig{Identity: *identity},
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	emit(map[string]any{"msg": "starting", "identity": *identity})
	leaderelection.RunOrDie(ctx, leaderelection.LeaderElectionConfig{
		Lock:            lock,
		LeaseDuration:   time.Duration(*leaseMs) * time.Millisecond,
		RenewDeadline:   time.Duration(*renewMs) * time.Millisecond,
		RetryPeriod:     time.Duration(*retryMs) * time.Millisecond,
		ReleaseOnCancel: true,
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: func(context.Context) { emit(map[string]any{"msg": "started leading", "identity": *identity}) },
			OnStoppedLeading: func() { emit(map[string]any{"msg": "stopped leading", "identity": *identity}) },
			OnNewLeader:      func(id string) { emit(map[string]any{"msg": "new leader", "leader": id}) },
		},
	})
	emit(map[string]any{"msg": "stopped", "identity": *identity})
	return nil
}
