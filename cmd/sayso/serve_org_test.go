package main

import (
	"strings"
	"testing"
)

// TestServeChecksTheRespondentSettings refuses, before anything starts,
// settings for the survey pages that are wrong, naming the flag.
func TestServeChecksTheRespondentSettings(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"a privacy notice that is not a web address", []string{"--privacy-url", "privacy.html"}, nil, "--privacy-url"},
		{"a privacy notice from the environment", nil, map[string]string{"SAYSO_PRIVACY_URL": "ftp://example.org/privacy"}, "--privacy-url"},
		{"an organisation over two lines", []string{"--org-name", "Council\nEvil"}, nil, "--org-name"},
		{"no days", []string{"--resume-days", "0"}, nil, "--resume-days"},
		{"days not a number", nil, map[string]string{"SAYSO_RESUME_DAYS": "a month"}, "--resume-days"},
		{"too many days", []string{"--resume-days", "400"}, nil, "--resume-days"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			args := append([]string{"serve", "--db", t.TempDir() + "/none.db"}, tt.args...)
			status, _, errOut := sayso(t, args...)
			if status != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("serve %v: %d %q, want 2 naming %s", tt.args, status, errOut, tt.want)
			}
		})
	}
}
