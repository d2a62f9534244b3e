package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/sayso/sayso/internal/account"
)

// stdin is where passwords are read from when it is not a terminal.
var stdin io.Reader = os.Stdin

func runUser(args []string, stdout, stderr io.Writer) int {
	usage := "Usage: sayso user add|list [flags]\n\n" +
		"  add    add an account that may read results (admin or viewer)\n" +
		"  list   list the accounts\n\n" +
		"Run 'sayso user SUBCOMMAND --help' for its flags.\n"
	return subcommands(args, stdout, stderr, usage, map[string]func([]string, io.Writer, io.Writer) int{
		"add":  runUserAdd,
		"list": runUserList,
	})
}

func runUserAdd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("user add", "--email EMAIL --role admin|viewer [flags]",
		"Adds an account. The password is asked for without echo, or read from the\n"+
			"first line of standard input when that is not a terminal; it must be at\n"+
			"least 12 characters.", stderr)
	dbPath := dbFlag(fs)
	email := fs.String("email", "", "the person's email address (required)")
	roleName := fs.String("role", "", "admin (runs waves, manages accounts) or viewer (reads results) (required)")
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "sayso user add: %v\n", err)
		return 1
	}
	addr, err := account.NormaliseEmail(*email)
	if err != nil {
		return fail(err)
	}
	role, err := account.ParseRole(*roleName)
	if err != nil {
		return fail(err)
	}
	password, err := readPassword(stderr)
	if err != nil {
		return fail(err)
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		return fail(err)
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return fail(err)
	}
	defer db.Close()
	a, err := db.CreateAccount(context.Background(), addr, role, hash)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "Added %s (%s).\n", a.Email, a.Role)
	return 0
}

// readPassword asks on the terminal without echo, or reads one line.
func readPassword(prompt io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(prompt, "Password: ")
		password, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		return string(password), err
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password given: type it at the prompt, or give it on standard input")
	}
	return line, nil
}

func runUserList(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("user list", "[flags]", "Lists the accounts.", stderr)
	dbPath := dbFlag(fs)
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	db, err := openDB(*dbPath)
	if err != nil {
		fmt.Fprintf(stderr, "sayso user list: %v\n", err)
		return 1
	}
	defer db.Close()
	accounts, err := db.Accounts(context.Background())
	if err != nil {
		fmt.Fprintf(stderr, "sayso user list: %v\n", err)
		return 1
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tROLE\tCREATED")
	for _, a := range accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", a.Email, a.Role, a.CreatedAt)
	}
	tw.Flush()
	return 0
}

func runToken(args []string, stdout, stderr io.Writer) int {
	usage := "Usage: sayso token create --email EMAIL [flags]\n\n" +
		"  create   make an API token for an account; it is shown once\n\n" +
		"Run 'sayso token create --help' for its flags.\n"
	return subcommands(args, stdout, stderr, usage, map[string]func([]string, io.Writer, io.Writer) int{
		"create": runTokenCreate,
	})
}

func runTokenCreate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("token create", "--email EMAIL [flags]",
		"Makes an API token for an account and prints it. Only its hash is stored:\n"+
			"keep it now. Send it as Authorization: Bearer TOKEN.", stderr)
	dbPath := dbFlag(fs)
	email := fs.String("email", "", "the account's email address (required)")
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	addr, err := account.NormaliseEmail(*email)
	if err != nil {
		fmt.Fprintf(stderr, "sayso token create: %v\n", err)
		return 1
	}
	db, err := openDB(*dbPath)
	if err != nil {
		fmt.Fprintf(stderr, "sayso token create: %v\n", err)
		return 1
	}
	defer db.Close()
	token, err := db.CreateToken(context.Background(), addr)
	if err != nil {
		fmt.Fprintf(stderr, "sayso token create: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, token)
	return 0
}
