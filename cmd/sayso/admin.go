package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/store"
)

// auditActor is who the audit log names for what a command does.
const auditActor = "command line"

// ensureAdmin makes the first admin when there is no account at all: from
// SAYSO_ADMIN_EMAIL and SAYSO_ADMIN_PASSWORD, or else admin@localhost with
// a generated password printed this once.
func ensureAdmin(ctx context.Context, db *store.DB, stdout io.Writer) error {
	accounts, err := db.Accounts(ctx)
	if err != nil || len(accounts) > 0 {
		return err
	}
	email, password := envOr("SAYSO_ADMIN_EMAIL", "admin@localhost"), envOr("SAYSO_ADMIN_PASSWORD", "")
	generated := password == ""
	if generated {
		password = rand.Text()
	}
	normalised, err := account.NormaliseEmail(email)
	if err != nil {
		return fmt.Errorf("SAYSO_ADMIN_EMAIL: %w", err)
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		return fmt.Errorf("SAYSO_ADMIN_PASSWORD: %w", err)
	}
	if _, err := db.CreateAccount(ctx, normalised, account.Admin, hash); err != nil {
		return err
	}
	if err := db.Audit(ctx, auditActor, "add account", normalised+" as admin, the first account"); err != nil {
		return err
	}
	if generated {
		fmt.Fprintf(stdout, "First run: an admin account was made. Sign in as %s with the password %s (shown only now; change it under Accounts).\n", normalised, password)
	} else {
		fmt.Fprintf(stdout, "First run: an admin account was made for %s with the password in SAYSO_ADMIN_PASSWORD.\n", normalised)
	}
	return nil
}
