package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestWaveOpenTakesUKDates opens waves closing on days written the British
// way, and refuses a day that is not one, naming the flag.
func TestWaveOpenTakesUKDates(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sayso.db")
	for i, closes := range []string{"31/12/2099", "31 12 2099", "2099-12-31"} {
		init := []string{}
		if i == 0 {
			init = []string{"--init"}
		}
		args := append([]string{"wave", "open", "--db", db, "--survey", "pulse", "--name", fmt.Sprintf("Pulse %d", i), "--closes", closes}, init...)
		if status, _, errOut := sayso(t, args...); status != 0 {
			t.Fatalf("--closes %s: %d %s", closes, status, errOut)
		}
	}
	if _, list, _ := sayso(t, "wave", "list", "--db", db); strings.Count(list, "2099-12-31") != 3 {
		t.Errorf("the three waves do not all close on 2099-12-31:\n%s", list)
	}
	status, _, errOut := sayso(t, "wave", "open", "--db", db, "--survey", "pulse", "--name", "Pulse", "--closes", "31/02/2099")
	if status == 0 || !strings.Contains(errOut, "Enter the closing date as a real date") {
		t.Errorf("--closes 31/02/2099: %d %s", status, errOut)
	}
}
