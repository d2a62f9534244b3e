package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoSeedsOnceAndReportsItsWaves(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	status, out, errOut := sayso(t, "demo", "--init", "--db", db, "--seed", "3")
	if status != 0 || !strings.Contains(out, "Health check") || !strings.Contains(out, "open") || !strings.Contains(out, "actions") {
		t.Fatalf("sayso demo = %d, %q %q", status, out, errOut)
	}
	status, _, errOut = sayso(t, "demo", "--db", db)
	if status != 1 || !strings.Contains(errOut, "already has 4 waves") {
		t.Errorf("a second demo into the same database = %d, %q", status, errOut)
	}
	t.Setenv("SAYSO_DEMO_SEED", "many")
	status, _, errOut = sayso(t, "demo", "--db", filepath.Join(t.TempDir(), "other.db"))
	if status != 2 || !strings.Contains(errOut, `SAYSO_DEMO_SEED="many" is not a whole number`) {
		t.Errorf("a bad seed in the environment = %d, %q", status, errOut)
	}
	out = filepath.Join(t.TempDir(), "r.html")
	status, msg, errOut := sayso(t, "report", "--db", db, "--wave", "3", "--out", out)
	if status != 0 || !strings.HasPrefix(msg, "Wrote "+out+": Health check ") || !strings.Contains(msg, " compared with Health check ") {
		t.Errorf("sayso report = %d, %q %q", status, msg, errOut)
	}
	for _, args := range [][]string{
		{"report", "--db", db, "--wave", "3"},
		{"report", "--db", db, "--wave", "3", "--compare", "last", "--out", out},
		{"report", "--db", db, "--wave", "3", "--compare", "4", "--out", out},
		{"report", "--db", db, "--wave", "99", "--out", out},
	} {
		if status, _, errOut := sayso(t, args...); status == 0 || errOut == "" {
			t.Errorf("sayso %v = %d, %q", args, status, errOut)
		}
	}
}
