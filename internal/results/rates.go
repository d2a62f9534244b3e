package results

// GroupRate is one group's response rate: its published responses over
// the headcount an admin gave it. A hidden group has no count and so no
// rate; its headcount, which is no answer of anyone's, still shows.
type GroupRate struct {
	Value     string   `json:"value"`
	Label     string   `json:"label"`
	Hidden    bool     `json:"hidden"`
	Headcount *int     `json:"headcount"`
	Responses *int     `json:"responses"`
	Rate      *float64 `json:"rate"`
}

// GroupRates sets each group of a breakdown's published results beside its
// headcount (by group value). The rate is made from the published count
// only, never from the responses received since, so it says nothing the
// publication does not.
func GroupRates(r Results, headcounts map[string]int) []GroupRate {
	out := make([]GroupRate, 0, len(r.Groups))
	for _, g := range r.Groups {
		gr := GroupRate{Value: g.Value, Label: g.Label, Hidden: g.Hidden}
		if n, ok := headcounts[g.Value]; ok {
			gr.Headcount = &n
		}
		if !g.Hidden {
			gr.Responses = g.Responses
			if gr.Headcount != nil && g.Responses != nil {
				rate := float64(*g.Responses) / float64(*gr.Headcount)
				gr.Rate = &rate
			}
		}
		out = append(out, gr)
	}
	return out
}
