package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/sayso/sayso/internal/demo"
)

func runDemo(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("demo", "[flags]",
		"Fills a new database with a made-up council: three yearly health checks of 120 to 180\n"+
			"responses whose scores move between years, an open pulse wave and \"You said, we did\"\n"+
			"actions. The same seed always makes the same answers. A database that already has a\n"+
			"wave is refused, so demo answers are never mixed with real ones.", stderr)
	dbPath := dbFlag(fs)
	initDB := initFlag(fs)
	surveysDir := surveysFlag(fs)
	seedDefault := uint64(1)
	if v := envOr("SAYSO_DEMO_SEED", ""); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			fmt.Fprintf(stderr, "sayso demo: SAYSO_DEMO_SEED=%q is not a whole number\n", v)
			return 2
		}
		seedDefault = n
	}
	seed := fs.Uint64("seed", seedDefault, "the seed the answers are made from (env SAYSO_DEMO_SEED)")
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	catalogue, err := loadSurveys(*surveysDir)
	if err != nil {
		fmt.Fprintf(stderr, "sayso demo: the survey definitions are not valid:\n%v\n", err)
		return 1
	}
	db, err := openOrInitDB(*dbPath, *initDB)
	if err != nil {
		fmt.Fprintf(stderr, "sayso demo: %v\n", err)
		return 1
	}
	defer db.Close()
	ctx := context.Background()
	sum, err := demo.Seed(ctx, db, catalogue, *seed, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "sayso demo: %v\n", err)
		return 1
	}
	if err := db.Audit(ctx, auditActor, "seed demo data", fmt.Sprintf("seed %d: %d waves, %d actions", *seed, len(sum.Waves), sum.Actions)); err != nil {
		fmt.Fprintf(stderr, "sayso demo: the demo data was stored, but writing the audit log failed: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Seeded %s with demo data (seed %d):\n", *dbPath, *seed)
	for _, w := range sum.Waves {
		state := "closed"
		if w.Open {
			state = "open"
		}
		fmt.Fprintf(stdout, "  wave %d  %-22s %3d responses, %s\n", w.ID, w.Name, w.Responses, state)
	}
	fmt.Fprintf(stdout, "  %d \"You said, we did\" actions\n", sum.Actions)
	fmt.Fprintf(stdout, "  one benchmark: %s\n", sum.Benchmark)
	return 0
}
