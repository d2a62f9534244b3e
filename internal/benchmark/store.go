package benchmark

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// Add checks a benchmark file against its survey and stores it; replace
// lets it take the place of one of the same name.
func Add(ctx context.Context, db *store.DB, file string, data []byte, lookup func(string) (*survey.Definition, bool), replace bool) (*Benchmark, error) {
	b, err := Parse(file, data, lookup)
	if err != nil {
		return nil, err
	}
	return b, db.AddBenchmark(ctx, store.StoredBenchmark{Name: b.Name, Survey: b.Survey, File: data}, replace)
}

// AddDir adds every *.yaml file at the top of a folder, each replacing a
// benchmark of its name: the folder is the truth for what it holds. The
// files are all checked before any is stored.
func AddDir(ctx context.Context, db *store.DB, dir string, lookup func(string) (*survey.Definition, bool)) ([]*Benchmark, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var problems survey.Problems
	var out []*Benchmark
	files := map[*Benchmark][]byte{}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		b, err := Parse(name, data, lookup)
		var ps survey.Problems
		if errors.As(err, &ps) {
			problems = append(problems, ps...)
			continue
		}
		if i := slices.IndexFunc(out, func(o *Benchmark) bool { return o.Name == b.Name }); i >= 0 {
			return nil, fmt.Errorf("%s and another file in %s are both named %q; give each benchmark its own name", name, dir, b.Name)
		}
		out, files[b] = append(out, b), data
	}
	if len(problems) > 0 {
		return nil, problems
	}
	for _, b := range out {
		if err := db.AddBenchmark(ctx, store.StoredBenchmark{Name: b.Name, Survey: b.Survey, File: files[b]}, true); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ForSurvey reads the benchmarks stored for a survey: national first, then
// the newest year, then by name.
func ForSurvey(ctx context.Context, db *store.DB, surveyID string) ([]*Benchmark, error) {
	stored, err := db.Benchmarks(ctx, surveyID)
	if err != nil {
		return nil, err
	}
	var out []*Benchmark
	for _, s := range stored {
		b, err := Parse(s.Name, s.File, nil)
		if err != nil {
			return nil, fmt.Errorf("benchmark %s no longer reads: %w", s.Name, err)
		}
		out = append(out, b)
	}
	slices.SortStableFunc(out, func(a, b *Benchmark) int {
		switch {
		case (a.Scope == National) != (b.Scope == National):
			if a.Scope == National {
				return -1
			}
			return 1
		case a.Year != b.Year:
			return b.Year - a.Year
		}
		return 0
	})
	return out, nil
}

// Lookup finds a survey's definition in a catalogue, for Parse.
func Lookup(c *survey.Catalogue) func(string) (*survey.Definition, bool) {
	return func(id string) (*survey.Definition, bool) {
		s, ok := c.Survey(id)
		if !ok {
			return nil, false
		}
		return s.Definition, true
	}
}
