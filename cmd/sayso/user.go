package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/store"
)

// stdin is where passwords are read from when it is not a terminal.
var stdin io.Reader = os.Stdin

// cliActor is who the audit log says acted, for a change made with a
// command: whoever can run it can open the database file.
const cliActor = "command line"

func runUser(args []string, stdout, stderr io.Writer) int {
	usage := "Usage: sayso user SUBCOMMAND [flags]\n\n" +
		"  add       add an account that may read results (admin or viewer)\n" +
		"  list      list the accounts with their role and state\n" +
		"  password  set a new password; revokes the account's sessions and API tokens\n" +
		"  role      make an account an admin or a viewer; ends its sessions\n" +
		"  disable   stop an account signing in; revokes its sessions and API tokens\n" +
		"  enable    let a disabled account sign in again\n" +
		"  delete    remove an account with its sessions and API tokens\n\n" +
		"The last active admin cannot be disabled, deleted or made a viewer.\n" +
		"Every change is written to the audit log, by \"" + cliActor + "\".\n\n" +
		"Run 'sayso user SUBCOMMAND --help' for its flags.\n"
	return subcommands(args, stdout, stderr, usage, map[string]func([]string, io.Writer, io.Writer) int{
		"add":      runUserAdd,
		"list":     runUserList,
		"password": runUserPassword,
		"role":     runUserRole,
		"disable":  runUserDisable,
		"enable":   runUserEnable,
		"delete":   runUserDelete,
	})
}

// passwordHelp says where a password comes from and what it must be.
const passwordHelp = "The password is asked for without echo, or read from the first line of\n" +
	"standard input when that is not a terminal. It must be 12 to 72 characters,\n" +
	"not only spaces, and not one of the most common passwords."

func runUserAdd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("user add", "--email EMAIL --role admin|viewer [flags]", "Adds an account. "+passwordHelp, stderr)
	dbPath := dbFlag(fs)
	email := fs.String("email", "", "the person's email address (required)")
	roleName := fs.String("role", "", "admin (runs waves, manages accounts) or viewer (reads results) (required)")
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	fail := failer(stderr, "user add")
	password, err := readPassword(stderr)
	if err != nil {
		return fail(err)
	}
	addr, role, hash, err := account.NewAccount{Email: *email, Role: *roleName, Password: password}.Validate()
	if err != nil {
		return fail(err)
	}
	return withDB(*dbPath, fail, func(ctx context.Context, db *store.DB) error {
		a, err := db.CreateAccount(ctx, addr, role, hash)
		if err != nil {
			return err
		}
		if err := db.Audit(ctx, cliActor, "add account", a.Email+" as "+string(a.Role)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Added %s (%s).\n", a.Email, a.Role)
		return nil
	})
}

// readNewPassword reads a password and hashes it under the one password
// rule.
func readNewPassword(prompt io.Writer) (account.PasswordHash, error) {
	password, err := readPassword(prompt)
	if err != nil {
		return account.PasswordHash{}, err
	}
	return account.HashPassword(password)
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
	fs := newFlags("user list", "[flags]", "Lists the accounts: email, role, state (active or disabled) and when each was added.", stderr)
	dbPath := dbFlag(fs)
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	return withDB(*dbPath, failer(stderr, "user list"), func(ctx context.Context, db *store.DB) error {
		accounts, err := db.Accounts(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "EMAIL\tROLE\tSTATE\tCREATED")
		for _, a := range accounts {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Email, a.Role, a.State(), a.CreatedAt)
		}
		return tw.Flush()
	})
}

// accountChange is a command that changes one account, named by --email.
type accountChange struct {
	name, description string
	// flags adds the command's own flags, if it has any.
	flags func(*flag.FlagSet)
	// change makes the change and returns the audit log's action and
	// detail, and what to tell the operator.
	change func(ctx context.Context, db *store.DB, email string) (action, detail, done string, err error)
}

// run parses the flags, makes the change, writes the audit log and says
// what was done.
func (c accountChange) run(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("user "+c.name, "--email EMAIL [flags]", c.description, stderr)
	dbPath := dbFlag(fs)
	email := fs.String("email", "", "the account's email address (required)")
	if c.flags != nil {
		c.flags(fs)
	}
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	fail := failer(stderr, "user "+c.name)
	if fs.NArg() > 0 {
		return fail(fmt.Errorf("unexpected %q: name the account with --email", fs.Arg(0)))
	}
	addr, err := account.NormaliseEmail(*email)
	if err != nil {
		return fail(err)
	}
	return withDB(*dbPath, fail, func(ctx context.Context, db *store.DB) error {
		action, detail, done, err := c.change(ctx, db, addr)
		if err != nil {
			return err
		}
		if err := db.Audit(ctx, cliActor, action, detail); err != nil {
			return err
		}
		fmt.Fprintln(stdout, done)
		return nil
	})
}

func runUserPassword(args []string, stdout, stderr io.Writer) int {
	return accountChange{
		name:        "password",
		description: "Sets a new password for an account and revokes its sessions and API tokens.\n" + passwordHelp,
		change: func(ctx context.Context, db *store.DB, email string) (string, string, string, error) {
			hash, err := readNewPassword(stderr)
			if err != nil {
				return "", "", "", err
			}
			return "reset password", email, "The password of " + email + " is changed; its sessions and API tokens are revoked.", db.SetPassword(ctx, email, hash)
		},
	}.run(args, stdout, stderr)
}

func runUserRole(args []string, stdout, stderr io.Writer) int {
	var roleName *string
	return accountChange{
		name: "role",
		description: "Makes an account an admin or a viewer. Its sessions end, so the new role\n" +
			"applies at once. The last active admin cannot be made a viewer.",
		flags: func(fs *flag.FlagSet) {
			roleName = fs.String("role", "", "admin (runs waves, manages accounts) or viewer (reads results) (required)")
		},
		change: func(ctx context.Context, db *store.DB, email string) (string, string, string, error) {
			role, err := account.ParseRole(*roleName)
			if err != nil {
				return "", "", "", err
			}
			return "change role", email + " to " + string(role), email + " is now " + string(role) + ".", db.SetRole(ctx, email, role)
		},
	}.run(args, stdout, stderr)
}

func runUserDisable(args []string, stdout, stderr io.Writer) int {
	return accountChange{
		name: "disable",
		description: "Stops an account signing in, and revokes its sessions and API tokens at once.\n" +
			"'sayso user enable' lets it sign in again. The last active admin cannot be disabled.",
		change: func(ctx context.Context, db *store.DB, email string) (string, string, string, error) {
			return "disable account", email, email + " is disabled; its sessions and API tokens are revoked.", db.DisableAccount(ctx, email)
		},
	}.run(args, stdout, stderr)
}

func runUserEnable(args []string, stdout, stderr io.Writer) int {
	return accountChange{
		name:        "enable",
		description: "Lets a disabled account sign in again. Tokens revoked when it was disabled stay revoked.",
		change: func(ctx context.Context, db *store.DB, email string) (string, string, string, error) {
			return "enable account", email, email + " can sign in again.", db.EnableAccount(ctx, email)
		},
	}.run(args, stdout, stderr)
}

func runUserDelete(args []string, stdout, stderr io.Writer) int {
	return accountChange{
		name: "delete",
		description: "Removes an account with its sessions and API tokens, for good. The audit log\n" +
			"keeps what it did. The last active admin cannot be deleted.",
		change: func(ctx context.Context, db *store.DB, email string) (string, string, string, error) {
			return "delete account", email, email + " is deleted.", db.DeleteAccount(ctx, email)
		},
	}.run(args, stdout, stderr)
}
