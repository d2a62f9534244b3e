package results

import (
	"maps"
	"runtime"
	"slices"
)

// task settles the systems of one question (or of one theme's sets, in
// order) on an audit, and reports false when only withholding the whole
// wave would do.
type task struct {
	settle func(a *audit) bool
	// theme is set for a theme's sets: the score is withheld with any of
	// its statements, so the sets' systems change when a task before
	// withholds a statement.
	theme string
}

// settleAll runs tasks with the result of running them one after the
// other, on every core. A task's systems hold no other task's rows but the
// sizes of groups, so each runs on a fork of the new publication, and the
// forks' withholdings are applied in order up to the first task that
// withholds a group, or a value of a profile question (that changes every
// later task's system), or the first theme's task after a task that
// withheld one of its statements: that task runs again on the publication
// as the tasks before it left it, and the tasks after it start again from
// there. Tasks start in order, a few per core ahead of the first
// unfinished one, so that little is redone.
func (a *audit) settleAll(tasks []task) bool {
	cores := runtime.GOMAXPROCS(0)
	type run struct {
		fork    *audit
		settled bool
		done    chan struct{}
	}
	for len(tasks) > 0 {
		a.sizeRows() // computed before the forks share it
		runs := make([]*run, 0, len(tasks))
		slots := make(chan struct{}, cores)
		stop := len(tasks)
		touched := map[string]bool{} // themes with a statement withheld by a task before
		for i := range tasks {
			for len(runs) < min(len(tasks), i+4*cores) {
				r := &run{fork: a.fork(), done: make(chan struct{})}
				t := tasks[len(runs)]
				runs = append(runs, r)
				go func() {
					slots <- struct{}{}
					r.settled = t.settle(r.fork)
					<-slots
					close(r.done)
				}()
			}
			<-runs[i].done
			if runs[i].fork.resized || !runs[i].settled || touched[tasks[i].theme] {
				stop = i
				break
			}
			for _, ref := range runs[i].fork.withheld {
				if q, ok := a.def.Question(ref.question); ok && q.Theme != "" {
					touched[q.Theme] = true
				}
			}
		}
		// The forks read the publication's tallies until they finish: it
		// changes only after.
		for _, r := range runs {
			<-r.done
		}
		for _, r := range runs[:stop] {
			for _, ref := range r.fork.withheld {
				a.withhold(ref)
			}
		}
		if stop == len(tasks) {
			return true
		}
		if !tasks[stop].settle(a) {
			return false
		}
		tasks = tasks[stop+1:]
	}
	return true
}

// fork is a copy of the audit whose withholdings change only its own copy
// of the new publication; the tallies are copied as it first withholds a
// figure of each.
func (a *audit) fork() *audit {
	f := *a
	f.pubs = slices.Clone(a.pubs)
	p := *a.pubs[len(a.pubs)-1]
	p.Groups, p.Comments, p.CommentsAt = maps.Clone(p.Groups), maps.Clone(p.Comments), maps.Clone(p.CommentsAt)
	f.pubs[len(f.pubs)-1] = &p
	f.owned, f.withheld, f.resized = map[string]bool{}, nil, false
	return &f
}

// own returns the new publication's tally of a group ("" is the whole
// wave) for the audit to change: a fork's own copy.
func (a *audit) own(group string) *Tally {
	p := a.pubs[len(a.pubs)-1]
	t := p.Whole
	if group != "" {
		t = p.Groups[group]
	}
	if a.owned == nil || a.owned[group] || t == nil {
		return t
	}
	a.owned[group] = true
	t = t.Clone()
	if group == "" {
		p.Whole = t
	} else {
		p.Groups[group] = t
	}
	return t
}
