// Command sayso runs Sayso: the server, and the commands an operator uses
// beside it. It only wires flags and environment to the internal packages.
package main

import (
	"fmt"
	"io"
	"os"
)

// command is one subcommand. run returns the process exit status.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"serve", "start the web server", runServe},
		{"wave", "open, list and close waves", runWave},
		{"codes", "make invitation codes for a wave", runCodes},
		{"invite", "email a staff list its invitation codes", runInvite},
		{"remind", "remind by email those who have not answered", runRemind},
		{"user", "add, list, change and remove accounts that read results", runUser},
		{"token", "make, list and revoke API tokens for the results API", runToken},
		{"demo", "fill a new database with demo data", runDemo},
		{"report", "write the board report of a wave as one HTML file", runReport},
		{"backup", "copy the database safely while the server runs", runBackup},
		{"loadtest", "measure submissions against a running server", runLoadtest},
		{"benchmark", "load and list benchmark figures to compare scores with", runBenchmark},
		{"validate", "check survey definition files", runValidate},
		{"version", "print the versions of Sayso and of its SQLite", runVersion},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "sayso: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Sayso: anonymous staff health-check surveys.")
	fmt.Fprintln(w, "\nUsage: sayso COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'sayso COMMAND --help' for a command's flags.")
}
