package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/sayso/sayso/internal/store"
)

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", "",
		"Prints Sayso's version (the module version, or the source revision it was\n"+
			"built from and whether that had uncommitted changes) and the version of the\n"+
			"SQLite library built into it.", stderr)
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "sayso version: takes no arguments, but was given %q\n", strings.Join(fs.Args(), " "))
		return 2
	}
	sqlite, err := store.SQLiteVersion(context.Background())
	if err != nil {
		fmt.Fprintf(stderr, "sayso version: reading the SQLite version: %v\n", err)
		return 1
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintf(stdout, "Sayso %s\nSQLite %s\n", saysoVersion(info), sqlite)
	return 0
}

// saysoVersion names the build: its module version when it was built as a
// versioned module, otherwise the source revision it was built from, and
// "devel" when the build recorded neither (info is nil when the binary has
// no build information).
func saysoVersion(info *debug.BuildInfo) string {
	if info == nil {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var revision string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	switch {
	case revision == "":
		return "devel"
	case modified:
		return "revision " + revision + " (modified)"
	}
	return "revision " + revision
}
