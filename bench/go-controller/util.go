package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/go-logr/logr"
)

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// normalize turns json.Numbers into int64 (or float64) so that decoded values compare equal.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
		return x
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	}
	return v
}

func durationPtr(d time.Duration) *time.Duration { return &d }

func discardLogger() logr.Logger { return logr.Discard() }

// emit prints one JSON line with the time in ms since the epoch.
func emit(fields map[string]any) {
	fields["at"] = time.Now().UnixMilli()
	b, _ := json.Marshal(fields)
	fmt.Fprintln(os.Stdout, string(b))
}
