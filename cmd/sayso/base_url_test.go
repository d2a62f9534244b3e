package main

import (
	"os"
	"strings"
	"testing"
)

// TestBaseURLIsCheckedAtStart gives serve and codes a base URL that links
// must not be built from, by flag and by environment: each stops at once
// with status 2 and says what is wrong, before touching the database.
func TestBaseURLIsCheckedAtStart(t *testing.T) {
	for _, c := range []struct {
		name, value, want string
	}{
		{"javascript", "javascript://evil.example/%0aalert(1)", "must start with https://"},
		{"no host", "https://", "names no host"},
		{"a query", "https://survey.example.gov.uk/?next=x", "no query (?) or fragment (#)"},
		{"a path", "https://example.gov.uk/sayso", "no path"},
	} {
		for _, command := range []string{"serve", "codes"} {
			db := t.TempDir() + "/never.db"
			args := []string{command, "--db", db}
			if command == "codes" {
				args = append(args, "--wave", "1", "--count", "3")
			}
			t.Run(command+", "+c.name+", by flag", func(t *testing.T) {
				status, _, errOut := sayso(t, append(args, "--base-url", c.value)...)
				if status != 2 || !strings.Contains(errOut, "sayso "+command+": --base-url: ") || !strings.Contains(errOut, c.want) {
					t.Errorf("status %d, stderr %q; want 2 and %q", status, errOut, c.want)
				}
			})
			t.Run(command+", "+c.name+", by environment", func(t *testing.T) {
				t.Setenv("SAYSO_BASE_URL", c.value)
				status, _, errOut := sayso(t, args...)
				if status != 2 || !strings.Contains(errOut, c.want) {
					t.Errorf("status %d, stderr %q; want 2 and %q", status, errOut, c.want)
				}
			})
			if _, err := os.Stat(db); err == nil {
				t.Errorf("%s made the database before refusing the base URL", command)
			}
		}
	}
}
