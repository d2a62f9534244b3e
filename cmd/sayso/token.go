package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/store"
)

func runToken(args []string, stdout, stderr io.Writer) int {
	usage := "Usage: sayso token SUBCOMMAND [flags]\n\n" +
		"  create   make an API token for an account; it is shown once\n" +
		"  list     list the API tokens: account, made, last used, expiry (never the secret)\n" +
		"  revoke   revoke an API token by its id\n\n" +
		"Every change is written to the audit log, by \"" + cliActor + "\".\n\n" +
		"Run 'sayso token SUBCOMMAND --help' for its flags.\n"
	return subcommands(args, stdout, stderr, usage, map[string]func([]string, io.Writer, io.Writer) int{
		"create": runTokenCreate,
		"list":   runTokenList,
		"revoke": runTokenRevoke,
	})
}

func runTokenCreate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("token create", "--email EMAIL [--expires 90d] [flags]",
		"Makes an API token for an active account and prints it. Only its hash is\n"+
			"stored: keep it now. Send it as Authorization: Bearer TOKEN. It stops\n"+
			"working when it expires, is revoked, or its account is disabled, deleted\n"+
			"or given a new password.", stderr)
	dbPath := dbFlag(fs)
	email := fs.String("email", "", "the account's email address (required)")
	expires := fs.String("expires", strconv.Itoa(account.DefaultTokenDays)+"d", "how long the token lasts, in days: 1d to "+strconv.Itoa(account.MaxTokenDays)+"d")
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	fail := failer(stderr, "token create")
	addr, err := account.NormaliseEmail(*email)
	if err != nil {
		return fail(err)
	}
	lifetime, err := account.ParseTokenLifetime(*expires)
	if err != nil {
		return fail(err)
	}
	return withDB(*dbPath, fail, func(ctx context.Context, db *store.DB) error {
		token, made, err := db.CreateToken(ctx, addr, lifetime)
		if err != nil {
			return err
		}
		if err := db.Audit(ctx, cliActor, "create token", fmt.Sprintf("token %d of %s, expires %s", made.ID, made.Email, made.ExpiresAt)); err != nil {
			return err
		}
		// The token alone on standard output, for scripts; the rest beside it.
		fmt.Fprintln(stdout, token)
		fmt.Fprintf(stderr, "Token %d of %s, expires %s.\n", made.ID, made.Email, made.ExpiresAt)
		return nil
	})
}

func runTokenList(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("token list", "[flags]",
		"Lists the API tokens: id, account, when made, last used (to the minute) and\n"+
			"when it expires. The tokens themselves are never stored, so never shown.", stderr)
	dbPath := dbFlag(fs)
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	return withDB(*dbPath, failer(stderr, "token list"), func(ctx context.Context, db *store.DB) error {
		tokens, err := db.Tokens(ctx)
		if err != nil {
			return err
		}
		now := time.Now()
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tEMAIL\tCREATED\tLAST USED\tEXPIRES")
		for _, t := range tokens {
			used, expires := t.LastUsedAt, t.ExpiresAt
			if used == "" {
				used = "never"
			}
			if t.Expired(now) {
				expires += " (expired)"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", t.ID, t.Email, t.CreatedAt, used, expires)
		}
		return tw.Flush()
	})
}

func runTokenRevoke(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("token revoke", "ID [flags]",
		"Revokes the API token with the id 'sayso token list' shows: it gets 401 from\n"+
			"then on.", stderr)
	dbPath := dbFlag(fs)
	// The id may come before the flags as well as after them.
	if len(args) > 1 && !strings.HasPrefix(args[0], "-") {
		args = append(args[1:len(args):len(args)], args[0])
	}
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if fs.NArg() != 1 || err != nil || id < 1 {
		fmt.Fprintln(stderr, "sayso token revoke: give the id of one token, as 'sayso token list' shows it, such as: sayso token revoke 3")
		return 2
	}
	return withDB(*dbPath, failer(stderr, "token revoke"), func(ctx context.Context, db *store.DB) error {
		revoked, err := db.RevokeToken(ctx, id)
		if err != nil {
			return err
		}
		if err := db.Audit(ctx, cliActor, "revoke token", fmt.Sprintf("token %d of %s", revoked.ID, revoked.Email)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Revoked token %d of %s.\n", revoked.ID, revoked.Email)
		return nil
	})
}
