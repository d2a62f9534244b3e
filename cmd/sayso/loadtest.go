package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/sayso/sayso/internal/loadtest"
)

func runLoadtest(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("loadtest", "--url URL --code CODE [flags]",
		"Submits valid random responses to a running server through POST /api/v1/responses,\n"+
			"from many concurrent clients, and prints responses/s and p50/p99 latency.\n"+
			"Every response is really stored: point it at a test database.", stderr)
	url := fs.String("url", "http://127.0.0.1:8080", "the server's base URL")
	code := fs.String("code", "", "a wave's link code (required)")
	concurrency := fs.Int("concurrency", 64, "concurrent clients")
	duration := fs.Duration("duration", 30*time.Second, "how long to run, at most 1h")
	seed := fs.Uint64("seed", 1, "seed for the random answers")
	acknowledged := fs.String("acknowledged", "", "write to this file a marker for each response the server acknowledged (201), one a line;\neach response carries its marker in its first free-text answer")
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	if *code == "" || *concurrency < 1 || *concurrency > 10000 || *duration <= 0 || *duration > time.Hour {
		fmt.Fprintln(stderr, "sayso loadtest: --code is required, --concurrency 1 to 10000, --duration up to 1h")
		return 2
	}
	var markers *os.File
	if *acknowledged != "" {
		var err error
		if markers, err = os.Create(*acknowledged); err != nil {
			fmt.Fprintf(stderr, "sayso loadtest: %v\n", err)
			return 1
		}
		defer markers.Close()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := loadtest.Run(ctx, loadtest.Config{URL: *url, Code: *code, Concurrency: *concurrency, Duration: *duration, Seed: *seed, Marked: markers != nil})
	if err != nil {
		fmt.Fprintf(stderr, "sayso loadtest: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "concurrency %d, duration %s\n%s\n", *concurrency, *duration, res)
	if markers != nil {
		w := bufio.NewWriter(markers)
		for _, m := range res.Acknowledged {
			fmt.Fprintln(w, m)
		}
		if err := errors.Join(w.Flush(), markers.Close()); err != nil {
			fmt.Fprintf(stderr, "sayso loadtest: writing %s: %v\n", *acknowledged, err)
			return 1
		}
	}
	if res.Created == 0 {
		return 1
	}
	return 0
}
