// The Go side of bench/controller-converge.ts and bench/leader-failover.ts:
//
//	go-controller nodemetric [-qps Q -burst B -workers N] KUBECONFIG
//	    koord-manager's NodeMetric controller written with controller-runtime, the same
//	    behaviour as examples/nodemetric-controller (see nodemetric.go).
//	go-controller leader -identity ID -lease-ms L -renew-ms R -retry-ms P KUBECONFIG
//	    client-go's leaderelection on a Lease (see leader.go).
//
// Both print JSON lines on stdout; on SIGTERM they stop and print a final
// {"msg":"stopped",...} line with what they counted.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go-controller nodemetric|leader [flags] KUBECONFIG")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "nodemetric":
		err = runNodeMetric(os.Args[2:])
	case "leader":
		err = runLeader(os.Args[2:])
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
