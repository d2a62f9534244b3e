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
// where each response lies depends on its random key alone, not on when
// it came.
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
		entry := enter(t, db, code)
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
	// The same rows, written into another database in the opposite order
	// to their arrival, then sealed, lie in the same order: where a
	// response lies depends on the keys alone.
	rows, err := db.read.QueryContext(ctx, "SELECT id, submitted_on, answers FROM responses")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id           int64
		on           string
		answers      []byte
		arrivedAfter int
	}
	var stored []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.on, &r.answers); err != nil {
			t.Fatal(err)
		}
		r.arrivedAfter = slices.IndexFunc(markers, func(m []byte) bool { return bytes.Contains(r.answers, m) })
		stored = append(stored, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if len(stored) != len(markers) {
		t.Fatalf("%d responses read back", len(stored))
	}
	slices.SortFunc(stored, func(a, b row) int { return b.arrivedAfter - a.arrivedAfter })
	other, otherPath := openTestDB(t)
	for _, r := range stored {
		if _, err := other.write.ExecContext(ctx, "INSERT INTO responses (id, submitted_on, answers) VALUES (?, ?, ?)", r.id, r.on, r.answers); err != nil {
			t.Fatal(err)
		}
	}
	if err := other.Seal(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := placement(read(t, otherPath), markers), placement(file, markers); !slices.Equal(got, want) {
		t.Fatalf("after closing, responses lie in the order %v; the same responses come in the other order lie in the order %v", want, got)
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
