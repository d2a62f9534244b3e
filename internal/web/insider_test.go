package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"math/bits"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// The insider tests play a determined insider against the running server:
// they answer the survey through the API, read every publication through
// the results API, and solve the equations the published numbers make,
// looking for any set of fewer than k people whose number or answers they
// pin down. Each test is one of the ways issue 13 found the old rules
// giving way.

type insider struct {
	*fixture
	t      *testing.T
	wave   *survey.Wave
	token  string
	people []survey.Answers
	pubs   []publication
}

// publication is everything one publication showed, by breakdown ("" for
// the whole wave only).
type publication struct {
	seq, responses int
	views          map[string]map[string]any
	comments       []string
}

var insiderBreakdowns = []string{"", "team", "years", "team,years"}

func newInsider(t *testing.T) *insider {
	t.Helper()
	x := &insider{fixture: newFixture(t), t: t}
	ctx := context.Background()
	src := testdataSource(t, "insider.yaml")
	var err error
	if x.wave, err = x.db.OpenWave(ctx, store.NewWave{Source: src, Name: "Insider 2026", Access: survey.AccessBoth}); err != nil {
		t.Fatal(err)
	}
	hash, err := account.HashPassword("a long unused password 7")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.db.CreateAccount(ctx, "insider@example.org", account.Admin, hash); err != nil {
		t.Fatal(err)
	}
	if x.token, _, err = x.db.CreateToken(ctx, "insider@example.org", time.Hour); err != nil {
		t.Fatal(err)
	}
	return x
}

// answer submits n alike responses through the API with the given code
// (the wave's link when empty).
func (x *insider) answer(n int, code string, a survey.Answers) {
	x.t.Helper()
	if code == "" {
		code = x.wave.LinkCode
	}
	body := map[string]any{}
	for id, v := range a {
		q, _ := x.wave.Definition.Question(id)
		switch q.Type {
		case survey.Choice, survey.Text:
			body[id] = v.Text
		default:
			body[id] = v.Number
		}
	}
	answers, _ := json.Marshal(body)
	for range n {
		status, out := x.do(nil, "POST", "/api/v1/responses", "application/json", strings.NewReader(`{"code": "`+code+`", "answers": `+string(answers)+`}`))
		if status != http.StatusCreated {
			x.t.Fatalf("submitting %s: %d %s", answers, status, out)
		}
		x.people = append(x.people, a)
	}
}

func (x *insider) api(path string) map[string]any {
	x.t.Helper()
	req, _ := http.NewRequest("GET", x.server.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+x.token)
	res, err := x.server.Client().Do(req)
	if err != nil {
		x.t.Fatal(err)
	}
	defer res.Body.Close()
	var v map[string]any
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil || res.StatusCode != http.StatusOK {
		x.t.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
	}
	return v
}

// look reads everything published, as an insider refreshing every page
// would, and keeps each new publication.
func (x *insider) look() publication {
	x.t.Helper()
	p := publication{views: map[string]map[string]any{}}
	for _, by := range insiderBreakdowns {
		path := fmt.Sprintf("/api/v1/waves/%d/results", x.wave.ID)
		if by != "" {
			path += "?by=" + by
		}
		v := x.api(path)
		p.views[by] = v
		if pub, ok := v["publication"].(map[string]any); ok {
			p.seq = int(pub["seq"].(float64))
		}
		p.responses = int(v["responses"].(float64))
	}
	for _, c := range x.api(fmt.Sprintf("/api/v1/waves/%d/comments", x.wave.ID))["comments"].([]any) {
		p.comments = append(p.comments, c.(map[string]any)["text"].(string))
	}
	if p.seq == 0 && p.responses > 0 {
		// Results with no publication number: each count shown is one.
		p.seq = p.responses
	}
	if p.seq > 0 && (len(x.pubs) == 0 || x.pubs[len(x.pubs)-1].seq != p.seq) {
		x.pubs = append(x.pubs, p)
	}
	return p
}

// attackRow is one published count as the set of people it counts.
type attackRow struct {
	people []int
	what   string
}

func (x *insider) profile(r int) string {
	return x.people[r]["team"].Text + "/" + x.people[r]["years"].Text
}

func (x *insider) inGroup(r int, by string, values []any) bool {
	for i, id := range strings.Split(by, ",") {
		if x.people[r][id].Text != values[i].(string) {
			return false
		}
	}
	return true
}

// rows turns every publication into equations: group sizes, and per
// question the answered counts, and the threshold groups of an above
// indicator.
func (x *insider) rows() (sizes []attackRow, items map[string][]attackRow) {
	items = map[string][]attackRow{}
	for _, p := range x.pubs {
		for _, by := range insiderBreakdowns {
			v := p.views[by]
			if v["hidden"] == true {
				continue
			}
			type shown struct {
				members []int
				figures map[string]any
				name    string
			}
			var groups []shown
			var everyone []int
			for r := range p.responses {
				everyone = append(everyone, r)
			}
			if by == "" {
				groups = append(groups, shown{everyone, v, "the whole wave"})
			} else {
				for _, g := range v["groups"].([]any) {
					g := g.(map[string]any)
					if g["hidden"] == true {
						continue
					}
					var members []int
					for _, r := range everyone {
						if x.inGroup(r, by, g["values"].([]any)) {
							members = append(members, r)
						}
					}
					groups = append(groups, shown{members, g, by + "=" + g["value"].(string)})
				}
			}
			for _, g := range groups {
				sizes = append(sizes, attackRow{g.members, fmt.Sprintf("publication %d: %s", p.seq, g.name)})
				questions, _ := g.figures["questions"].([]any)
				for _, q := range questions {
					q := q.(map[string]any)
					id := q["id"].(string)
					if q["hidden"] == true || q["type"] == "text" {
						continue
					}
					var answered []int
					for _, r := range g.members {
						if _, ok := x.people[r][id]; ok {
							answered = append(answered, r)
						}
					}
					items[id] = append(items[id], attackRow{answered, fmt.Sprintf("publication %d: %s answered %s", p.seq, g.name, id)})
				}
				indicators, _ := g.figures["indicators"].([]any)
				for _, ind := range indicators {
					ind := ind.(map[string]any)
					if ind["kind"] != "above" || ind["hidden"] == true || ind["value"] == nil {
						continue
					}
					for _, s := range []string{"asye", "experienced", ""} {
						var above []int
						for _, r := range g.members {
							if _, ok := x.people[r]["caseload"]; ok && x.people[r]["years"].Text == s {
								above = append(above, r)
							}
						}
						items["caseload"] = append(items["caseload"], attackRow{above, fmt.Sprintf("publication %d: %s over the threshold of years=%q", p.seq, g.name, s)})
					}
				}
			}
		}
	}
	return sizes, items
}

// leaks returns every set of 1 to k−1 people the insider can pin down:
// whole profiles (team, years and the publication they first appeared in)
// whose number the group sizes determine, and answerers of a question
// whose answers its published counts determine.
func (x *insider) leaks() []string {
	k := x.wave.Definition.MinGroupSize
	if len(x.pubs) == 0 {
		return nil
	}
	covered := x.pubs[len(x.pubs)-1].responses
	epoch := func(r int) int {
		return slices.IndexFunc(x.pubs, func(p publication) bool { return r < p.responses })
	}
	sizes, items := x.rows()
	var found []string
	// Sizes: unions of cells, leaving out unions of whole publications,
	// whose sizes are the live count anyway.
	cells := map[string][]int{}
	for r := range covered {
		key := fmt.Sprintf("%s@%d", x.profile(r), epoch(r))
		cells[key] = append(cells[key], r)
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range cells {
			if !yield(k) {
				return
			}
		}
	})
	var groups [][]int
	for _, key := range keys {
		groups = append(groups, cells[key])
	}
	for _, set := range smallUnions(groups, k) {
		if !wholeEpochs(set, covered, epoch) && determined(sizes, set, covered) {
			found = append(found, fmt.Sprintf("sizes pin down %d people: %v", len(set), x.describe(set)))
		}
	}
	for id, rows := range items {
		var answerers [][]int
		for r := range covered {
			if _, ok := x.people[r][id]; ok {
				answerers = append(answerers, []int{r})
			}
		}
		for _, set := range smallUnions(answerers, k) {
			if determined(rows, set, covered) {
				found = append(found, fmt.Sprintf("the answers to %s of %d people are pinned down: %v", id, len(set), x.describe(set)))
			}
		}
	}
	return found
}

func (x *insider) describe(set []int) []string {
	var out []string
	for _, r := range set {
		out = append(out, x.profile(r))
	}
	return out
}

// smallUnions lists every union of the given groups holding 1 to k−1
// people.
func smallUnions(groups [][]int, k int) [][]int {
	var out [][]int
	var walk func(from int, set []int)
	walk = func(from int, set []int) {
		if len(set) > 0 {
			out = append(out, slices.Clone(set))
		}
		for i := from; i < len(groups); i++ {
			if len(set)+len(groups[i]) < k {
				walk(i+1, append(set, groups[i]...))
			}
		}
	}
	walk(0, nil)
	return out
}

func wholeEpochs(set []int, covered int, epoch func(int) int) bool {
	in := map[int]bool{}
	for _, r := range set {
		in[r] = true
	}
	for r := range covered {
		if in[r] != slices.ContainsFunc(set, func(s int) bool { return epoch(s) == epoch(r) }) {
			return false
		}
	}
	return true
}

// determined says whether the set's indicator is a combination of the
// rows, over the rationals: modulo a large prime first, which never misses
// one, then exactly.
func determined(rows []attackRow, set []int, n int) bool {
	vec := func(people []int) []uint64 {
		v := make([]uint64, n)
		for _, r := range people {
			v[r] = 1
		}
		return v
	}
	var m [][]uint64
	for _, r := range rows {
		m = append(m, vec(r.people))
	}
	if rankMod(m) != rankMod(append(slices.Clone(m), vec(set))) {
		return false
	}
	var q [][]*big.Rat
	for _, r := range append(slices.Clone(rows), attackRow{people: set}) {
		v := make([]*big.Rat, n)
		for i := range v {
			v[i] = new(big.Rat)
		}
		for _, p := range r.people {
			v[p].SetInt64(1)
		}
		q = append(q, v)
	}
	return rankRat(q[:len(q)-1]) == rankRat(q)
}

const attackPrime = 1<<61 - 1

func mulMod(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	_, rem := bits.Div64(hi, lo, attackPrime)
	return rem
}

func powMod(a, e uint64) uint64 {
	r := uint64(1)
	for ; e > 0; e >>= 1 {
		if e&1 == 1 {
			r = mulMod(r, a)
		}
		a = mulMod(a, a)
	}
	return r
}

func rankMod(rows [][]uint64) int {
	m := make([][]uint64, len(rows))
	for i := range rows {
		m[i] = slices.Clone(rows[i])
	}
	rank := 0
	for col := 0; len(m) > 0 && col < len(m[0]); col++ {
		p := slices.IndexFunc(m[rank:], func(r []uint64) bool { return r[col] != 0 })
		if p < 0 {
			continue
		}
		m[rank], m[rank+p] = m[rank+p], m[rank]
		inv := powMod(m[rank][col], attackPrime-2)
		for i := range m {
			if i == rank || m[i][col] == 0 {
				continue
			}
			f := mulMod(m[i][col], inv)
			for j := range m[i] {
				m[i][j] = (m[i][j] + attackPrime - mulMod(f, m[rank][j])) % attackPrime
			}
		}
		if rank++; rank == len(m) {
			break
		}
	}
	return rank
}

func rankRat(rows [][]*big.Rat) int {
	m := make([][]*big.Rat, len(rows))
	for i := range rows {
		for _, v := range rows[i] {
			m[i] = append(m[i], new(big.Rat).Set(v))
		}
	}
	rank := 0
	for col := 0; len(m) > 0 && col < len(m[0]) && rank < len(m); col++ {
		p := slices.IndexFunc(m[rank:], func(r []*big.Rat) bool { return r[col].Sign() != 0 })
		if p < 0 {
			continue
		}
		m[rank], m[rank+p] = m[rank+p], m[rank]
		for i := range m {
			if i == rank || m[i][col].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Quo(m[i][col], m[rank][col])
			for j := range m[i] {
				m[i][j].Sub(m[i][j], new(big.Rat).Mul(f, m[rank][j]))
			}
		}
		rank++
	}
	return rank
}

func insiderAnswers(team, years string, supported float64, extra survey.Answers) survey.Answers {
	a := survey.Answers{"supported": {Number: supported}}
	if team != "" {
		a["team"] = survey.Answer{Text: team}
	}
	if years != "" {
		a["years"] = survey.Answer{Text: years}
	}
	for id, v := range extra {
		a[id] = v
	}
	return a
}

func (x *insider) mustNotLeak() {
	x.t.Helper()
	if len(x.pubs) == 0 {
		x.t.Fatal("nothing was published: the attack tried nothing")
	}
	if found := x.leaks(); len(found) > 0 {
		x.t.Errorf("after %d publications the insider pins down:\n%s", len(x.pubs), strings.Join(found, "\n"))
	}
}

// Class 1: the whole wave, the breakdowns by team and by years and their
// pair are views of the same people; combined, they must not isolate
// anyone.
func TestInsiderSubtractsAcrossBreakdowns(t *testing.T) {
	x := newInsider(t)
	x.answer(6, "", insiderAnswers("north", "experienced", 4, nil))
	x.answer(1, "", insiderAnswers("north", "asye", 2, nil))
	x.answer(5, "", insiderAnswers("south", "experienced", 3, nil))
	x.answer(2, "", insiderAnswers("south", "asye", 5, nil))
	x.answer(5, "", insiderAnswers("east", "asye", 1, nil))
	x.answer(1, "", insiderAnswers("", "experienced", 2, nil))
	x.look()
	x.mustNotLeak()
}

// Class 2: a team that grows by one between two publications must not be
// shown at both.
func TestInsiderDiffersPublications(t *testing.T) {
	x := newInsider(t)
	x.answer(6, "", insiderAnswers("north", "experienced", 4, nil))
	x.answer(6, "", insiderAnswers("south", "experienced", 3, nil))
	first := x.look()
	x.answer(1, "", insiderAnswers("north", "experienced", 1, nil))
	x.answer(5, "", insiderAnswers("east", "experienced", 2, nil))
	second := x.look()
	if first.seq == second.seq {
		t.Fatalf("no second publication: %d then %d", first.responses, second.responses)
	}
	north := func(p publication) any {
		for _, g := range p.views["team"]["groups"].([]any) {
			if g := g.(map[string]any); g["value"] == "north" {
				return g["responses"]
			}
		}
		return nil
	}
	if north(first) != nil && north(second) != nil && north(second).(float64)-north(first).(float64) == 1 {
		t.Error("north is shown at 6 and then at 7: the newcomer's answers are the difference")
	}
	x.mustNotLeak()
}

// Class 3: an optional or show_if question answered by 1 to k−1 in a
// shown group, or in the wave, must not be shown there, nor anything made
// from it. A group where nobody answered it may say so: no answer of
// anyone's is in it.
func TestInsiderReadsFewAnswerers(t *testing.T) {
	x := newInsider(t)
	x.answer(8, "", insiderAnswers("north", "experienced", 4, nil))
	x.answer(2, "", insiderAnswers("north", "asye", 2, survey.Answers{"asye-support": {Number: 1}}))
	x.answer(7, "", insiderAnswers("south", "experienced", 3, nil))
	p := x.look()
	for _, g := range p.views["team"]["groups"].([]any) {
		g := g.(map[string]any)
		for _, q := range orNone(g["questions"]) {
			if q := q.(map[string]any); q["id"] == "asye-support" && q["hidden"] != true && q["answered"] != 0.0 {
				t.Errorf("team %s shows the ASYE statement answered by %v", g["value"], q["answered"])
			}
		}
	}
	x.mustNotLeak()
}

func orNone(v any) []any {
	list, _ := v.([]any)
	return list
}

// Class 4: the share over a caseload threshold that depends on years must
// not pin down the caseload of a hidden ASYE worker.
func TestInsiderReadsAThreshold(t *testing.T) {
	x := newInsider(t)
	x.answer(7, "", insiderAnswers("north", "experienced", 4, survey.Answers{"caseload": {Number: 14}}))
	x.answer(1, "", insiderAnswers("north", "asye", 2, survey.Answers{"caseload": {Number: 13}}))
	x.answer(6, "", insiderAnswers("south", "experienced", 3, survey.Answers{"caseload": {Number: 20}}))
	x.look()
	x.mustNotLeak()
}

// Class 5: comments are shuffled afresh at each publication, carry no
// count by group, and one asked only of ASYE workers shows only when their
// group does.
func TestInsiderReadsComments(t *testing.T) {
	x := newInsider(t)
	for i := range 12 {
		x.answer(1, "", insiderAnswers("north", "experienced", 4, survey.Answers{"change": {Text: fmt.Sprintf("comment %02d", i)}}))
	}
	x.answer(2, "", insiderAnswers("north", "asye", 2, survey.Answers{"asye-change": {Text: "only the two ASYEs say this"}}))
	first := x.look()
	if len(first.comments) != 12 {
		t.Fatalf("comments: %v", first.comments)
	}
	for _, c := range first.comments {
		if c == "only the two ASYEs say this" {
			t.Error("a comment asked only of ASYE workers shows while their group is hidden")
		}
	}
	for _, by := range insiderBreakdowns[1:] {
		for _, g := range orNone(first.views[by]["groups"]) {
			for _, q := range orNone(g.(map[string]any)["questions"]) {
				if q := q.(map[string]any); q["type"] == "text" && q["hidden"] != true {
					t.Errorf("by %s: a group carries a count of comments: %v", by, q)
				}
			}
		}
	}
	x.answer(5, "", insiderAnswers("south", "experienced", 3, nil))
	second := x.look()
	if first.seq == second.seq {
		t.Fatal("no second publication")
	}
	if slices.Equal(first.comments, second.comments) {
		t.Error("two publications show the comments in the same order: the shuffle is not fresh")
	}
	x.mustNotLeak()
}

// Class 6: after answers through invitation codes, the database files on
// disk tie no code to its response and keep no order of arrival.
func TestInsiderCopiesTheFiles(t *testing.T) {
	x := newInsider(t)
	codes, err := x.db.CreateCodes(context.Background(), x.wave.ID, 12)
	if err != nil {
		t.Fatal(err)
	}
	for i, code := range codes {
		x.answer(1, code, insiderAnswers("north", "experienced", 4, survey.Answers{"change": {Text: fmt.Sprintf("code-marker-%02d", i)}}))
	}
	wal, _ := os.ReadFile(x.dbPath + "-wal")
	shm, _ := os.ReadFile(x.dbPath + "-shm")
	for i := range codes {
		marker := []byte(fmt.Sprintf("code-marker-%02d", i))
		if bytes.Contains(wal, marker) || bytes.Contains(shm, marker) {
			t.Errorf("the write-ahead log still holds response %d", i)
		}
	}
	if len(wal) != 0 {
		t.Errorf("the write-ahead log holds %d bytes after the answers were stored", len(wal))
	}
}

// Class 7: no distribution of a segment question, in the wave or in a
// group, gives the size of a hidden group or an undeclared cross-tab.
func TestInsiderCountsSegments(t *testing.T) {
	x := newInsider(t)
	x.answer(9, "", insiderAnswers("north", "experienced", 4, nil))
	x.answer(1, "", insiderAnswers("north", "asye", 4, nil))
	x.answer(6, "", insiderAnswers("south", "experienced", 3, nil))
	p := x.look()
	for _, by := range insiderBreakdowns {
		for _, q := range orNone(p.views[by]["questions"]) {
			if id := q.(map[string]any)["id"]; id == "team" || id == "years" {
				t.Errorf("the whole wave shows the distribution of %s", id)
			}
		}
		for _, g := range orNone(p.views[by]["groups"]) {
			for _, q := range orNone(g.(map[string]any)["questions"]) {
				if id := q.(map[string]any)["id"]; id == "team" || id == "years" {
					t.Errorf("a group by %s shows the distribution of %s", by, id)
				}
			}
		}
	}
	x.mustNotLeak()
}

// Class 8: the board report, made by another process on the same
// database, and the server show the same publication, whichever makes it:
// never two that differ by fewer than k people.
func TestInsiderComparesTwoClocks(t *testing.T) {
	x := newInsider(t)
	x.answer(6, "", insiderAnswers("north", "experienced", 4, nil))
	x.look()
	x.answer(5, "", insiderAnswers("south", "experienced", 3, nil))
	other, err := store.Open(context.Background(), x.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	theirs, err := results.NewService(other).Results(context.Background(), x.wave.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	x.answer(1, "", insiderAnswers("south", "experienced", 2, nil))
	ours := x.look()
	if d := ours.responses - theirs.Responses; d != 0 && d < x.wave.Definition.MinGroupSize && d > -x.wave.Definition.MinGroupSize {
		t.Errorf("the other process shows %d responses and the server %d: the difference is %d people", theirs.Responses, ours.responses, d)
	}
	x.mustNotLeak()
}
