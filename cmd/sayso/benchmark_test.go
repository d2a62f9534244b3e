package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBenchmarkAdd(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "sayso.db")
	if status, _, stderr := sayso(t, "wave", "open", "--init", "--db", db, "--survey", "pulse", "--name", "Pulse"); status != 0 {
		t.Fatalf("making the database: %d %s", status, stderr)
	}
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("good.yaml", "name: national-2025\ntitle: National 2025\nsurvey: health-check\nsource: A network of councils\nyear: 2025\nscope: national\nthemes:\n  workloads: 52\n")
	bad := write("bad.yaml", "name: national-2025\ntitle: National 2025\nsurvey: health-check\nsource: A network of councils\nyear: 1999\nscope: national\nthemes:\n  workloadz: 52\n")

	status, stdout, _ := sayso(t, "benchmark", "add", "--db", db, bad)
	if status != 1 || !strings.Contains(stdout, bad+":5:7: year must be a whole number") {
		t.Errorf("a bad file: %d %q", status, stdout)
	}
	if _, list, _ := sayso(t, "benchmark", "list", "--db", db); strings.Contains(list, "national-2025") {
		t.Errorf("a bad file was stored: %s", list)
	}
	if status, stdout, stderr := sayso(t, "benchmark", "add", "--db", db, good); status != 0 || !strings.Contains(stdout, "Loaded benchmark national-2025") {
		t.Fatalf("a good file: %d %q %q", status, stdout, stderr)
	}
	if status, _, stderr := sayso(t, "benchmark", "add", "--db", db, good); status != 1 || !strings.Contains(stderr, `a benchmark named "national-2025" is already loaded`) {
		t.Errorf("the same name again: %d %q", status, stderr)
	}
	if status, _, stderr := sayso(t, "benchmark", "add", "--db", db, "--replace", good); status != 0 {
		t.Errorf("--replace: %d %q", status, stderr)
	}
	if _, list, _ := sayso(t, "benchmark", "list", "--db", db); !strings.Contains(list, "national-2025") || !strings.Contains(list, "National 2025 (national, 2025; source: A network of councils)") {
		t.Errorf("benchmark list: %s", list)
	}
	if status, _, stderr := sayso(t, "benchmark", "add", "--db", db); status != 2 || !strings.Contains(stderr, "give one file") {
		t.Errorf("no file: %d %q", status, stderr)
	}
}
