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

// maxPendingBytes bounds the committed answers waiting to be counted in
// memory. They are counted as they come, so this is only reached when
// counting falls behind storing; past it they are dropped, and the waves
// they belong to are counted again from the database when next needed.
const maxPendingBytes = 16 << 20

// Service answers results questions from each wave's ledger of
// publications, shared by every process through the database. It keeps
// the counts of the waves it has published in memory, follows every commit
// of this process, and makes a new publication when enough responses have
// come and the anonymity audit allows it.
type Service struct {
	db  *store.DB
	now func() time.Time

	mu    sync.Mutex // guards waves and everything in them
	waves map[int64]*waveState

	pendingMu    sync.Mutex
	pending      []store.Committed
	pendingBytes int
	overflowed   bool
	kick         chan struct{}
}

type waveState struct {
	def    *survey.Definition
	live   *WaveTally // every response stored, when counted
	stale  bool       // live missed responses and must be counted again
	ledger []*Publication
	// views caches what is built from the latest publication, by
	// breakdown; compared, its comparisons with an earlier wave's.
	views    map[int]Results
	compared map[comparedKey]Comparison
	// refusedAt is the response count at which the audit last found nothing
	// new to publish; it is not tried again until k more have come.
	refusedAt int
	// publishing is closed when the publication under way is made; nil
	// when none is.
	publishing chan struct{}
}

// NewService starts following the database's commits, until it closes.
func NewService(db *store.DB) *Service {
	s := &Service{db: db, now: time.Now, waves: map[int64]*waveState{}, kick: make(chan struct{}, 1)}
	db.OnCommit(s.committed)
	go s.countAsTheyCome()
	return s
}

// committed queues a batch just stored and wakes the counter; it runs in
// the store's batcher, so it only appends.
func (s *Service) committed(batch []store.Committed) {
	size := 0
	for _, c := range batch {
		size += len(c.Answers)
	}
	s.pendingMu.Lock()
	if s.pendingBytes+size > maxPendingBytes {
		s.pending, s.pendingBytes, s.overflowed = nil, 0, true
	} else {
		s.pending, s.pendingBytes = append(s.pending, batch...), s.pendingBytes+size
	}
	s.pendingMu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// countAsTheyCome counts committed responses into the waves held in
// memory as soon as they are stored, so nothing waits for a reader.
func (s *Service) countAsTheyCome() {
	for {
		select {
		case <-s.db.Closed():
			return
		case <-s.kick:
			s.mu.Lock()
			s.applyPending()
			s.mu.Unlock()
		}
	}
}

// applyPending counts the queued responses into the waves held in memory,
// each exactly once, by position. Called with s.mu held.
func (s *Service) applyPending() {
	s.pendingMu.Lock()
	pending, overflowed := s.pending, s.overflowed
	s.pending, s.pendingBytes, s.overflowed = nil, 0, false
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

// publishWait is how long a read waits for a publication under way before
// it shows the one before; the new one follows on a later read.
const publishWait = 5 * time.Second

// latest returns a wave's newest publication (nil when there is none) and
// how many responses it has received, first starting a new publication
// when one is due (enough responses have come since the last) and
// waiting for it a while. The audit runs without the service's lock, so a
// long one holds up no other reader.
func (s *Service) latest(ctx context.Context, wave *survey.Wave) (*Publication, int, error) {
	received, err := s.db.CountResponses(ctx, wave.ID)
	if err != nil {
		return nil, 0, err
	}
	s.mu.Lock()
	st := s.waves[wave.ID]
	if st == nil {
		st = &waveState{def: wave.Definition}
		s.waves[wave.ID] = st
	}
	if err := s.readLedger(ctx, wave.ID, st); err != nil {
		s.mu.Unlock()
		return nil, 0, err
	}
	final := wave.Status(s.now()) == survey.StatusClosed
	if st.publishing == nil && s.due(st, received, final) {
		in, err := s.prepare(ctx, wave.ID, st, final)
		if err != nil {
			s.mu.Unlock()
			return nil, 0, err
		}
		if in != nil {
			st.publishing = make(chan struct{})
			go s.publish(wave.ID, st, *in, st.publishing)
		}
	}
	wait := st.publishing
	s.mu.Unlock()
	if wait != nil {
		select {
		case <-wait:
		case <-time.After(publishWait):
		case <-ctx.Done():
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(st.ledger) == 0 {
		return nil, received, nil
	}
	return st.ledger[len(st.ledger)-1], received, nil
}

// due says whether a new publication may be worth making; Publish has the
// last word.
func (s *Service) due(st *waveState, received int, final bool) bool {
	switch nextPublication(st.def.MinGroupSize, st.ledger, received, final) {
	case finalAsItStands:
		return true
	case freshPublication:
		return received-st.refusedAt >= st.def.MinGroupSize
	}
	return false
}

// readLedger reads the publications other processes have added.
func (s *Service) readLedger(ctx context.Context, waveID int64, st *waveState) error {
	after := 0
	if len(st.ledger) > 0 {
		after = st.ledger[len(st.ledger)-1].Seq
	}
	newest, err := s.db.LatestPublication(ctx, waveID)
	if err != nil || newest == after {
		return err
	}
	stored, err := s.db.Publications(ctx, waveID, after)
	if err != nil {
		return err
	}
	for _, sp := range stored {
		p := &Publication{}
		if err := gob.NewDecoder(bytes.NewReader(sp.State)).Decode(p); err != nil {
			return fmt.Errorf("reading publication %d of wave %d: %w", sp.Seq, waveID, err)
		}
		if p.Format != tallyFormat {
			return fmt.Errorf("publication %d of wave %d was written by another version of Sayso (format %d, not %d)", sp.Seq, waveID, p.Format, tallyFormat)
		}
		st.ledger = append(st.ledger, p)
	}
	st.views, st.compared = nil, nil
	return nil
}

// prepare counts the wave up to date and reads its comments, for a
// publication made from copies while the lock is free. Called with s.mu
// held; nil when responses kept coming while it read.
func (s *Service) prepare(ctx context.Context, waveID int64, st *waveState, final bool) (*Input, error) {
	positions := map[string]int{}
	for i, q := range st.def.Questions() {
		if q.Type == survey.Text {
			positions[q.ID] = i
		}
	}
	for range 3 {
		count, comments, err := s.db.ReadComments(ctx, waveID, positions)
		if err != nil {
			return nil, err
		}
		s.applyPending()
		if st.live == nil || st.stale || st.live.Whole.Responses < count {
			if err := s.countAgain(ctx, waveID, st); err != nil {
				return nil, err
			}
		}
		if st.live.Whole.Responses != count {
			continue // more came while reading: read again
		}
		return &Input{Def: st.def, Ledger: slices.Clone(st.ledger), Live: st.live.Clone(), Comments: comments, Final: final, Today: s.now().Format(survey.DateLayout)}, nil
	}
	return nil, nil
}

// publish makes the publication the audit allows and adds it to the
// ledger, unless another process added one first: then that one stands.
// A failure to store it is not lost: the next read tries again.
func (s *Service) publish(waveID int64, st *waveState, in Input, done chan struct{}) {
	defer close(done)
	p := Publish(in)
	var state bytes.Buffer
	if p != nil {
		if err := gob.NewEncoder(&state).Encode(p); err != nil {
			p = nil
		}
	}
	ctx := context.Background()
	s.mu.Lock()
	defer s.mu.Unlock()
	st.publishing = nil
	if p == nil {
		st.refusedAt = in.Live.Whole.Responses
		return
	}
	err := s.db.AddPublication(ctx, waveID, store.Publication{Seq: p.Seq, Responses: p.Responses, Final: p.Final, On: p.On, State: state.Bytes()})
	if err != nil {
		// Another process published first, or the database failed: read
		// what the ledger holds.
		_ = s.readLedger(ctx, waveID, st)
		return
	}
	st.ledger, st.views, st.compared = append(st.ledger, p), nil, nil
}

// countAgain counts every stored response of a wave from the database.
func (s *Service) countAgain(ctx context.Context, waveID int64, st *waveState) error {
	live := NewWaveTally(st.def)
	if _, err := s.db.ReadResponses(ctx, waveID, func(stored []byte) error {
		answers, err := st.def.DecodeStored(stored)
		if err != nil {
			return err
		}
		live.Add(st.def, answers)
		return nil
	}); err != nil {
		return fmt.Errorf("counting wave %d: %w", waveID, err)
	}
	st.live, st.stale = live, false
	return nil
}

// view builds what may be shown of a wave's publication with one
// breakdown, once per publication. The result is shared: do not change it.
func (s *Service) view(wave *survey.Wave, p *Publication, breakdown int) Results {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.waves[wave.ID]
	if len(st.ledger) == 0 || st.ledger[len(st.ledger)-1] != p {
		return Build(wave.Definition, p, breakdown)
	}
	if st.views == nil {
		st.views = map[int]Results{}
	}
	r, ok := st.views[breakdown]
	if !ok {
		r = Build(wave.Definition, p, breakdown)
		st.views[breakdown] = r
	}
	return r
}

// comparedKey is what a comparison with the latest publication of the
// later wave is made of besides it: the earlier wave's publication and
// the breakdown. A newer publication of either wave is another key.
type comparedKey struct {
	earlier *Publication
	by      string
}

// compare sets two waves' publications side by side, once for each pair
// of publications and breakdown: the comparison is cached with the later
// wave's views. The result is shared: do not change it.
func (s *Service) compare(earlier, later WaveData, laterID int64, by []string) (Comparison, error) {
	key := comparedKey{earlier.Pub, strings.Join(by, "\x00")}
	s.mu.Lock()
	st := s.waves[laterID]
	current := len(st.ledger) > 0 && st.ledger[len(st.ledger)-1] == later.Pub
	c, ok := st.compared[key]
	s.mu.Unlock()
	if current && ok {
		return c, nil
	}
	c, err := Compare(earlier, later, by)
	if err != nil || !current {
		return c, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(st.ledger) > 0 && st.ledger[len(st.ledger)-1] == later.Pub {
		if st.compared == nil {
			st.compared = map[comparedKey]Comparison{}
		}
		st.compared[key] = c
	}
	return c, nil
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

// PublicationInfo says which publication results come from.
type PublicationInfo struct {
	Seq int `json:"seq"`
	// Interim is true while the wave is open: more responses may come, and
	// a later publication will show them.
	Interim bool   `json:"interim"`
	On      string `json:"published_on"`
}

// WaveResults is a wave's results as the API and pages show them.
type WaveResults struct {
	Wave WaveInfo `json:"wave"`
	// Received is every response stored, published or not: a count says
	// nothing of anyone's answers.
	Received int `json:"received"`
	// Withheld is how many received responses no publication shows yet.
	Withheld int `json:"withheld"`
	// Publication is null until the first one.
	Publication *PublicationInfo `json:"publication"`
	// ResponseRate is responses received over headcount, or over invitation
	// codes issued when there is no headcount; null when neither is known.
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
	return s.ResultsOf(ctx, wave, by)
}

// ResultsOf is Results of a wave already read.
func (s *Service) ResultsOf(ctx context.Context, wave *survey.Wave, by []string) (*WaveResults, error) {
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
	pub, received, err := s.latest(ctx, wave)
	if err != nil {
		return nil, err
	}
	r := &WaveResults{Wave: info(wave, s.now()), Received: received, Results: s.view(wave, pub, breakdown)}
	r.Withheld = received - r.Responses
	if pub != nil {
		r.Publication = &PublicationInfo{Seq: pub.Seq, Interim: !pub.Final, On: pub.On}
	}
	of := wave.Headcount
	if of == 0 {
		if of, err = s.db.CodesIssued(ctx, wave.ID); err != nil {
			return nil, err
		}
	}
	if of > 0 {
		r.ResponseRate = new(float64(received) / float64(of))
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

// Comments returns a wave's published comments, dated to the wave only, in
// the order of their publication's shuffle.
func (s *Service) Comments(ctx context.Context, waveID int64) (*WaveComments, error) {
	wave, err := s.db.Wave(ctx, waveID)
	if err != nil {
		return nil, err
	}
	return s.CommentsOf(ctx, wave)
}

// CommentsOf is Comments of a wave already read.
func (s *Service) CommentsOf(ctx context.Context, wave *survey.Wave) (*WaveComments, error) {
	pub, _, err := s.latest(ctx, wave)
	if err != nil {
		return nil, err
	}
	c := &WaveComments{Wave: info(wave, s.now()), Hidden: !pub.Covers(), Comments: []Comment{}}
	if pub != nil {
		c.Responses = pub.Responses
		tagger := NewCommentTagger(wave.Definition)
		for _, q := range wave.Definition.Questions() {
			for _, text := range pub.Comments[q.ID] {
				c.Comments = append(c.Comments, tagger.Comment(q.ID, text))
			}
		}
	}
	return c, nil
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
	earlierPub, _, err := s.latest(ctx, earlier)
	if err != nil {
		return nil, err
	}
	laterPub, _, err := s.latest(ctx, later)
	if err != nil {
		return nil, err
	}
	c, err := s.compare(WaveData{earlier.Definition, earlierPub}, WaveData{later.Definition, laterPub}, later.ID, by)
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
	Wave WaveInfo `json:"wave"`
	// Received counts every response; Responses those published.
	Received     int         `json:"received"`
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
			Wave: r.Wave, Received: r.Received, Responses: r.Responses, Hidden: r.Hidden, ResponseRate: r.ResponseRate,
			Indicators: r.Indicators, Themes: r.Themes,
		})
	}
	return t, nil
}
