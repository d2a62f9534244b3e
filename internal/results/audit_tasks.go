package results

import (
	"maps"
	"runtime"
	"slices"
	"sync"
)

// task settles the systems of one question (or of one theme's sets, in
// order) on an audit, and reports false when only withholding the whole
// wave would do.
type task func(a *audit) bool

// settleAll runs tasks with the result of running them one after the
// other, on every core. A task's systems hold no other task's rows but the
// sizes of groups, so each runs on a fork of the new publication, and the
// forks' withholdings are applied in order up to the first task that
// withholds a group, or a value of a profile question: that changes every
// later task's system, so that task runs again on the publication as the
// tasks before it left it, and the tasks after it start again from there.
// Tasks run a few per core at a time, so that little is redone when one
// withholds a group.
func (a *audit) settleAll(tasks []task) bool {
	cores := runtime.GOMAXPROCS(0)
	for len(tasks) > 0 {
		a.sizeRows() // computed before the forks share it
		window := tasks[:min(len(tasks), 4*cores)]
		forks := make([]*audit, len(window))
		settled := make([]bool, len(window))
		slots := make(chan struct{}, cores)
		var wg sync.WaitGroup
		for i, t := range window {
			forks[i] = a.fork()
			wg.Go(func() {
				slots <- struct{}{}
				settled[i] = t(forks[i])
				<-slots
			})
		}
		wg.Wait()
		next := slices.IndexFunc(forks, func(f *audit) bool { return f.resized })
		if failed := slices.Index(settled, false); failed >= 0 && (next < 0 || failed < next) {
			return false
		}
		if next < 0 {
			next = len(window)
		}
		for _, f := range forks[:next] {
			for _, ref := range f.withheld {
				a.withhold(ref)
			}
		}
		if next == len(window) {
			tasks = tasks[next:]
			continue
		}
		if !tasks[next](a) {
			return false
		}
		tasks = tasks[next+1:]
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
