package results

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/sayso/sayso/internal/disclosure"
	"github.com/sayso/sayso/internal/survey"
)

// Input is what a new publication is made from.
type Input struct {
	Def *survey.Definition
	// Ledger is the wave's publications so far, oldest first.
	Ledger []*Publication
	// Live is every response stored, counted.
	Live *WaveTally
	// Comments are the text answers of those responses, by question.
	Comments map[string][]string
	// Final is set once the wave has closed.
	Final bool
	// Today is the date the publication is made on.
	Today string
}

// Publish makes the next publication of a wave, or returns nil when there
// is none to make: fewer than k responses in all, too few new since the
// last (k, and a tenth of the last publication's count while the wave is
// open, so that publications stay few), or nothing new that passes the
// audit.
//
// The publication starts from everything there is to show and applies the
// minimum group size k to every group and to every question within a
// group. The exact audit (package disclosure) then looks at everything
// published so far together with it, and withholds more, one row at a
// time, until no set of 1 to k−1 respondents is determined: a question in a
// group before the group, the smallest first.
func Publish(in Input) *Publication {
	switch nextPublication(in.Def.MinGroupSize, in.Ledger, in.Live.Whole.Responses, in.Final) {
	case noPublication:
		return nil
	case finalAsItStands:
		// Too few came after the last publication to show them: the wave's
		// results are final as they stand, and those few stay withheld.
		final := *in.Ledger[len(in.Ledger)-1]
		final.Seq, final.Final, final.On = final.Seq+1, true, in.Today
		return &final
	}
	a, ok := prepare(in)
	if !ok || !a.settleAll(append(a.questionTasks(), a.themeTasks()...)) {
		return nil
	}
	return a.pubs[len(a.pubs)-1]
}

// prepare starts the new publication from everything there is to show,
// applies k to every group and question, settles the sizes of groups and
// decides on comments. It reports false when only withholding the whole
// wave would do.
func prepare(in Input) (*audit, bool) {
	def := in.Def
	p := &Publication{
		Format: tallyFormat, Seq: len(in.Ledger) + 1, Responses: in.Live.Whole.Responses, Final: in.Final, On: in.Today,
		Whole: in.Live.Whole.Clone(), Groups: map[string]*Tally{}, Cells: map[string]Cell{},
		Comments: map[string][]string{}, CommentsAt: map[string]int{},
	}
	for key, c := range in.Live.Cells {
		p.Cells[key] = c.clone()
	}
	for key, t := range in.Live.Groups {
		if t.Responses >= def.MinGroupSize {
			p.Groups[key] = t.Clone()
		}
	}
	a := newAudit(def, in.Ledger, p, in.Live.Segments)
	for _, t := range a.tallies(len(in.Ledger)) {
		a.primary(t.tally, t.group == "")
	}
	if !a.settle(a.sizeSystem) {
		return nil, false
	}
	a.comments(in)
	return a, true
}

// questionTasks settles each question's system: comments are protected by
// their own rule (see comments), as who wrote one is known to nobody, so
// their number is no size.
func (a *audit) questionTasks() []task {
	var tasks []task
	for _, q := range a.def.Questions() {
		if !a.profile[q.ID] && q.Type != survey.Text {
			tasks = append(tasks, task{settle: func(a *audit) bool { return a.settleQuestion(q) }})
		}
	}
	return tasks
}

// themeTasks settles each theme's sets. A theme's score is withheld with
// any of its statements, so they come after the questions; a theme's sets
// share its rows, so they are one task.
func (a *audit) themeTasks() []task {
	var tasks []task
	for _, th := range a.def.Themes {
		tasks = append(tasks, task{theme: th.ID, settle: func(a *audit) bool {
			for m := range len(a.def.ThemeQuestions(th.ID)) {
				if !a.settleQuestion(&survey.Question{ID: themeSet(th.ID, m+1)}) {
					return false
				}
			}
			return true
		}})
	}
	return tasks
}

// settleQuestion settles the system of a question, or of a theme's set.
func (a *audit) settleQuestion(q *survey.Question) bool {
	a.stepped(q.ID)
	return a.settle(func() (*disclosure.System, []rowRef, []disclosure.Query) { return a.questionSystem(q) })
}

// nextKind is what the next publication of a wave would be.
type nextKind int

const (
	noPublication    nextKind = iota // too few responses in all, or since the last
	freshPublication                 // one from every response received
	finalAsItStands                  // the last one again, marked final
)

// nextPublication applies the rule of steps: a publication needs k
// responses, and k more than the last (while the wave is open, a tenth
// more too, so that publications stay few); once the wave has closed, one
// with too few new responses is the last one, final.
func nextPublication(k int, ledger []*Publication, received int, final bool) nextKind {
	last := 0
	if len(ledger) > 0 {
		last = ledger[len(ledger)-1].Responses
	}
	step := k
	if !final {
		step = max(k, (last+9)/10)
	}
	switch {
	case received >= k && received-last >= step:
		return freshPublication
	case final && len(ledger) > 0 && !ledger[len(ledger)-1].Final:
		return finalAsItStands
	}
	return noPublication
}

// rowKind says what a published row counts.
type rowKind int

const (
	groupRow rowKind = iota // a group's responses
	itemRow                 // the answers to a question in a group
	aboveRow                // an above indicator in a group
	valueRow                // respondents in a group giving one answer to a profile question
)

// rowRef names a published row: which publication, group, and figure.
type rowRef struct {
	pub      int
	group    string // groupKey, or "" for the whole wave
	kind     rowKind
	question string
	value    string
}

// answerers counts, in a cell, those who answered a question or theme set.
func (a *audit) answerers(id string) func(*epochCell) int {
	at, ok := a.ids[id]
	return func(c *epochCell) int {
		if !ok {
			return 0
		}
		return int(c.answered[at])
	}
}

// epochCell is the audit's cell: a profile, and the publication its
// respondents first appeared in.
type epochCell struct {
	profile string
	values  []string
	epoch   int
	count   int
	// answered counts, by the audit's index of a question or theme set
	// (see answerers), those of the cell who answered it.
	answered []int32
}

type audit struct {
	def      *survey.Definition
	k        int
	pubs     []*Publication // the ledger, then the new publication last
	segments []string
	profile  map[string]bool // profile questions
	extra    []string        // profile questions that are no breakdown's: their distributions are rows
	cells    []epochCell
	ids      map[string]int   // questions and theme sets: their index in a cell's answered
	members  map[string][]int // by group key: the cells it holds
	sizes    *sizeRows
	// A fork (see settleAll) shares the tallies of the new publication
	// until it withholds a figure of one: owned lists those it copied.
	owned    map[string]bool
	withheld []rowRef // in order
	resized  bool     // a group or a value of a profile question withheld
}

func newAudit(def *survey.Definition, ledger []*Publication, next *Publication, segments []string) *audit {
	a := &audit{def: def, k: def.MinGroupSize, pubs: append(slices.Clone(ledger), next), segments: segments, profile: map[string]bool{}, members: map[string][]int{}}
	breakdownSegment := map[string]bool{}
	for _, b := range def.Breakdowns {
		for _, id := range b.Questions {
			breakdownSegment[id] = true
		}
	}
	for _, id := range segments {
		a.profile[id] = true
		if !breakdownSegment[id] {
			a.extra = append(a.extra, id)
		}
	}
	var keys []string
	for _, p := range a.pubs {
		for key := range p.Cells {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	a.ids = map[string]int{}
	for _, q := range def.Questions() {
		a.ids[q.ID] = len(a.ids)
	}
	for _, th := range def.Themes {
		for m := range len(def.ThemeQuestions(th.ID)) {
			a.ids[themeSet(th.ID, m+1)] = len(a.ids)
		}
	}
	for _, key := range keys {
		values := strings.Split(key, profileSeparator)
		before := make([]int32, len(a.ids))
		responses := 0
		for e, p := range a.pubs {
			now := p.Cells[key]
			counts := make([]int32, len(a.ids))
			for q, n := range now.Answered {
				if at, ok := a.ids[q]; ok {
					counts[at] = int32(n)
				}
			}
			if d := now.Responses - responses; d > 0 {
				c := epochCell{profile: key, values: values, epoch: e, count: d, answered: make([]int32, len(a.ids))}
				for at, n := range counts {
					c.answered[at] = max(0, n-before[at])
				}
				a.cells = append(a.cells, c)
			}
			before, responses = counts, now.Responses
		}
	}
	a.listMembers()
	return a
}

type groupTally struct {
	group string
	tally *Tally
}

// tallies lists what publication e shows: the whole wave first, then its
// groups in key order.
func (a *audit) tallies(e int) []groupTally {
	p := a.pubs[e]
	if p.Whole == nil {
		return nil
	}
	out := []groupTally{{"", p.Whole}}
	for _, key := range slices.Sorted(maps.Keys(p.Groups)) {
		out = append(out, groupTally{key, p.Groups[key]})
	}
	return out
}

// primary applies k to every question of a group: one answered by 1 to
// k−1 is withheld. Segment questions are shown only as groups, and text
// questions never by group.
func (a *audit) primary(t *Tally, whole bool) {
	for _, q := range a.def.Questions() {
		switch {
		case q.Segment && a.profile[q.ID] && !slices.Contains(a.extra, q.ID):
			t.suppress(a.def, q.ID)
		case q.Type == survey.Text:
			if !whole {
				t.suppress(a.def, q.ID)
			}
		case t.Answered[q.ID] > 0 && t.Answered[q.ID] < a.k:
			t.suppress(a.def, q.ID)
		}
	}
}

// cellsOf lists the cells whose profile belongs to a group ("" is the
// whole wave), in order.
func (a *audit) cellsOf(group string) []int {
	return a.members[group]
}

// listMembers lists the cells of every group any publication shows: each
// cell goes to its own group in each breakdown.
func (a *audit) listMembers() {
	for _, p := range a.pubs {
		for key := range p.Groups {
			a.members[key] = []int{}
		}
	}
	at := make([][]int, len(a.def.Breakdowns)) // by breakdown: where its questions are in a profile
	for b, breakdown := range a.def.Breakdowns {
		for _, id := range breakdown.Questions {
			at[b] = append(at[b], a.segmentIndex(id))
		}
	}
	values := make([]string, 0, len(a.segments))
	for i, c := range a.cells {
		for b, positions := range at {
			values = values[:0]
			for _, j := range positions {
				values = append(values, c.values[j])
			}
			key := groupKey(b, values)
			if in, shown := a.members[key]; shown {
				a.members[key] = append(in, i)
			}
		}
	}
	all := make([]int, len(a.cells))
	for i := range all {
		all[i] = i
	}
	a.members[""] = all
}

func (a *audit) segmentIndex(id string) int {
	i, _ := slices.BinarySearch(a.segments, id)
	return i
}

// sizeRows lists the rows about who is where: every shown group at every
// publication, and the distribution of each profile question that is no
// breakdown's, as sets of cells. Each row is written as its difference
// from the same row last published (see lastShown): the same span, but the
// rows of each publication fall on the respondents who came since, so the
// audit's search splits by when they came.
func (a *audit) sizeRows() ([]rowRef, [][]int) {
	if a.sizes != nil {
		return slices.Clone(a.sizes.refs), a.sizes.rows
	}
	var refs []rowRef
	var rows [][]int
	last := lastShown{}
	for e := range a.pubs {
		for _, gt := range a.tallies(e) {
			ref := rowRef{pub: e, group: gt.group, kind: groupRow}
			after := last.before(ref)
			var row []int
			for _, i := range a.cellsOf(gt.group) {
				if c := &a.cells[i]; c.epoch > after && c.epoch <= e {
					row = append(row, i)
				}
			}
			refs, rows = append(refs, ref), append(rows, row)
			for _, id := range a.extra {
				if gt.tally.Suppressed[id] {
					continue
				}
				at := a.segmentIndex(id)
				for _, v := range questionValues(a.def, id) {
					ref := rowRef{pub: e, group: gt.group, kind: valueRow, question: id, value: v}
					after := last.before(ref)
					var vr []int
					for _, i := range a.cellsOf(gt.group) {
						if c := &a.cells[i]; c.epoch > after && c.epoch <= e && c.values[at] == v {
							vr = append(vr, i)
						}
					}
					refs, rows = append(refs, ref), append(rows, vr)
				}
			}
		}
	}
	a.sizes = &sizeRows{refs, rows}
	return slices.Clone(refs), rows
}

// lastShown remembers, for each published row, the last publication that
// showed it. A row of publication e minus the same row at publication
// d < e counts the respondents of the row who first appeared after d;
// both are published, so writing the later one as the difference changes
// nothing that can be worked out from them.
type lastShown map[rowRef]int

// before records that ref's publication shows it, and returns the
// publication that last showed it before, or −1.
func (l lastShown) before(ref rowRef) int {
	key := ref
	key.pub = 0
	d, ok := l[key]
	l[key] = ref.pub
	if !ok {
		return -1
	}
	return d
}

// sizeRows caches the size rows until a row of them is withheld.
type sizeRows struct {
	refs []rowRef
	rows [][]int
}

func (a *audit) sizeSystem() (*disclosure.System, []rowRef, []disclosure.Query) {
	refs, rows := a.sizeRows()
	s := &disclosure.System{Rows: rows, Weights: make([]int, len(a.cells))}
	for i, c := range a.cells {
		s.Weights[i] = c.count
	}
	return s, refs, []disclosure.Query{{K: a.k}}
}

// questionSystem splits each cell into those who answered q and those who
// did not, and adds q's rows: its answered count in every group showing it,
// and for an above indicator whose threshold depends on an answer, the
// answerers of q in each threshold group. It asks for sets of 1 to k−1
// answerers, whose answers the published figures would give away; and for
// a required question, whose answerers the definition fixes (everyone its
// show_if asks), for sets of whole profiles whose number its answered
// counts give away (the size of a cross-tabulation nobody declared, say).
// Who answers an optional question is itself an answer: its count is a
// bar of a distribution, no size. It returns nil when q adds no row.
func (a *audit) questionSystem(q *survey.Question) (*disclosure.System, []rowRef, []disclosure.Query) {
	n := len(a.cells)
	answered, missed := make([]int, n), make([]int, n) // cell index → split cell index, or −1
	s := &disclosure.System{Weights: make([]int, 0, 2*n)}
	class, allowed := make([]int, 0, 2*n), make([]bool, 0, 2*n)
	answeredIn := a.answerers(q.ID)
	for i, c := range a.cells {
		yes := answeredIn(&c)
		answered[i], missed[i] = -1, -1
		if yes > 0 {
			answered[i] = len(s.Weights)
			s.Weights, class, allowed = append(s.Weights, yes), append(class, i), append(allowed, true)
		}
		if no := c.count - yes; no > 0 {
			missed[i] = len(s.Weights)
			s.Weights, class, allowed = append(s.Weights, no), append(class, i), append(allowed, false)
		}
	}
	refs, sizeRows := a.sizeRows()
	s.Rows = make([][]int, 0, len(sizeRows)+len(a.pubs)*(len(a.members)+1))
	for _, row := range sizeRows {
		split := make([]int, 0, 2*len(row))
		for _, i := range row {
			if answered[i] >= 0 {
				split = append(split, answered[i])
			}
			if missed[i] >= 0 {
				split = append(split, missed[i])
			}
		}
		s.Rows = append(s.Rows, split)
	}
	added := false
	last := lastShown{}
	// answerers is the row ref publishes, as a difference (see sizeRows).
	answerers := func(ref rowRef, keep func(*epochCell) bool) []int {
		after := last.before(ref)
		var row []int
		for _, i := range a.cellsOf(ref.group) {
			if c := &a.cells[i]; c.epoch > after && c.epoch <= ref.pub && answered[i] >= 0 && keep(c) {
				row = append(row, answered[i])
			}
		}
		return row
	}
	for e := range a.pubs {
		for _, gt := range a.tallies(e) {
			if withheldIn(gt.tally, q.ID) {
				continue
			}
			added = true
			ref := rowRef{pub: e, group: gt.group, kind: itemRow, question: q.ID}
			refs = append(refs, ref)
			s.Rows = append(s.Rows, answerers(ref, func(*epochCell) bool { return true }))
			for _, ind := range a.def.Indicators {
				if ind.Question != q.ID || ind.Kind != survey.Above || ind.Threshold.By == "" || gt.tally.SuppressedIndicators[ind.ID] {
					continue
				}
				at := a.segmentIndex(ind.Threshold.By)
				for _, g := range thresholdGroups(a.def, ind.Threshold) {
					ref := rowRef{pub: e, group: gt.group, kind: aboveRow, question: ind.ID, value: g.threshold}
					refs = append(refs, ref)
					s.Rows = append(s.Rows, answerers(ref, func(c *epochCell) bool { return slices.Contains(g.values, c.values[at]) }))
				}
			}
		}
	}
	if !added {
		return nil, nil, nil
	}
	queries := []disclosure.Query{{K: a.k, Allowed: allowed}}
	if q.Required {
		queries = append(queries, disclosure.Query{K: a.k, Class: class})
	}
	return s, refs, queries
}

// stepped withholds, in the new publication, a question's figures (or a
// theme's score, for one of its sets) in each group where 1 to k−1 answered
// it since the last publication that showed them there, or at all: that
// row less the one before counts them. The same for the share above a
// threshold that depends on an answer, in each threshold group. The search
// would find each such set; it finds them here at a glance, and only the
// subtler ones are left to it.
func (a *audit) stepped(id string) {
	e := len(a.pubs) - 1
	var indicators []*survey.Indicator
	for _, ind := range a.def.Indicators {
		if ind.Question == id && ind.Kind == survey.Above && ind.Threshold.By != "" {
			indicators = append(indicators, ind)
		}
	}
	// The last publication showing each figure, by group and figure.
	last := map[[2]string]int{}
	for d := range e {
		for _, gt := range a.tallies(d) {
			if withheldIn(gt.tally, id) {
				continue
			}
			last[[2]string{gt.group, id}] = d
			for _, ind := range indicators {
				if !gt.tally.SuppressedIndicators[ind.ID] {
					last[[2]string{gt.group, ind.ID}] = d
				}
			}
		}
	}
	answered := make([]int, len(a.cells))
	answerers := a.answerers(id)
	for i := range a.cells {
		answered[i] = answerers(&a.cells[i])
	}
	// few says whether 1 to k−1 answerers who keep came into a group since
	// the figure was last shown there.
	few := func(group, figure string, keep func(*epochCell) bool) bool {
		after, shown := last[[2]string{group, figure}]
		if !shown {
			after = -1
		}
		n := 0
		for _, i := range a.cellsOf(group) {
			if c := &a.cells[i]; answered[i] > 0 && c.epoch > after && keep(c) {
				n += answered[i]
			}
		}
		return n > 0 && n < a.k
	}
	for _, gt := range a.tallies(e) {
		if withheldIn(gt.tally, id) {
			continue
		}
		if few(gt.group, id, func(*epochCell) bool { return true }) {
			a.withhold(rowRef{pub: e, group: gt.group, kind: itemRow, question: id})
			continue
		}
		for _, ind := range indicators {
			at := a.segmentIndex(ind.Threshold.By)
			for _, g := range thresholdGroups(a.def, ind.Threshold) {
				if !gt.tally.SuppressedIndicators[ind.ID] && few(gt.group, ind.ID, func(c *epochCell) bool { return slices.Contains(g.values, c.values[at]) }) {
					a.withhold(rowRef{pub: e, group: gt.group, kind: aboveRow, question: ind.ID, value: g.threshold})
				}
			}
		}
	}
}

// withheldIn says whether a tally withholds a question's figures or, for a
// theme's set of respondents, the theme's score.
func withheldIn(t *Tally, id string) bool {
	if theme, ok := themeOfSet(id); ok {
		return t.Suppressed[themeKey(theme)] || t.ThemeMeans[theme] == nil
	}
	return t.Suppressed[id]
}

// findingsPerSearch is how many disclosures one search returns: enough that
// one search usually lists them all. Each is dealt with in turn before the
// system is searched again: a disclosure whose rows are all still published
// holds whatever else was withheld, so dealing with several per search
// withholds no more than one at a time would, with fewer searches.
const findingsPerSearch = 1024

// settle runs one system's queries, withholding a row of the new
// publication for each disclosure found, until none is found. It reports
// false when the only way out would be to withhold the whole wave.
func (a *audit) settle(build func() (*disclosure.System, []rowRef, []disclosure.Query)) bool {
	// The sets each query found last, and whether they were all there
	// were: withholding a row seldom undoes a set that several ways give,
	// and they are checked first. The cells stay the same while rows go.
	var suspects [][][]int
	var allKnown []bool
	for {
		s, refs, queries := build()
		if s == nil {
			return true
		}
		var found []*disclosure.Finding
		var err error
		// The rows of earlier publications are those their own audits
		// settled, on the same cells: a block of them alone is safe.
		s.Audited = make([]bool, len(refs))
		for r, ref := range refs {
			s.Audited[r] = ref.pub < len(a.pubs)-1
		}
		for len(suspects) < len(queries) {
			suspects, allKnown = append(suspects, nil), append(allKnown, false)
		}
		for i, q := range queries {
			q.Suspects, q.AllKnown = suspects[i], allKnown[i]
			found, allKnown[i], err = s.FindSome(q, findingsPerSearch)
			suspects[i] = suspects[i][:0]
			for _, f := range found {
				suspects[i] = append(suspects[i], f.Cells)
			}
			if len(found) > 0 || err != nil {
				break
			}
		}
		if len(found) == 0 && err == nil {
			return true
		}
		if err != nil {
			// Too intricate to audit in time: the smallest row of the new
			// publication, and try again.
			ref, ok := a.choose(a.current(allRows(len(refs)), refs), refs)
			if !ok {
				return false
			}
			a.withhold(ref)
			continue
		}
		for _, f := range found {
			if !a.stillShown(f.Rows, refs) {
				continue // an earlier withholding took this way away
			}
			// A row every way to the set needs is the surest to withhold;
			// any row of the way found will do otherwise.
			ref, ok := a.choose(a.current(f.Essential, refs), refs)
			if !ok {
				ref, ok = a.choose(a.current(f.Rows, refs), refs)
			}
			if !ok {
				return false
			}
			a.withhold(ref)
		}
	}
}

// stillShown says whether the new publication still shows every one of the
// rows (earlier publications never change).
func (a *audit) stillShown(rows []int, refs []rowRef) bool {
	p := a.pubs[len(a.pubs)-1]
	for _, r := range rows {
		ref := refs[r]
		if ref.pub != len(a.pubs)-1 {
			continue
		}
		t := p.Whole
		if ref.group != "" {
			t = p.Groups[ref.group]
		}
		switch {
		case t == nil:
			return false
		case ref.kind == aboveRow && t.SuppressedIndicators[ref.question]:
			return false
		case ref.kind == itemRow && withheldIn(t, ref.question), ref.kind == valueRow && t.Suppressed[ref.question]:
			return false
		}
	}
	return true
}

func allRows(n int) []int {
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	return rows
}

// current keeps the rows of the new publication.
func (a *audit) current(rows []int, refs []rowRef) []int {
	var out []int
	for _, r := range rows {
		if refs[r].pub == len(a.pubs)-1 {
			out = append(out, r)
		}
	}
	return out
}

// choose picks the row to withhold: a figure within a group before a
// group, the smallest first; the whole wave never.
func (a *audit) choose(candidates []int, refs []rowRef) (rowRef, bool) {
	type option struct {
		ref        rowRef
		rank, size int
	}
	var options []option
	p := a.pubs[len(a.pubs)-1]
	for _, r := range candidates {
		ref := refs[r]
		t := p.Whole
		if ref.group != "" {
			t = p.Groups[ref.group]
		}
		switch {
		case ref.kind == groupRow && ref.group == "":
			continue
		case ref.kind == groupRow:
			options = append(options, option{ref, 1, t.Responses})
		case ref.kind == aboveRow:
			options = append(options, option{ref, 0, t.Above[ref.question]})
		default:
			size := t.Answered[ref.question]
			if theme, ok := themeOfSet(ref.question); ok {
				size = t.ThemeMeans[theme].N()
			}
			options = append(options, option{ref, 0, size})
		}
	}
	if len(options) == 0 {
		return rowRef{}, false
	}
	best := slices.MinFunc(options, func(x, y option) int {
		return cmp.Or(cmp.Compare(x.rank, y.rank), cmp.Compare(x.size, y.size),
			cmp.Compare(x.ref.group, y.ref.group), cmp.Compare(x.ref.question, y.ref.question))
	})
	return best.ref, true
}

// withhold takes a row out of the new publication.
func (a *audit) withhold(ref rowRef) {
	p := a.pubs[len(a.pubs)-1]
	t := a.own(ref.group)
	a.withheld = append(a.withheld, ref)
	switch ref.kind {
	case groupRow, valueRow:
		a.sizes, a.resized = nil, true
	}
	switch ref.kind {
	case groupRow:
		delete(p.Groups, ref.group)
	case aboveRow:
		t.suppressIndicator(ref.question)
	default:
		t.suppress(a.def, ref.question)
		if ref.group == "" {
			delete(p.Comments, ref.question)
			delete(p.CommentsAt, ref.question)
		}
	}
}

// comments decides, for each text question, whether the new publication
// shows its comments: only when enough respondents stand behind them (the
// wave, or the group its show_if asks, and that group shown where a
// breakdown shows it), and enough more than at the last publication that
// showed them, so that no comment can be tied to the few who answered in
// between. Otherwise the last publication's comments stay, shuffled anew.
func (a *audit) comments(in Input) {
	p := a.pubs[len(a.pubs)-1]
	var last *Publication
	if len(a.pubs) > 1 {
		last = a.pubs[len(a.pubs)-2]
	}
	minimum := max(a.def.MinCommentGroupSize, a.k)
	for _, q := range a.def.Questions() {
		if q.Type != survey.Text {
			continue
		}
		behind, ok := a.behind(q)
		before, shownBefore := 0, false
		if last != nil {
			before, shownBefore = last.CommentsAt[q.ID]
		}
		texts := in.Comments[q.ID]
		switch {
		case ok && behind >= minimum && (!shownBefore || behind-before >= minimum):
			p.CommentsAt[q.ID] = behind
		case shownBefore:
			texts = last.Comments[q.ID]
			p.CommentsAt[q.ID] = before
		default:
			texts = nil
		}
		if len(texts) == 0 {
			p.Whole.suppress(a.def, q.ID)
			delete(p.CommentsAt, q.ID)
			continue
		}
		masked := make([]string, len(texts))
		for i, t := range texts {
			masked[i] = Mask(t)
		}
		shuffle(masked)
		p.Comments[q.ID] = masked
		p.Whole.Answered[q.ID] = len(masked)
	}
}

// behind is how many respondents could have answered a text question at
// the new publication, and whether its comments may be shown at all: a
// question asked only of a group of a one-way breakdown needs that group
// shown; one asked on another answer needs that answer's figures shown.
func (a *audit) behind(q *survey.Question) (int, bool) {
	p := a.pubs[len(a.pubs)-1]
	if q.ShowIf == nil {
		return p.Whole.Responses, true
	}
	gate := q.ShowIf
	for b, breakdown := range a.def.Breakdowns {
		if len(breakdown.Questions) == 1 && breakdown.Questions[0] == gate.Question {
			t := p.Groups[groupKey(b, []string{gate.Value})]
			if t == nil {
				return 0, false
			}
			return t.Responses, true
		}
	}
	if a.profile[gate.Question] {
		n := 0
		at := a.segmentIndex(gate.Question)
		for _, c := range a.cells {
			if c.values[at] == gate.Value {
				n += c.count
			}
		}
		return n, true
	}
	if p.Whole.Suppressed[gate.Question] {
		return 0, false
	}
	if g, _ := a.def.Question(gate.Question); g.Type == survey.YesNo {
		yes := 0.0
		if gate.Value == survey.YesNoValue(true) {
			yes = 1
		}
		return p.Whole.Values[gate.Question][yes], true
	}
	return p.Whole.Options[gate.Question][gate.Value], true
}
