package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// newFlags makes a subcommand's flag set, with --help that prints the
// usage line, the description and the flags.
func newFlags(name, args, description string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: sayso %s %s\n\n%s\n", name, args, description)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(out, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args and says what the caller should return: done is
// true when the caller should exit with status (help shown, or bad flags).
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (status int, done bool) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return 0, true
	case err != nil:
		return 2, true
	}
	return 0, false
}

// subcommands runs the subcommand args[0] names, or prints the usage.
func subcommands(args []string, stdout, stderr io.Writer, usage string, run map[string]func([]string, io.Writer, io.Writer) int) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if sub, ok := run[args[0]]; ok {
		return sub(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "unknown subcommand %q\n\n%s", args[0], usage)
	return 2
}
