package store

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/survey"
)

func TestAccountsAndTokens(t *testing.T) {
	db, path := openTestDB(t)
	ctx := context.Background()
	hash, err := account.HashPassword("a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	psw, err := db.CreateAccount(ctx, "psw@council.gov.uk", account.Admin, hash)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateAccount(ctx, "psw@council.gov.uk", account.Viewer, hash); survey.Code(err) != survey.ErrConflict {
		t.Errorf("a second account for the same email: %v", err)
	}
	if _, err := db.CreateAccount(ctx, "board@council.gov.uk", account.Viewer, hash); err != nil {
		t.Fatal(err)
	}
	all, err := db.Accounts(ctx)
	if err != nil || len(all) != 2 || all[0].Email != "board@council.gov.uk" || all[1].Role != account.Admin {
		t.Fatalf("accounts: %+v %v", all, err)
	}

	token, err := db.CreateToken(ctx, "psw@council.gov.uk")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateToken(ctx, "nobody@council.gov.uk"); survey.Code(err) != survey.ErrNotFound {
		t.Errorf("a token for a missing account: %v", err)
	}
	got, err := db.AccountForToken(ctx, token)
	if err != nil || got.ID != psw.ID || got.Role != account.Admin {
		t.Errorf("AccountForToken = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "nonsense", account.NewToken(), token + "x", strings.ToUpper(token)} {
		if _, err := db.AccountForToken(ctx, bad); survey.Code(err) != survey.ErrUnauthorised {
			t.Errorf("AccountForToken(%q) = %v, want unauthorised", bad, err)
		}
	}

	db.Close()
	var stored []byte
	for _, suffix := range []string{"", "-wal"} {
		data, _ := os.ReadFile(path + suffix)
		stored = append(stored, data...)
	}
	for _, secret := range []string{token, strings.TrimPrefix(token, "sayso_"), "a long enough password"} {
		if strings.Contains(string(stored), secret) {
			t.Errorf("the database holds %q", secret)
		}
	}
}
