package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sayso runs the command in-process and returns its status and output.
func sayso(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	status := run(args, &stdout, &stderr)
	return status, stdout.String(), stderr.String()
}

func TestEveryCommandHasHelp(t *testing.T) {
	status, overview, _ := sayso(t, "--help")
	if status != 0 || !strings.Contains(overview, "Usage: sayso COMMAND") {
		t.Fatalf("sayso --help = %d, %q", status, overview)
	}
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(overview, "  "+c.name+" ") {
				t.Errorf("sayso --help does not list %s", c.name)
			}
			status, out, _ := sayso(t, c.name, "--help")
			if status != 0 || !strings.Contains(out, "Usage: sayso "+c.name) {
				t.Errorf("sayso %s --help = %d, %q", c.name, status, out)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	status, _, errOut := sayso(t, "frobnicate")
	if status != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Fatalf("status %d, stderr %q", status, errOut)
	}
}

func TestValidateShippedSurveys(t *testing.T) {
	for _, args := range [][]string{{"validate"}, {"validate", "../../surveys"}, {"validate", "../../surveys/health-check.yaml", "../../surveys/pulse.yaml"}} {
		if status, out, errOut := sayso(t, args...); status != 0 || out != "" {
			t.Errorf("sayso %v = %d\n%s%s", args, status, out, errOut)
		}
	}
}

func TestValidateReportsEachMistakeAtItsLine(t *testing.T) {
	original, err := os.ReadFile("../../surveys/health-check.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Plant three mistakes, noting the line each lands on in the copy.
	var lines []string
	var unknownKey, duplicate, misspelt int
	firstQuestion := ""
	for _, line := range strings.Split(string(original), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case firstQuestion == "" && strings.HasPrefix(line, "      - id: framework-"):
			firstQuestion = strings.TrimPrefix(line, "      - id: ")
		case duplicate == 0 && firstQuestion != "" && strings.HasPrefix(line, "      - id: "):
			line = "      - id: " + firstQuestion
			duplicate = len(lines) + 1
		case misspelt == 0 && trimmed == "theme: wellbeing":
			line = strings.Replace(line, "wellbeing", "welbeing", 1)
			misspelt = len(lines) + 1
		}
		lines = append(lines, line)
		if unknownKey == 0 && strings.HasPrefix(line, "title:") {
			lines = append(lines, "colour: teal")
			unknownKey = len(lines)
		}
	}
	if unknownKey == 0 || duplicate == 0 || misspelt == 0 {
		t.Fatalf("could not plant the mistakes: lines %d %d %d", unknownKey, duplicate, misspelt)
	}
	broken := filepath.Join(t.TempDir(), "health-check.yaml")
	if err := os.WriteFile(broken, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}

	status, out, _ := sayso(t, "validate", broken)
	if status != 1 {
		t.Fatalf("status %d, want 1; output:\n%s", status, out)
	}
	got := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		fmt.Sprintf("%s:%d:1: unknown key \"colour\" in survey", broken, unknownKey),
		fmt.Sprintf("%s:%d:13: question id %q is already used", broken, duplicate, firstQuestion),
		fmt.Sprintf("%s:%d:", broken, misspelt) + `16: theme "welbeing" is not defined; did you mean "wellbeing"?`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), out)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("line %d:\n got %s\nwant %s…", i+1, got[i], want[i])
		}
	}
}

func TestValidateBadPaths(t *testing.T) {
	dir := t.TempDir()
	status, _, errOut := sayso(t, "validate", filepath.Join(dir, "missing.yaml"))
	if status != 1 || !strings.Contains(errOut, "missing.yaml") {
		t.Errorf("missing file: %d %q", status, errOut)
	}
	status, _, errOut = sayso(t, "validate", dir)
	if status != 1 || !strings.Contains(errOut, "no survey definitions") {
		t.Errorf("empty folder: %d %q", status, errOut)
	}
	twice := filepath.Join(dir, "copy.yaml")
	data, _ := os.ReadFile("../../surveys/pulse.yaml")
	if err := os.WriteFile(twice, data, 0o644); err != nil {
		t.Fatal(err)
	}
	status, out, _ := sayso(t, "validate", "../../surveys/pulse.yaml", twice)
	if status != 1 || !strings.Contains(out, `survey id "pulse" is already used by ../../surveys/pulse.yaml`) {
		t.Errorf("duplicate survey id: %d %q", status, out)
	}
	if status, _, _ := sayso(t, "validate", "--no-such-flag"); status != 2 {
		t.Errorf("bad flag: status %d, want 2", status)
	}
}
