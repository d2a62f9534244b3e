package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"maps"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/surveys"
)

func openTestDB(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sayso.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func shipped(t testing.TB, id string) *survey.Source {
	t.Helper()
	cat, err := survey.ReadDir(surveys.FS, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	src, ok := cat.Survey(id)
	if !ok {
		t.Fatalf("no shipped survey %q", id)
	}
	return src
}

// pulseAnswers is the least a pulse response holds: its two required
// answers.
var pulseAnswers = survey.Answers{"workload-manageable": {Number: 3}, "satisfaction": {Number: 7}}

// pulseAnswersWith is pulseAnswers and one more answer.
func pulseAnswersWith(id string, a survey.Answer) survey.Answers {
	answers := maps.Clone(pulseAnswers)
	answers[id] = a
	return answers
}

// checked is answers checked by the definition of the wave an entry
// opens, as the store takes them.
func checked(t testing.TB, entry *Entry, answers survey.Answers) survey.Checked {
	t.Helper()
	c, errs := entry.Wave.Definition.CheckResponse(answers)
	if errs != nil {
		t.Fatal(errs)
	}
	return c
}

func openWave(t *testing.T, db *DB, access survey.Access) *survey.Wave {
	t.Helper()
	w, err := db.OpenWave(context.Background(), NewWave{Source: shipped(t, "pulse"), Name: "Pulse Q1", Access: access, Headcount: 40})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// enter lets a respondent in with a code, as the survey's first page does.
func enter(t *testing.T, db *DB, code string) *Entry {
	t.Helper()
	entry, err := db.Enter(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return entry
}

func TestEveryConnectionIsSetUpForDurability(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		pragma string
		want   string
	}{
		{"write", "journal_mode", "wal"}, {"write", "synchronous", "2"}, {"write", "foreign_keys", "1"}, {"write", "busy_timeout", "10000"}, {"write", "cache_size", "-65536"},
		{"read", "journal_mode", "wal"}, {"read", "synchronous", "2"}, {"read", "foreign_keys", "1"}, {"read", "query_only", "1"},
	} {
		conn := db.write
		if c.name == "read" {
			conn = db.read
		}
		var got string
		if err := conn.QueryRowContext(ctx, "PRAGMA "+c.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s connection: PRAGMA %s = %s, want %s", c.name, c.pragma, got, c.want)
		}
	}
	if _, err := db.read.ExecContext(ctx, "DELETE FROM waves"); err == nil {
		t.Error("a read connection could write")
	}
}

func TestMigrationsApplyOnceAndReopen(t *testing.T) {
	db, path := openTestDB(t)
	w := openWave(t, db, survey.AccessLink)
	db.Close()
	again, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	var versions int
	if err := again.read.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&versions); err != nil {
		t.Fatal(err)
	}
	files, _ := fs.Glob(migrations, "migrations/*.sql")
	if versions != len(files) || versions < 2 {
		t.Errorf("%d migrations recorded, want one for each of the %d files", versions, len(files))
	}
	if _, err := again.Wave(context.Background(), w.ID); err != nil {
		t.Errorf("wave lost on reopen: %v", err)
	}
}

func TestOpenWaveFreezesItsDefinition(t *testing.T) {
	db, _ := openTestDB(t)
	src := shipped(t, "pulse")
	w := openWave(t, db, survey.AccessBoth)
	got, err := db.Wave(context.Background(), w.ID)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(src.Data)
	if string(got.Source) != string(src.Data) || got.DefinitionHash != hex.EncodeToString(sum[:]) {
		t.Error("the frozen bytes or hash differ from the definition opened")
	}
	if got.Definition.ID != "pulse" || got.Name != "Pulse Q1" || got.Headcount != 40 || got.Access != survey.AccessBoth {
		t.Errorf("wave read back as %+v", got)
	}
	if len(got.LinkCode) != linkCodeLength {
		t.Errorf("link code %q", got.LinkCode)
	}
	if codesOnly := openWave(t, db, survey.AccessCodes); codesOnly.LinkCode != "" {
		t.Errorf("a codes-only wave has link code %q", codesOnly.LinkCode)
	}
	if _, err := db.OpenWave(context.Background(), NewWave{Source: src, Name: "Past", Access: survey.AccessLink, ClosesOn: "2001-01-01"}); survey.Code(err) != survey.ErrInvalid {
		t.Errorf("a wave closing in the past: %v", err)
	}
}

func TestEnterAnswersEveryKindOfCode(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	both := openWave(t, db, survey.AccessBoth)
	codes, err := db.CreateCodes(ctx, both.ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	linkOnly := openWave(t, db, survey.AccessLink)
	if _, err := db.CreateCodes(ctx, linkOnly.ID, 1); survey.Code(err) != survey.ErrInvalid {
		t.Errorf("codes for a link-only wave: %v", err)
	}
	closed := openWave(t, db, survey.AccessBoth)
	closedCodes, _ := db.CreateCodes(ctx, closed.ID, 1)
	if err := db.CloseWave(ctx, closed.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.CloseWave(ctx, closed.ID); survey.Code(err) != survey.ErrConflict {
		t.Errorf("closing twice: %v", err)
	}
	if err := db.CloseWave(ctx, 999); survey.Code(err) != survey.ErrNotFound {
		t.Errorf("closing a missing wave: %v", err)
	}

	entry := enter(t, db, codes[0])
	if err := db.Submit(ctx, entry, checked(t, entry, pulseAnswers)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		code string
		want survey.ErrorCode
	}{
		{"link code", both.LinkCode, ""},
		{"invitation code", codes[1], ""},
		{"invitation code typed loosely", normaliseLoosely(codes[2]), ""},
		{"used invitation code", codes[0], survey.ErrConflict},
		{"unknown code", "ZZZZ-ZZZZ-ZZZZ", survey.ErrNotFound},
		{"empty code", "", survey.ErrNotFound},
		{"closed wave's link", closed.LinkCode, survey.ErrGone},
		{"closed wave's code", closedCodes[0], survey.ErrGone},
	} {
		_, err := db.Enter(ctx, c.code)
		if survey.Code(err) != c.want || (c.want == "" && err != nil) {
			t.Errorf("%s: %v, want code %q", c.name, err, c.want)
		}
	}
	if n, _ := db.CodesIssued(ctx, both.ID); n != 3 {
		t.Errorf("%d codes issued, want 3", n)
	}
}

// normaliseLoosely writes a code as someone might type it from paper.
func normaliseLoosely(code string) string {
	out := []rune{}
	for _, r := range code {
		if r != '-' {
			if r == '0' {
				r = 'o'
			}
			out = append(out, r|0x20)
		}
	}
	return string(out)
}

func TestAnInvitationCodeAnswersOnceUnderRace(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessCodes)
	codes, _ := db.CreateCodes(ctx, w.ID, 1)
	entry := enter(t, db, codes[0])
	response := checked(t, entry, pulseAnswers)
	var wg sync.WaitGroup
	results := make(chan error, 20)
	for range 20 {
		wg.Go(func() { results <- db.Submit(ctx, entry, response) })
	}
	wg.Wait()
	close(results)
	stored, conflicts := 0, 0
	for err := range results {
		switch survey.Code(err) {
		case "":
			if err != nil {
				t.Fatal(err)
			}
			stored++
		case survey.ErrConflict:
			conflicts++
		}
	}
	if n, _ := db.CountResponses(ctx, w.ID); stored != 1 || conflicts != 19 || n != 1 {
		t.Errorf("%d stored, %d conflicts, %d in the database; want 1, 19, 1", stored, conflicts, n)
	}
}

func TestSubmitRefusesAWaveClosedAfterEntry(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessLink)
	entry := enter(t, db, w.LinkCode)
	if err := db.CloseWave(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Submit(ctx, entry, checked(t, entry, pulseAnswers)); survey.Code(err) != survey.ErrGone {
		t.Errorf("submit to a closed wave: %v", err)
	}
	if n, _ := db.CountResponses(ctx, w.ID); n != 0 {
		t.Errorf("%d responses stored", n)
	}
}

func TestWaveClosesAfterItsLastDay(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w, err := db.OpenWave(ctx, NewWave{Source: shipped(t, "pulse"), Name: "Q2", Access: survey.AccessLink, ClosesOn: time.Now().Format(survey.DateLayout)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Enter(ctx, w.LinkCode); err != nil {
		t.Fatalf("open on its last day: %v", err)
	}
	db.now = func() time.Time { return time.Now().AddDate(0, 0, 1) }
	if _, err := db.Enter(ctx, w.LinkCode); survey.Code(err) != survey.ErrGone {
		t.Errorf("the day after: %v", err)
	}
}

func TestManyConcurrentSubmissionsAreAllStored(t *testing.T) {
	db, path := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessLink)
	entry, _ := db.Enter(ctx, w.LinkCode)
	response := checked(t, entry, pulseAnswers)
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			for range 20 {
				if err := db.Submit(ctx, entry, response); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	db.Close()
	reopened, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	if n, _ := reopened.CountResponses(ctx, w.ID); n != 64*20 {
		t.Errorf("%d responses after reopening, want %d", n, 64*20)
	}
	if err := reopened.Submit(ctx, entry, response); err != nil {
		t.Errorf("submit after reopen: %v", err)
	}
	if err := db.Submit(ctx, entry, response); err != errStopped {
		t.Errorf("submit to a closed database: %v", err)
	}
}

// TestAWaveClosedByAnotherProcessTakesNoMoreAnswers closes a wave through a
// second handle on the same file, as `sayso wave close` does beside a
// running server: the server's remembered copy of the wave may still say
// open, but the transaction that stores a response must refuse it.
func TestAWaveClosedByAnotherProcessTakesNoMoreAnswers(t *testing.T) {
	server, path := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, server, survey.AccessLink)
	entry, err := server.Enter(ctx, w.LinkCode)
	if err != nil {
		t.Fatal(err)
	}
	cli, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := cli.CloseWave(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	cli.Close()
	if err := server.Submit(ctx, entry, checked(t, entry, pulseAnswers)); survey.Code(err) != survey.ErrGone {
		t.Errorf("submit after another process closed the wave: %v", err)
	}
	if n, _ := server.CountResponses(ctx, w.ID); n != 0 {
		t.Errorf("%d responses stored in a closed wave", n)
	}
	server.now = func() time.Time { return time.Now().Add(waveFreshFor) }
	if _, err := server.Enter(ctx, w.LinkCode); survey.Code(err) != survey.ErrGone {
		t.Errorf("after %s the server still shows the wave open: %v", waveFreshFor, err)
	}
}

func TestOnCommitNumbersEachWavesResponsesOnce(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	first, second := openWave(t, db, survey.AccessLink), openWave(t, db, survey.AccessLink)
	var mu sync.Mutex
	seen := map[int64]map[int]bool{first.ID: {}, second.ID: {}}
	db.OnCommit(func(batch []Committed) {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range batch {
			if seen[c.WaveID][c.Position] {
				t.Errorf("wave %d position %d twice", c.WaveID, c.Position)
			}
			seen[c.WaveID][c.Position] = true
		}
	})
	var wg sync.WaitGroup
	for i := range 40 {
		w := first
		if i%4 == 0 {
			w = second
		}
		entry, _ := db.Enter(ctx, w.LinkCode)
		response := checked(t, entry, pulseAnswers)
		wg.Go(func() {
			for range 25 {
				if err := db.Submit(ctx, entry, response); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for _, w := range []*survey.Wave{first, second} {
		count, err := db.CountResponses(ctx, w.ID)
		read, _ := db.ReadResponses(ctx, w.ID, func([]byte) error { return nil })
		if err != nil || count != read || len(seen[w.ID]) != count {
			t.Errorf("wave %d: count %d, read %d, hooked %d", w.ID, count, read, len(seen[w.ID]))
		}
		for p := 1; p <= count; p++ {
			if !seen[w.ID][p] {
				t.Errorf("wave %d position %d never hooked", w.ID, p)
			}
		}
	}
	if n, _ := db.CountResponses(ctx, first.ID); n != 750 {
		t.Errorf("first wave %d responses, want 750", n)
	}
}

// TestSubmitTakesOnlyAnswersItsWaveChecked: answers never checked, or
// checked by another wave's definition, are refused and nothing stored.
func TestSubmitTakesOnlyAnswersItsWaveChecked(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessLink)
	entry := enter(t, db, w.LinkCode)
	other, errs := shipped(t, "pulse").Definition.CheckResponse(pulseAnswers)
	if errs != nil {
		t.Fatal(errs)
	}
	for name, answers := range map[string]survey.Checked{"never checked": {}, "checked by another definition": other} {
		if err := db.Submit(ctx, entry, answers); err != errNotChecked {
			t.Errorf("%s: %v, want refused", name, err)
		}
	}
	if n, _ := db.CountResponses(ctx, w.ID); n != 0 {
		t.Errorf("%d responses stored", n)
	}
}
