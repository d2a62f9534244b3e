package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// TestTheFilesTieNoCodeToItsResponse answers a wave through invitation
// codes and reads the raw bytes of the database and its write-ahead log:
// no code's hash sits on a page with a response, no log keeps a commit's
// history, every response is in the file once, and once the wave closes
// the responses lie in the order of their random keys, not of their
// arrival.
func TestTheFilesTieNoCodeToItsResponse(t *testing.T) {
	db, path := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessCodes)
	codes, err := db.CreateCodes(ctx, w.ID, 60)
	if err != nil {
		t.Fatal(err)
	}
	text := textQuestion(t, w.Definition)
	var markers [][]byte
	for i, code := range codes[:50] {
		entry, err := db.Enter(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		marker := fmt.Sprintf("arrival-marker-%03d-", i)
		markers = append(markers, []byte(marker))
		if err := db.Submit(ctx, entry, checked(t, entry, pulseAnswersWith(text, survey.Answer{Text: marker}))); err != nil {
			t.Fatal(err)
		}
	}

	var pageSize int
	if err := db.read.QueryRowContext(ctx, "PRAGMA page_size").Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	check := func(stage string) []byte {
		file := read(t, path)
		for _, suffix := range []string{"-wal", "-shm"} {
			side := read(t, path+suffix)
			for i, code := range codes {
				if bytes.Contains(side, hashCode(code)) {
					t.Errorf("%s: %s holds the hash of code %d", stage, suffix, i)
				}
			}
			for i, m := range markers {
				if bytes.Contains(side, m) {
					t.Errorf("%s: %s holds response %d", stage, suffix, i)
				}
			}
		}
		for i, m := range markers {
			if n := bytes.Count(file, m); n != 1 {
				t.Errorf("%s: response %d is in the file %d times", stage, i, n)
			}
		}
		responsePages := map[int]bool{}
		for _, m := range markers {
			responsePages[bytes.Index(file, m)/pageSize] = true
		}
		for i, code := range codes {
			for at, from := 0, 0; ; from = at + 1 {
				at = from + bytes.Index(file[from:], hashCode(code))
				if at < from {
					break
				}
				if responsePages[at/pageSize] {
					t.Errorf("%s: the hash of code %d shares page %d with a response", stage, i, at/pageSize)
				}
			}
		}
		return file
	}
	check("open")

	if err := db.CloseWave(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	file := check("closed")
	// Read the keys, and place each response in the file.
	type placed struct {
		id, page, offset, arrival int
	}
	var rows []placed
	r, err := db.read.QueryContext(ctx, "SELECT id, answers FROM responses WHERE wave_id = ?", w.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for r.Next() {
		var p placed
		var answers []byte
		if err := r.Scan(&p.id, &answers); err != nil {
			t.Fatal(err)
		}
		p.arrival = slices.IndexFunc(markers, func(m []byte) bool { return bytes.Contains(answers, m) })
		at := bytes.Index(file, markers[p.arrival])
		p.page, p.offset = at/pageSize, at%pageSize
		rows = append(rows, p)
	}
	if len(rows) != 50 {
		t.Fatalf("%d responses read back", len(rows))
	}
	// Written in key order: pages in order, and within a page, cells from
	// the end of the page towards its start.
	slices.SortFunc(rows, func(a, b placed) int { return a.id - b.id })
	for i := 1; i < len(rows); i++ {
		a, b := rows[i-1], rows[i]
		if b.page < a.page || (b.page == a.page && b.offset > a.offset) {
			t.Fatalf("after closing, responses lie out of key order (key %d at page %d offset %d, then key %d at page %d offset %d)", a.id, a.page, a.offset, b.id, b.page, b.offset)
		}
	}
}

func textQuestion(t *testing.T, def *survey.Definition) string {
	t.Helper()
	for _, q := range def.Questions() {
		if q.Type == survey.Text {
			return q.ID
		}
	}
	t.Fatal("the pulse survey has no text question")
	return ""
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}
