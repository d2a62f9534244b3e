// Package loadtest submits valid random responses to a running Sayso server
// as fast as a number of concurrent clients can, and measures the rate and
// the latency.
package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Config says where and how hard to submit.
type Config struct {
	URL         string // the server's base URL, such as http://127.0.0.1:8080
	Code        string // a wave's link code: invitation codes answer once
	Concurrency int
	Duration    time.Duration
	Seed        uint64
	// Marked puts a marker unique to each request in its first free-text
	// answer, and keeps the markers of the responses the server
	// acknowledged, so that each can be looked for among those stored.
	Marked bool
}

// Result is what a run measured.
type Result struct {
	Requests int
	Created  int
	Statuses map[int]int
	Failures int // requests that got no HTTP answer
	Elapsed  time.Duration
	P50, P99 time.Duration
	Max      time.Duration
	// Acknowledged are the markers of the responses answered 201, when
	// the run was Marked.
	Acknowledged []string
}

// Rate is the number of responses stored per second.
func (r Result) Rate() float64 { return float64(r.Created) / r.Elapsed.Seconds() }

func (r Result) String() string {
	return fmt.Sprintf("%d requests in %.1fs: %d stored (%.0f responses/s), %d failed to connect\nlatency p50 %.1f ms, p99 %.1f ms, max %.1f ms\nstatuses %v",
		r.Requests, r.Elapsed.Seconds(), r.Created, r.Rate(), r.Failures,
		ms(r.P50), ms(r.P99), ms(r.Max), r.Statuses)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// definition is what the generator needs of GET /api/v1/surveys/{code}.
type definition struct {
	Sections []struct {
		Questions []question `json:"questions"`
	} `json:"sections"`
}

type question struct {
	ID        string                   `json:"id"`
	Type      string                   `json:"type"`
	Required  bool                     `json:"required"`
	Options   []struct{ Value string } `json:"options"`
	Min       float64                  `json:"min"`
	Max       float64                  `json:"max"`
	MaxLength int                      `json:"max_length"`
	ShowIf    *struct {
		Question string `json:"question"`
		Equals   any    `json:"equals"`
	} `json:"show_if"`
}

// Run submits for cfg.Duration and reports. It stops early if ctx ends.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Concurrency < 1 || cfg.Duration <= 0 {
		return Result{}, fmt.Errorf("concurrency and duration must be positive")
	}
	base := strings.TrimRight(cfg.URL, "/")
	transport := &http.Transport{MaxIdleConns: cfg.Concurrency, MaxIdleConnsPerHost: cfg.Concurrency, MaxConnsPerHost: cfg.Concurrency, DisableCompression: true}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}

	def, err := fetchDefinition(ctx, client, base, cfg.Code)
	if err != nil {
		return Result{}, err
	}
	markedQuestion := ""
	if cfg.Marked {
		if markedQuestion, err = def.markable(); err != nil {
			return Result{}, err
		}
	}
	// Bodies are made before the clock starts, so the generator's own work
	// does not count against the server.
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5a5a))
	bodies := make([][]byte, 4096)
	for i := range bodies {
		answers := randomAnswers(def, rng)
		if cfg.Marked {
			answers[markedQuestion] = markerSlot
		}
		body, _ := json.Marshal(map[string]any{"code": cfg.Code, "answers": answers})
		bodies[i] = body
	}
	// Markers differ from run to run, so runs against one database never
	// share one.
	run := rand.Uint32()

	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	type tally struct {
		latencies    []time.Duration
		statuses     map[int]int
		failures     int
		acknowledged []string
	}
	tallies := make([]tally, cfg.Concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range cfg.Concurrency {
		wg.Go(func() {
			t := &tallies[w]
			t.statuses = make(map[int]int)
			for i := w; ctx.Err() == nil; i += cfg.Concurrency {
				body, marker := bodies[i%len(bodies)], ""
				if cfg.Marked {
					marker = fmt.Sprintf("load-%08x-%d", run, i)
					body = bytes.Replace(body, []byte(markerSlot), []byte(marker), 1)
				}
				began := time.Now()
				status, err := post(client, base+"/api/v1/responses", body)
				if err != nil {
					t.failures++
					// A server that is down or restarting is not hammered
					// by clients spinning on refused connections.
					select {
					case <-ctx.Done():
					case <-time.After(retryPause):
					}
					continue
				}
				t.latencies = append(t.latencies, time.Since(began))
				t.statuses[status]++
				if status == http.StatusCreated && cfg.Marked {
					t.acknowledged = append(t.acknowledged, marker)
				}
			}
		})
	}
	wg.Wait()
	res := Result{Elapsed: time.Since(start), Statuses: make(map[int]int)}
	var all []time.Duration
	for _, t := range tallies {
		all = append(all, t.latencies...)
		res.Failures += t.failures
		res.Acknowledged = append(res.Acknowledged, t.acknowledged...)
		for s, n := range t.statuses {
			res.Statuses[s] += n
		}
	}
	res.Requests = len(all) + res.Failures
	res.Created = res.Statuses[http.StatusCreated]
	if len(all) > 0 {
		slices.Sort(all)
		res.P50, res.P99, res.Max = all[len(all)*50/100], all[min(len(all)-1, len(all)*99/100)], all[len(all)-1]
	}
	return res, nil
}

// retryPause is how long a client waits after a request got no answer.
const retryPause = 20 * time.Millisecond

// markerSlot stands in a body for the marker each request puts there;
// the words answers are made of never contain it.
const markerSlot = "@@marker@@"

// markable is the question markers go in: the first free-text question
// that is always asked, long enough for one.
func (d *definition) markable() (string, error) {
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			if q.Type == "text" && q.ShowIf == nil && q.MaxLength >= 32 {
				return q.ID, nil
			}
		}
	}
	return "", fmt.Errorf("the survey has no free-text question that is always asked, to carry the markers")
}

// post sends one response. The request does not use the run's context, so
// requests in flight when time is up finish and are counted.
func post(client *http.Client, url string, body []byte) (int, error) {
	res, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

func fetchDefinition(ctx context.Context, client *http.Client, base, code string) (*definition, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/surveys/"+code, nil)
	if err != nil {
		return nil, err
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("reading the survey: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(res.Body, 512))
		return nil, fmt.Errorf("reading the survey: %s: %s", res.Status, bytes.TrimSpace(msg))
	}
	var def definition
	if err := json.NewDecoder(res.Body).Decode(&def); err != nil {
		return nil, fmt.Errorf("reading the survey: %w", err)
	}
	return &def, nil
}

var words = strings.Fields("more time for supervision fewer forms better laptops a stable team clearer priorities training on court work flexible hours less travel")

// randomAnswers makes a valid response: every required question answered,
// most optional ones too, show_if honoured, every value in range.
func randomAnswers(def *definition, rng *rand.Rand) map[string]any {
	answers := make(map[string]any)
	for _, s := range def.Sections {
		for _, q := range s.Questions {
			if q.ShowIf != nil && answers[q.ShowIf.Question] != q.ShowIf.Equals {
				continue
			}
			if !q.Required && rng.IntN(10) == 0 {
				continue
			}
			switch q.Type {
			case "agreement", "scale":
				answers[q.ID] = int(q.Min) + rng.IntN(int(q.Max-q.Min)+1)
			case "number":
				answers[q.ID] = q.Min + float64(rng.IntN(int(max(1, (q.Max-q.Min)/4))))
			case "choice":
				answers[q.ID] = q.Options[rng.IntN(len(q.Options))].Value
			case "multichoice":
				var chosen []string
				for _, o := range q.Options {
					if rng.IntN(3) == 0 {
						chosen = append(chosen, o.Value)
					}
				}
				if len(chosen) == 0 {
					chosen = []string{q.Options[0].Value}
				}
				answers[q.ID] = chosen
			case "yesno":
				answers[q.ID] = rng.IntN(2) == 0
			case "text":
				var b strings.Builder
				for n := 3 + rng.IntN(12); n > 0; n-- {
					w := words[rng.IntN(len(words))]
					if b.Len()+len(w)+1 > q.MaxLength {
						break
					}
					if b.Len() > 0 {
						b.WriteByte(' ')
					}
					b.WriteString(w)
				}
				answers[q.ID] = b.String()
			}
		}
	}
	return answers
}
