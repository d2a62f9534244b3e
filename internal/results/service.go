package results

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// maxPending bounds the committed responses waiting to be counted in
// memory. Past it they are dropped, and the waves they belong to are
// counted again from the database when next asked for.
const maxPending = 100_000

// Service answers results questions. It keeps each wave's counts in
// memory, follows every commit of this process, counts a wave again from
// the database when anything else wrote to it, and publishes what may be
// seen in steps of at least k responses.
type Service struct {
	db  *store.DB
	now func() time.Time

	mu    sync.Mutex // guards waves and everything in them
	waves map[int64]*waveState

	pendingMu  sync.Mutex
	pending    []store.Committed
	overflowed bool
}

type waveState struct {
	def       *survey.Definition
	live      *WaveTally // every response stored, when counted
	stale     bool       // live missed responses and must be counted again
	published *WaveTally // what may be seen
	// views caches what is built from published, by breakdown: it stays
	// the same until k more responses are published.
	views map[int]Results
}

// NewService starts following the database's commits.
func NewService(db *store.DB) *Service {
	s := &Service{db: db, now: time.Now, waves: map[int64]*waveState{}}
	db.OnCommit(s.committed)
	return s
}

// committed queues a batch just stored; it runs in the store's batcher,
// so it only appends.
func (s *Service) committed(batch []store.Committed) {
	s.pendingMu.Lock()
	defer s.pendingMu.Unlock()
	if len(s.pending)+len(batch) > maxPending {
		s.pending, s.overflowed = nil, true
		return
	}
	s.pending = append(s.pending, batch...)
}

// applyPending counts the queued responses into the waves held in memory,
// each exactly once, by position. Called with s.mu held.
func (s *Service) applyPending() {
	s.pendingMu.Lock()
	pending, overflowed := s.pending, s.overflowed
	s.pending, s.overflowed = nil, false
	s.pendingMu.Unlock()
	for _, st := range s.waves {
		st.stale = st.stale || overflowed
	}
	for _, c := range pending {
		st := s.waves[c.WaveID]
		if st == nil || st.live == nil || st.stale {
			continue
		}
		switch counted := st.live.Whole.Responses; {
		case c.Position <= counted:
			// Already read from the database.
		case c.Position == counted+1:
			answers, err := st.def.DecodeStored(c.Answers)
			if err != nil {
				st.stale = true
				continue
			}
			st.live.Add(st.def, answers)
		default:
			st.stale = true // another process stored responses in between
		}
	}
}

// snapshot returns what may be seen of a wave now: the last published
// counts, published anew only when at least k responses have come since,
// so two looks at any time never differ by fewer than k people.
func (s *Service) snapshot(ctx context.Context, wave *survey.Wave) (*WaveTally, error) {
	count, err := s.db.CountResponses(ctx, wave.ID)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.waves[wave.ID]
	if st == nil {
		st = &waveState{def: wave.Definition}
		s.waves[wave.ID] = st
	}
	s.applyPending()
	if st.published == nil {
		if st.published, err = s.loadSnapshot(ctx, wave.ID); err != nil {
			return nil, err
		}
	}
	if (st.live == nil || st.stale) && st.published != nil && st.published.Whole.Responses == count {
		// Nothing came since the last publication (always so for a
		// closed wave): start from it rather than count every response.
		st.live, st.stale = st.published.Clone(), false
	}
	if st.live == nil || st.stale || st.live.Whole.Responses < count {
		live := NewWaveTally(st.def)
		if _, err := s.db.ReadResponses(ctx, wave.ID, func(stored []byte) error {
			answers, err := st.def.DecodeStored(stored)
			if err != nil {
				return err
			}
			live.Add(st.def, answers)
			return nil
		}); err != nil {
			return nil, fmt.Errorf("counting wave %d: %w", wave.ID, err)
		}
		st.live, st.stale = live, false
	}
	if st.published == nil || st.live.Whole.Responses-st.published.Whole.Responses >= st.def.MinGroupSize {
		published := st.live.Clone()
		if err := s.saveSnapshot(ctx, wave.ID, published); err != nil {
			return nil, err
		}
		st.published, st.views = published, nil
	}
	return st.published, nil
}

// view builds what may be shown of a wave's published tally with one
// breakdown, once per publication. The result is shared: do not change it.
func (s *Service) view(wave *survey.Wave, published *WaveTally, breakdown int) Results {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.waves[wave.ID]
	if st.published != published {
		// Published anew since the caller looked: build without caching.
		return Build(wave.Definition, published, breakdown)
	}
	if st.views == nil {
		st.views = map[int]Results{}
	}
	r, ok := st.views[breakdown]
	if !ok {
		r = Build(wave.Definition, published, breakdown)
		st.views[breakdown] = r
	}
	return r
}

func (s *Service) loadSnapshot(ctx context.Context, waveID int64) (*WaveTally, error) {
	state, _, ok, err := s.db.Snapshot(ctx, waveID)
	if err != nil || !ok {
		return nil, err
	}
	w := &WaveTally{}
	if err := gob.NewDecoder(bytes.NewReader(state)).Decode(w); err != nil {
		return nil, fmt.Errorf("reading the published results of wave %d: %w", waveID, err)
	}
	if w.Format != tallyFormat {
		return nil, nil // of an older version: counted again
	}
	return w, nil
}

func (s *Service) saveSnapshot(ctx context.Context, waveID int64, w *WaveTally) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(w); err != nil {
		return err
	}
	return s.db.SaveSnapshot(ctx, waveID, w.Whole.Responses, buf.Bytes())
}

// WaveInfo says which wave results are for.
type WaveInfo struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Survey   string `json:"survey"`
	Title    string `json:"title"`
	Status   string `json:"status"`
	OpenedOn string `json:"opened_on"`
	ClosesOn string `json:"closes_on,omitempty"`
}

// WaveResults is a wave's results as the API and pages show them.
type WaveResults struct {
	Wave WaveInfo `json:"wave"`
	// ResponseRate is responses over headcount, or over invitation codes
	// issued when there is no headcount; null when neither is known.
	ResponseRate *float64 `json:"response_rate"`
	Results
}

// Results returns what may be seen of a wave, broken down by the declared
// breakdown of the given questions (none for the whole wave only).
func (s *Service) Results(ctx context.Context, waveID int64, by []string) (*WaveResults, error) {
	wave, err := s.db.Wave(ctx, waveID)
	if err != nil {
		return nil, err
	}
	breakdown := NoBreakdown
	if len(by) > 0 {
		var ok bool
		if breakdown, ok = FindBreakdown(wave.Definition, by); !ok {
			return nil, survey.Errorf(survey.ErrInvalid, "results cannot be broken down by %s: this survey allows %s", strings.Join(by, " and "), declared(wave.Definition))
		}
	}
	return s.results(ctx, wave, breakdown)
}

func (s *Service) results(ctx context.Context, wave *survey.Wave, breakdown int) (*WaveResults, error) {
	snap, err := s.snapshot(ctx, wave)
	if err != nil {
		return nil, err
	}
	r := &WaveResults{Wave: info(wave, s.now()), Results: s.view(wave, snap, breakdown)}
	of := wave.Headcount
	if of == 0 {
		if of, err = s.db.CodesIssued(ctx, wave.ID); err != nil {
			return nil, err
		}
	}
	if of > 0 {
		rate := float64(r.Responses) / float64(of)
		r.ResponseRate = &rate
	}
	return r, nil
}

// WaveComments is a wave's comments as the API shows them.
type WaveComments struct {
	Wave      WaveInfo  `json:"wave"`
	Responses int       `json:"responses"`
	Hidden    bool      `json:"hidden"`
	Comments  []Comment `json:"comments"`
}

// Comments returns a wave's published comments, dated to the wave only.
func (s *Service) Comments(ctx context.Context, waveID int64) (*WaveComments, error) {
	wave, err := s.db.Wave(ctx, waveID)
	if err != nil {
		return nil, err
	}
	snap, err := s.snapshot(ctx, wave)
	if err != nil {
		return nil, err
	}
	return &WaveComments{
		Wave: info(wave, s.now()), Responses: snap.Whole.Responses, Hidden: snap.Whole.Responses < wave.Definition.MinGroupSize,
		Comments: Comments(wave.Definition, snap, uint64(wave.ID)),
	}, nil
}

func info(w *survey.Wave, now time.Time) WaveInfo {
	return WaveInfo{ID: w.ID, Name: w.Name, Survey: w.SurveyID, Title: w.Definition.Title, Status: string(w.Status(now)), OpenedOn: w.OpenedOn, ClosesOn: w.ClosesOn}
}

func declared(def *survey.Definition) string {
	if len(def.Breakdowns) == 0 {
		return "no breakdowns"
	}
	names := make([]string, len(def.Breakdowns))
	for i, b := range def.Breakdowns {
		names[i] = strings.Join(b.Questions, ",")
	}
	return "by=" + strings.Join(names, ", by=")
}

// WaveComparison is the change between two waves of a survey.
type WaveComparison struct {
	Earlier WaveInfo `json:"earlier"`
	Later   WaveInfo `json:"later"`
	Comparison
}

// Compare sets two waves of one survey side by side, whichever is given
// first: the earlier opened is the baseline.
func (s *Service) Compare(ctx context.Context, waveID, otherID int64, by []string) (*WaveComparison, error) {
	if waveID == otherID {
		return nil, survey.Errorf(survey.ErrInvalid, "a wave cannot be compared with itself; choose another wave of the survey")
	}
	earlier, err := s.db.Wave(ctx, waveID)
	if err != nil {
		return nil, err
	}
	later, err := s.db.Wave(ctx, otherID)
	if err != nil {
		return nil, err
	}
	if earlier.SurveyID != later.SurveyID {
		return nil, survey.Errorf(survey.ErrInvalid, "wave %d is of survey %q and wave %d of %q; only waves of the same survey can be compared", earlier.ID, earlier.SurveyID, later.ID, later.SurveyID)
	}
	if opensBefore(later, earlier) {
		earlier, later = later, earlier
	}
	earlierTally, err := s.snapshot(ctx, earlier)
	if err != nil {
		return nil, err
	}
	laterTally, err := s.snapshot(ctx, later)
	if err != nil {
		return nil, err
	}
	c, err := Compare(WaveData{earlier.Definition, earlierTally}, WaveData{later.Definition, laterTally}, by)
	if err != nil {
		return nil, err
	}
	now := s.now()
	return &WaveComparison{Earlier: info(earlier, now), Later: info(later, now), Comparison: c}, nil
}

func opensBefore(a, b *survey.Wave) bool {
	if a.OpenedOn != b.OpenedOn {
		return a.OpenedOn < b.OpenedOn
	}
	return a.ID < b.ID
}

// TrendPoint is one wave of a trend: its headline figures and theme
// scores, or only its count when it is under its threshold.
type TrendPoint struct {
	Wave         WaveInfo    `json:"wave"`
	Responses    int         `json:"responses"`
	Hidden       bool        `json:"hidden"`
	ResponseRate *float64    `json:"response_rate"`
	Indicators   []Indicator `json:"indicators,omitempty"`
	Themes       []Theme     `json:"themes,omitempty"`
}

// Trend is every wave of a survey, oldest first.
type Trend struct {
	Survey string       `json:"survey"`
	Title  string       `json:"title"`
	Waves  []TrendPoint `json:"waves"`
}

// Trend returns the headline figures and theme scores of every wave of a
// survey in the order they opened.
func (s *Service) Trend(ctx context.Context, surveyID string) (*Trend, error) {
	waves, err := s.db.Waves(ctx)
	if err != nil {
		return nil, err
	}
	waves = slices.DeleteFunc(waves, func(w *survey.Wave) bool { return w.SurveyID != surveyID })
	if len(waves) == 0 {
		return nil, survey.Errorf(survey.ErrNotFound, "no wave of a survey %q has been opened", surveyID)
	}
	return s.trend(ctx, surveyID, waves)
}

// Trends returns the trend of every survey that has a wave, the survey
// with the newest wave first, reading the waves once.
func (s *Service) Trends(ctx context.Context) ([]*Trend, error) {
	waves, err := s.db.Waves(ctx) // newest first
	if err != nil {
		return nil, err
	}
	var ids []string
	bySurvey := map[string][]*survey.Wave{}
	for _, w := range waves {
		if bySurvey[w.SurveyID] == nil {
			ids = append(ids, w.SurveyID)
		}
		bySurvey[w.SurveyID] = append(bySurvey[w.SurveyID], w)
	}
	trends := make([]*Trend, 0, len(ids))
	for _, id := range ids {
		t, err := s.trend(ctx, id, bySurvey[id])
		if err != nil {
			return nil, err
		}
		trends = append(trends, t)
	}
	return trends, nil
}

// trend orders one survey's waves as they opened and reads each.
func (s *Service) trend(ctx context.Context, surveyID string, waves []*survey.Wave) (*Trend, error) {
	slices.SortFunc(waves, func(a, b *survey.Wave) int {
		if opensBefore(a, b) {
			return -1
		}
		return 1
	})
	t := &Trend{Survey: surveyID, Title: waves[len(waves)-1].Definition.Title, Waves: make([]TrendPoint, 0, len(waves))}
	for _, w := range waves {
		r, err := s.results(ctx, w, NoBreakdown)
		if err != nil {
			return nil, err
		}
		t.Waves = append(t.Waves, TrendPoint{
			Wave: r.Wave, Responses: r.Responses, Hidden: r.Hidden, ResponseRate: r.ResponseRate,
			Indicators: r.Indicators, Themes: r.Themes,
		})
	}
	return t, nil
}
