package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sayso/sayso/internal/survey"
)

// maxBatch bounds how many responses share one transaction.
const maxBatch = 512

// maxQueuedBytes bounds the answers held in memory waiting to be stored,
// so that a flood of submissions fills no more than this; beyond it a
// submission is refused as unavailable, to be tried again.
const maxQueuedBytes = 16 << 20

// errStopped answers submissions that arrive while the database closes.
var errStopped = errors.New("the database is closing")

// submission is one response waiting for its transaction.
type submission struct {
	waveID   int64
	codeHash []byte // nil when the response came through the shared link
	// tokenHash is the one-time submission token's, nil for the API.
	tokenHash []byte
	answers   []byte
	done      chan error
}

// batcher stores responses with group commit: one goroutine takes every
// submission that is waiting, stores them all in one transaction, and
// answers each only once that transaction is on disk. One fsync then
// serves many responses, which a commit per request cannot match.
type batcher struct {
	db      *DB
	queue   chan *submission
	queued  atomic.Int64 // bytes of answers submitted and not yet answered
	mu      sync.RWMutex // held for reading while queueing, for writing to stop
	closed  bool
	stopped chan struct{}
	// When the batcher last stored responses, when it first did since the
	// last seal, the earliest it may seal again, and the seals that failed
	// since the last that did not (seal_soon.go); only its goroutine
	// touches them. maxUnsealed is the constant of that name but in tests.
	lastStored, unsealedSince, nextSeal time.Time
	sealFailures                        int
	maxUnsealed                         time.Duration
}

func newBatcher(db *DB) *batcher {
	b := &batcher{db: db, queue: make(chan *submission, maxBatch), stopped: make(chan struct{}), maxUnsealed: maxUnsealed}
	go b.run()
	return b
}

// errNotChecked refuses answers checked by another definition than the
// wave's: a fault in the caller, never the respondent's.
var errNotChecked = errors.New("the answers were not checked against the wave's definition")

// Submit stores one response and returns once it is durable, or with the
// reason it was refused: a used invitation code is a conflict, a wave closed
// meanwhile or at its cap is gone, a full queue or a storage fault is
// unavailable. It takes only answers the wave's own definition checked.
func (db *DB) Submit(ctx context.Context, entry *Entry, answers survey.Checked) error {
	return db.submit(ctx, &submission{waveID: entry.Wave.ID}, entry, answers)
}

// SubmitOnce is Submit for a form carrying a one-time submission token from
// IssueSubmissionToken: the token is spent in the transaction that stores
// the response, so a second response with it is refused with
// ErrAlreadySubmitted. Nothing records which response spent it.
func (db *DB) SubmitOnce(ctx context.Context, entry *Entry, answers survey.Checked, token string) error {
	return db.submit(ctx, &submission{waveID: entry.Wave.ID, tokenHash: hashToken(token)}, entry, answers)
}

func (db *DB) submit(ctx context.Context, s *submission, entry *Entry, answers survey.Checked) error {
	if !answers.CheckedBy(entry.Wave.Definition) {
		return errNotChecked
	}
	s.answers = answers.Encoded()
	s.done = make(chan error, 1)
	if entry.Invitation {
		s.codeHash = hashCode(entry.code)
	}
	b := db.responses
	size := int64(len(s.answers))
	if b.queued.Add(size) > maxQueuedBytes {
		b.queued.Add(-size)
		return survey.Errorf(survey.ErrUnavailable, "the service is busy storing other answers; nothing was saved, so please try again in a minute")
	}
	defer b.queued.Add(-size)
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		return errStopped
	}
	select {
	case b.queue <- s:
		b.mu.RUnlock()
	case <-ctx.Done():
		b.mu.RUnlock()
		return ctx.Err()
	}
	// Once queued, the outcome is waited for whatever the caller's context
	// says, so a response is never stored without its answer being known.
	return <-s.done
}

func (b *batcher) stop() {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.queue)
	}
	b.mu.Unlock()
	<-b.stopped
}

func (b *batcher) run() {
	defer close(b.stopped)
	batch := make([]*submission, 0, maxBatch)
	sealTimer := time.NewTimer(0)
	sealTimer.Stop()
	for {
		var first *submission
		select {
		case <-sealTimer.C:
			b.sealSoon(context.Background())
			if b.db.unsealed.Load() {
				sealTimer.Reset(b.untilSeal())
			}
			continue
		case s, ok := <-b.queue:
			if !ok {
				// Nothing is left in arrival order when the database
				// closes, unless the file cannot be written.
				b.sealSoon(context.Background())
				return
			}
			first = s
		}
		batch = append(batch[:0], first)
	drain:
		for len(batch) < maxBatch {
			select {
			case s, ok := <-b.queue:
				if !ok {
					break drain
				}
				batch = append(batch, s)
			default:
				break drain
			}
		}
		results := b.commit(batch)
		// Empty the log before answering, so that once a respondent is told
		// their answers are stored no copy of the log holds them; but only
		// when nothing else waits to be stored (under load, each commit
		// holds many responses, their codes among them in no order).
		if len(b.queue) == 0 {
			b.db.forget(context.Background())
		}
		if slices.Contains(results, nil) {
			b.stored(time.Now())
			sealTimer.Reset(b.untilSeal())
		}
		for i, s := range batch {
			s.done <- results[i]
		}
	}
}

// commit stores a batch in one transaction. A refused response (used code,
// closed or full wave) does not hold the others back; a failed transaction
// fails them all, and none of them is stored.
func (b *batcher) commit(batch []*submission) []error {
	results, err := b.store(batch)
	if err != nil {
		// After store returns, so the transaction has let go of the
		// connection writeFault may close.
		err = b.db.writeFault(err)
		for i := range results {
			results[i] = err
		}
	}
	return results
}

// store writes the batch. The driver compiles SQL on every execution, so
// the batch is written with one statement of each kind rather than one per
// response.
func (b *batcher) store(batch []*submission) ([]error, error) {
	results := make([]error, len(batch))
	fail := func(err error) ([]error, error) {
		return results, err
	}
	ctx := context.Background()
	tx, err := b.db.write.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	today := b.db.now().Format(survey.DateLayout)
	waves := make(map[int64]*waveRoom)
	for i, s := range batch {
		room, checked := waves[s.waveID]
		if !checked {
			if room, err = waveTakesAnswers(ctx, tx, s.waveID, today); err != nil {
				return fail(err)
			}
			waves[s.waveID] = room
		}
		results[i] = room.take()
	}
	if err := spendTokens(ctx, tx, batch, results); err != nil {
		return fail(err)
	}
	if err := spendCodes(ctx, tx, batch, results); err != nil {
		return fail(err)
	}
	if err := b.insertResponses(ctx, tx, batch, results, today); err != nil {
		return fail(err)
	}
	stored := make(map[int64]int)
	for i, s := range batch {
		if results[i] == nil {
			stored[s.waveID]++
		}
	}
	next := make(map[int64]int, len(stored)) // each wave's first position in this batch
	for waveID, n := range stored {
		var total int
		if err := tx.QueryRowContext(ctx, "UPDATE waves SET responses = responses + ? WHERE id = ? RETURNING responses", n, waveID).Scan(&total); err != nil {
			return fail(err)
		}
		next[waveID] = total - n + 1
	}
	var committed []Committed
	for i, s := range batch {
		if results[i] == nil {
			committed = append(committed, Committed{WaveID: s.waveID, Position: next[s.waveID], Answers: s.answers})
			next[s.waveID]++
		}
	}
	// A file deleted or replaced under the server still takes writes, which
	// nobody would read again: no response is acknowledged into it.
	if err := b.db.checkFile(); err != nil {
		return fail(err)
	}
	// Readers of the counts hold commitMu too, so none sees this commit
	// before the hook has seen it.
	b.db.commitMu.Lock()
	defer b.db.commitMu.Unlock()
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	if len(committed) > 0 {
		b.db.unsealed.Store(true)
	}
	if hook := b.db.onCommit; hook != nil && len(committed) > 0 {
		hook(committed)
	}
	return results, nil
}

// Committed is one response just stored, as OnCommit hands it on.
// Position is where it brings its wave's response count (1 for the first):
// a count, known only in memory, never stored with the response.
type Committed struct {
	WaveID   int64
	Position int
	Answers  []byte
}

// OnCommit sets a function called with every batch of responses right
// after it is committed, before any reader of ResponseCount can see it.
// Set it before serving; it must be quick and must not call the store.
func (db *DB) OnCommit(hook func([]Committed)) {
	db.onCommit = hook
}

// spendCodes marks the batch's invitation codes used, in one statement per
// wave. A code already used, or used twice in the batch, lets in only the
// first response that carries it.
func spendCodes(ctx context.Context, tx *sql.Tx, batch []*submission, results []error) error {
	byWave := make(map[int64][]int)
	for i, s := range batch {
		if s.codeHash != nil && results[i] == nil {
			byWave[s.waveID] = append(byWave[s.waveID], i)
		}
	}
	for waveID, members := range byWave {
		args := []any{waveID}
		for _, i := range members {
			args = append(args, batch[i].codeHash)
		}
		rows, err := tx.QueryContext(ctx, "UPDATE codes SET used = 1 WHERE wave_id = ? AND used = 0 AND hash IN (?"+
			strings.Repeat(", ?", len(members)-1)+") RETURNING hash", args...)
		if err != nil {
			return err
		}
		spent := make(map[string]bool)
		for rows.Next() {
			var hash []byte
			if err := rows.Scan(&hash); err != nil {
				rows.Close()
				return err
			}
			spent[string(hash)] = true
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, i := range members {
			if spent[string(batch[i].codeHash)] {
				delete(spent, string(batch[i].codeHash))
			} else {
				results[i] = unspendable(ctx, tx, batch[i].codeHash)
			}
		}
	}
	return nil
}

// unspendable says why a code could not be spent: used already, or
// replaced by a reminder's while its holder was answering.
func unspendable(ctx context.Context, tx *sql.Tx, hash []byte) error {
	var replaced int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM replaced_codes WHERE hash = ?", hash).Scan(&replaced); err == nil && replaced > 0 {
		return errCodeReplaced
	}
	return errCodeUsed
}

// spendTokens marks the batch's submission tokens used. A token unknown,
// used already or used twice in the batch lets in no response after the
// first that carries it; tokens are spent before codes, so a response
// refused for its token never spends an invitation code.
func spendTokens(ctx context.Context, tx *sql.Tx, batch []*submission, results []error) error {
	for i, s := range batch {
		if s.tokenHash == nil || results[i] != nil {
			continue
		}
		res, err := tx.ExecContext(ctx, "UPDATE submission_tokens SET used = 1 WHERE hash = ? AND wave_id = ? AND used = 0", s.tokenHash, s.waveID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			results[i] = ErrAlreadySubmitted
		}
	}
	return nil
}

// errCodeUsed refuses an invitation code that has been spent, in words for
// the person who holds it.
var errCodeUsed = survey.Errorf(survey.ErrConflict, "This invitation code has already been used, and each code can be used once. If you have just submitted your answers, they have been saved.")

// insertRowsPerStatement keeps each INSERT's parameters well under
// SQLite's limit of 32766.
const insertRowsPerStatement = 256

// A response's key is its wave's id above randomKeyBits random bits. One
// wave's responses lie together in the table, so reading a wave needs no
// index and storing a response writes no index page; within the wave,
// keys are random and their order says nothing of when responses came.
const randomKeyBits = 40

// maxWaveID is the largest wave id a response key has room for.
const maxWaveID = 1<<(63-randomKeyBits) - 1

// waveKeys is the range of keys a wave's responses lie in.
func waveKeys(waveID int64) (first, last int64) {
	return waveID << randomKeyBits, waveID<<randomKeyBits | (1<<randomKeyBits - 1)
}

// randomResponseKey draws a key in a wave's range from crypto/rand.
func randomResponseKey(waveID int64) int64 {
	var bits [8]byte
	rand.Read(bits[:]) // never fails
	first, last := waveKeys(waveID)
	return first | int64(binary.LittleEndian.Uint64(bits[:]))&(last-first)
}

// keyDraws bounds how often a batch draws again for keys already taken.
// In a wave of a million responses, about one draw in a million meets a
// taken key, so a response that needs a second draw is rare and one that
// needs a ninth does not happen.
const keyDraws = 8

// insertResponses writes the batch's accepted responses with multi-row
// INSERTs, in key order, which says nothing of arrival. A response whose key another already has, in the table or the
// batch, draws a new one and is written again: OR IGNORE skips it, where a
// conflict would fail the whole batch, and RETURNING says which went in.
func (b *batcher) insertResponses(ctx context.Context, tx *sql.Tx, batch []*submission, results []error, today string) error {
	var unkeyed []int
	for i := range batch {
		if results[i] == nil {
			unkeyed = append(unkeyed, i)
		}
	}
	for draw := 0; len(unkeyed) > 0; draw++ {
		if draw == keyDraws {
			return &survey.Error{Code: survey.ErrUnavailable, Message: cannotStore,
				Cause: fmt.Errorf("no free key for %d responses in %d draws", len(unkeyed), keyDraws)}
		}
		keyed := make(map[int64]int, len(unkeyed)) // key -> position in the batch
		var again []int
		for _, i := range unkeyed {
			key := b.db.responseKey(batch[i].waveID)
			if _, taken := keyed[key]; taken {
				again = append(again, i)
				continue
			}
			keyed[key] = i
		}
		keys := slices.Sorted(maps.Keys(keyed))
		for chunk := range slices.Chunk(keys, insertRowsPerStatement) {
			stored, err := insertKeyed(ctx, tx, chunk, keyed, batch, today)
			if err != nil {
				return err
			}
			for _, key := range chunk {
				if !stored[key] {
					again = append(again, keyed[key])
				}
			}
		}
		unkeyed = again
	}
	return nil
}

// insertKeyed writes one INSERT's rows and returns the keys it stored.
func insertKeyed(ctx context.Context, tx *sql.Tx, keys []int64, keyed map[int64]int, batch []*submission, today string) (map[int64]bool, error) {
	args := make([]any, 0, 3*len(keys))
	for _, key := range keys {
		args = append(args, key, today, batch[keyed[key]].answers)
	}
	rows, err := tx.QueryContext(ctx, "INSERT OR IGNORE INTO responses (id, submitted_on, answers) VALUES (?, ?, ?)"+
		strings.Repeat(", (?, ?, ?)", len(keys)-1)+" RETURNING id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := make(map[int64]bool, len(keys))
	for rows.Next() {
		var key int64
		if err := rows.Scan(&key); err != nil {
			return nil, err
		}
		stored[key] = true
	}
	return stored, rows.Err()
}

// waveRoom is what one wave takes of a batch: a refusal for all, or a
// number of responses (-1 for any).
type waveRoom struct {
	refused error
	name    string
	left    int
}

// take counts one response in, or says why it is refused. A response a
// used code refuses later has still taken its place, so a wave at its cap
// may turn away a response it had room for, never store one too many.
func (r *waveRoom) take() error {
	switch {
	case r.refused != nil:
		return r.refused
	case r.left == 0:
		return errWaveFull(r.name)
	case r.left > 0:
		r.left--
	}
	return nil
}

// waveTakesAnswers reads, in the storing transaction, whether a wave is
// open and how many more responses its cap lets in.
func waveTakesAnswers(ctx context.Context, tx *sql.Tx, waveID int64, today string) (*waveRoom, error) {
	var closed bool
	var closesOn string
	var responses, maxResponses int
	room := &waveRoom{left: -1}
	err := tx.QueryRowContext(ctx, "SELECT name, closed, coalesce(closes_on, ''), responses, max_responses FROM waves WHERE id = ?", waveID).
		Scan(&room.name, &closed, &closesOn, &responses, &maxResponses)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		room.refused = survey.Errorf(survey.ErrNotFound, "there is no wave %d", waveID)
	case err != nil:
		return nil, err
	case closed || (closesOn != "" && today > closesOn):
		room.refused = survey.Errorf(survey.ErrGone, "This survey has closed, so it no longer takes answers.")
	case maxResponses > 0:
		room.left = max(0, maxResponses-responses)
	}
	return room, nil
}

// errWaveFull refuses a response to a wave that has all it takes.
func errWaveFull(name string) error {
	return survey.Errorf(survey.ErrGone, "%s has received all the responses it takes and no longer takes answers", name)
}

// CountResponses is the number of responses stored for a wave, as of the
// last commit every OnCommit hook has seen.
func (db *DB) CountResponses(ctx context.Context, waveID int64) (int, error) {
	db.commitMu.RLock()
	defer db.commitMu.RUnlock()
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT responses FROM waves WHERE id = ?", waveID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, survey.Errorf(survey.ErrNotFound, "there is no wave %d", waveID)
	}
	return n, readFault(err)
}

// ReadResponses calls fn with every stored response of a wave, and returns
// how many there were. No response is committed while it reads, so the
// count is the wave's count, and every response with a Position up to it
// is among those read.
func (db *DB) ReadResponses(ctx context.Context, waveID int64, fn func(answers []byte) error) (int, error) {
	db.commitMu.RLock()
	defer db.commitMu.RUnlock()
	first, last := waveKeys(waveID)
	rows, err := db.read.QueryContext(ctx, "SELECT answers FROM responses WHERE id BETWEEN ? AND ?", first, last)
	if err != nil {
		return 0, readFault(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var answers []byte
		if err := rows.Scan(&answers); err != nil {
			return n, readFault(err)
		}
		if err := fn(answers); err != nil {
			return n, err
		}
		n++
	}
	return n, readFault(rows.Err())
}
