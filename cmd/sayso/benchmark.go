package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/sayso/sayso/internal/benchmark"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

func runBenchmark(args []string, stdout, stderr io.Writer) int {
	usage := "Usage: sayso benchmark SUBCOMMAND [flags]\n\n" +
		"  add    check a benchmark file against its survey and load it\n" +
		"  list   list the benchmarks loaded\n\n" +
		"The file format is in docs/benchmark-format.md.\n\n" +
		"Run 'sayso benchmark SUBCOMMAND --help' for its flags.\n"
	return subcommands(args, stdout, stderr, usage, map[string]func([]string, io.Writer, io.Writer) int{
		"add":  runBenchmarkAdd,
		"list": runBenchmarkList,
	})
}

func runBenchmarkAdd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("benchmark add", "FILE [--replace] [flags]",
		"Checks a benchmark file (YAML) against the definition of its survey and loads it\n"+
			"into the database, to be shown beside that survey's scores. Prints one\n"+
			"file:line:col: message line per problem and exits 1 if there are any.", stderr)
	dbPath := dbFlag(fs)
	surveysDir := surveysFlag(fs)
	replace := fs.Bool("replace", false, "replace a benchmark of the same name")
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "sayso benchmark add: give one file, such as: sayso benchmark add national-2025.yaml")
		return 2
	}
	fail := failer(stderr, "benchmark add")
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return fail(err)
	}
	catalogue, err := loadSurveys(*surveysDir)
	if err != nil {
		return fail(err)
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return fail(err)
	}
	defer db.Close()
	ctx := context.Background()
	b, err := benchmark.Add(ctx, db, fs.Arg(0), data, benchmark.Lookup(catalogue), *replace)
	var problems survey.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Fprintln(stdout, p)
		}
		return 1
	}
	if err != nil {
		return fail(err)
	}
	if err := db.Audit(ctx, cliActor, "add benchmark", b.Name+": "+b.Label()); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "Loaded benchmark %s: %s\n", b.Name, b.Label())
	return 0
}

func runBenchmarkList(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("benchmark list", "[flags]", "Lists the benchmarks loaded: name, survey, scope, year, source.", stderr)
	dbPath := dbFlag(fs)
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	return withDB(*dbPath, failer(stderr, "benchmark list"), func(ctx context.Context, db *store.DB) error {
		stored, err := db.Benchmarks(ctx, "")
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "NAME\tSURVEY\tADDED\tWHAT")
		for _, s := range stored {
			b, err := benchmark.Parse(s.Name, s.File, nil)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", s.Name, s.Survey, s.AddedOn, b.Label())
		}
		return w.Flush()
	})
}
