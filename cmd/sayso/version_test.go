package main

import (
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// The WAL-reset corruption bug, which Sayso can trigger by writing from a
// command beside the server, is fixed from SQLite 3.51.3.
var fixedSQLite = [3]int{3, 51, 3}

func TestVersionPrintsSaysoAndAFixedSQLite(t *testing.T) {
	status, out, errOut := sayso(t, "version")
	if status != 0 {
		t.Fatalf("sayso version = %d\n%s%s", status, out, errOut)
	}
	if !regexp.MustCompile(`(?m)^Sayso \S+$`).MatchString(out) {
		t.Errorf("no Sayso version line in %q", out)
	}
	m := regexp.MustCompile(`(?m)^SQLite (\d+)\.(\d+)\.(\d+)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no SQLite version line in %q", out)
	}
	var got [3]int
	for i, part := range m[1:] {
		got[i], _ = strconv.Atoi(part)
	}
	if compareVersions(got, fixedSQLite) < 0 {
		t.Errorf("SQLite %d.%d.%d is older than %d.%d.%d, which fixes the WAL-reset corruption", got[0], got[1], got[2], fixedSQLite[0], fixedSQLite[1], fixedSQLite[2])
	}
}

// compareVersions is negative, zero or positive as a is older than, the
// same as or newer than b.
func compareVersions(a, b [3]int) int {
	for i := range a {
		if a[i] != b[i] {
			return a[i] - b[i]
		}
	}
	return 0
}

func TestVersionRefusesArguments(t *testing.T) {
	status, out, errOut := sayso(t, "version", "extra")
	if status != 2 || out != "" || !strings.Contains(errOut, `takes no arguments, but was given "extra"`) {
		t.Errorf("sayso version extra = %d, stdout %q, stderr %q", status, out, errOut)
	}
}

func TestSaysoVersion(t *testing.T) {
	vcs := func(settings ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(settings); i += 2 {
			s = append(s, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return s
	}
	for _, c := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build information", nil, "devel"},
		{"module version", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{"module version wins over the revision", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: vcs("vcs.revision", "0123abc", "vcs.modified", "true")}, "v1.4.0"},
		{"clean revision", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", "0123abc", "vcs.modified", "false")}, "revision 0123abc"},
		{"modified revision", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.modified", "true", "vcs.revision", "0123abc")}, "revision 0123abc (modified)"},
		{"neither version nor revision", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("GOOS", "linux")}, "devel"},
		{"empty module version", &debug.BuildInfo{}, "devel"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := saysoVersion(c.info); got != c.want {
				t.Errorf("saysoVersion = %q, want %q", got, c.want)
			}
		})
	}
}
