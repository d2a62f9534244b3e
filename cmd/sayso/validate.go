package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/surveys"
)

func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("validate", "[PATH...]",
		"Checks survey definition files, or every *.yaml file in the folders given.\n"+
			"With no path, checks the surveys shipped in the binary. Prints one\n"+
			"file:line:col: message line per problem and exits 1 if there are any.", stderr)
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	var err error
	if fs.NArg() == 0 {
		_, err = survey.ReadDir(surveys.FS, "surveys")
	} else {
		var files []survey.File
		files, err = readDefinitionFiles(fs.Args())
		if err == nil {
			_, err = survey.NewCatalogue(files)
		}
	}
	var problems survey.Problems
	switch {
	case errors.As(err, &problems):
		for _, p := range problems {
			fmt.Fprintln(stdout, p)
		}
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "sayso validate: %v\n", err)
		return 1
	}
	return 0
}

// readDefinitionFiles reads the files named, and the definition files at
// the top of each folder named.
func readDefinitionFiles(paths []string) ([]survey.File, error) {
	var files []survey.File
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		names := []string{p}
		if info.IsDir() {
			entries, err := os.ReadDir(p)
			if err != nil {
				return nil, err
			}
			names = names[:0]
			for _, e := range entries {
				if !e.IsDir() && survey.IsDefinitionFile(e.Name()) {
					names = append(names, filepath.Join(p, e.Name()))
				}
			}
			if len(names) == 0 {
				return nil, fmt.Errorf("no survey definitions (*.yaml) in %s", p)
			}
		}
		for _, name := range names {
			data, err := readLimited(name, survey.MaxDefinitionSize+1)
			if err != nil {
				return nil, err
			}
			files = append(files, survey.File{Name: name, Data: data})
		}
	}
	return files, nil
}

// readLimited reads at most limit bytes of a file, so a huge file given by
// mistake is refused by the parser rather than read whole.
func readLimited(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}
