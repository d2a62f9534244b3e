package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/sayso/sayso/internal/report"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
)

func runReport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("report", "--wave ID [--compare ID|previous|none] --out FILE [flags]",
		"Writes the board report of a wave, compared with another wave of its survey, as one\n"+
			"HTML file with its styles and charts inside: open it in a browser and print it to A4.", stderr)
	dbPath := dbFlag(fs)
	wave := fs.Int64("wave", 0, "the wave to report on (required)")
	compare := fs.String("compare", "previous", "the wave to compare it with: an id, previous (the wave of the survey before it), or none")
	out := fs.String("out", "", "the file to write, such as report.html (required)")
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	if *wave <= 0 || *out == "" {
		fmt.Fprintln(stderr, "sayso report: --wave and --out are required, such as: sayso report --wave 3 --out report.html")
		return 2
	}
	sel := report.Selection{Wave: *wave}
	switch *compare {
	case "previous":
	case "none":
		sel.With = report.NoComparison
	default:
		id, err := strconv.ParseInt(*compare, 10, 64)
		if err != nil || id <= 0 {
			fmt.Fprintf(stderr, "sayso report: --compare %q is not a wave id, previous or none\n", *compare)
			return 2
		}
		sel.With = id
	}
	return withDB(*dbPath, failer(stderr, "report"), func(ctx context.Context, db *store.DB) error {
		r, err := report.Build(ctx, results.NewService(db), db, sel)
		if err != nil {
			return err
		}
		if err := writeReport(*out, r); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Wrote %s: %s", *out, r.Later.Name)
		if r.Earlier != nil {
			fmt.Fprintf(stdout, " compared with %s", r.Earlier.Name)
		}
		fmt.Fprintln(stdout)
		return nil
	})
}

// writeReport writes the report beside its final name first, so that a
// failure never leaves half a report where the last one was.
func writeReport(path string, r *report.Report) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*.html")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := report.Render(tmp, r, time.Now()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
