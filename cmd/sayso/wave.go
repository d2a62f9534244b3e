package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

func runWave(args []string, stdout, stderr io.Writer) int {
	usage := "Usage: sayso wave open|list|close|reopen [flags]\n\n" +
		"  open    open a wave of a survey, freezing its definition\n" +
		"  list    list the waves\n" +
		"  close   stop a wave taking answers\n" +
		"  reopen  let a closed wave take answers again\n\n" +
		"Run 'sayso wave SUBCOMMAND --help' for its flags.\n"
	return subcommands(args, stdout, stderr, usage, map[string]func([]string, io.Writer, io.Writer) int{
		"open":   runWaveOpen,
		"list":   runWaveList,
		"close":  runWaveClose,
		"reopen": runWaveReopen,
	})
}

// waveJSON is a wave as --json prints it.
type waveJSON struct {
	ID        int64  `json:"id"`
	LinkCode  string `json:"link_code,omitempty"`
	Name      string `json:"name,omitempty"`
	Survey    string `json:"survey,omitempty"`
	Status    string `json:"status,omitempty"`
	Responses *int   `json:"responses,omitempty"`
}

func runWaveOpen(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("wave open", "--survey ID --name NAME [flags]", "Opens a wave of a survey. The wave keeps a frozen copy of the definition as it is now.", stderr)
	dbPath := dbFlag(fs)
	initDB := initFlag(fs)
	surveysDir := surveysFlag(fs)
	surveyID := fs.String("survey", "", "survey id, such as health-check (required)")
	name := fs.String("name", "", `wave name, such as "Health check 2025" (required)`)
	closes := fs.String("closes", "", "last day answers are taken, such as 31/12/2026 or 2026-12-31 (default: until closed)")
	headcount := fs.Int("headcount", 0, "staff invited, for the response rate")
	maxResponses := fs.Int("max-responses", 0, "the most responses the wave takes, 1 to 1000000; 0 for no limit.\nAnyone with a wave's link can answer more than once: a cap bounds what a link can let in")
	access := fs.String("access", "link", "how staff reach it: link, codes or both")
	asJSON := fs.Bool("json", false, `print {"id": ..., "link_code": ...}`)
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "sayso wave open: "+format+"\n", a...)
		return 1
	}
	if *surveyID == "" || strings.TrimSpace(*name) == "" {
		return fail("--survey and --name are required")
	}
	settings := survey.WaveSettings{Name: strings.TrimSpace(*name), Access: survey.Access(*access), Headcount: *headcount, MaxResponses: *maxResponses, ClosesOn: survey.TypedDay(*closes)}
	// Checked before the database is opened (or made) for nothing.
	if err := settings.Validate(time.Now().Format(survey.DateLayout)); err != nil {
		return fail("%v", err)
	}
	catalogue, err := loadSurveys(*surveysDir)
	if err != nil {
		return fail("the survey definitions are not valid:\n%v", err)
	}
	src, ok := catalogue.Survey(*surveyID)
	if !ok {
		ids := []string{}
		for _, s := range catalogue.Sources() {
			ids = append(ids, s.Definition.ID)
		}
		return fail("there is no survey %q; the surveys are: %s", *surveyID, strings.Join(ids, ", "))
	}
	db, err := openOrInitDB(*dbPath, *initDB)
	if err != nil {
		return fail("%v", err)
	}
	defer db.Close()
	ctx := context.Background()
	w, err := db.OpenWave(ctx, store.NewWave{Source: src, Name: settings.Name, Access: settings.Access, Headcount: settings.Headcount, MaxResponses: settings.MaxResponses, ClosesOn: settings.ClosesOn})
	if err != nil {
		return fail("%v", err)
	}
	if err := db.Audit(ctx, auditActor, "open wave", fmt.Sprintf("wave %d %q of %s", w.ID, w.Name, w.SurveyID)); err != nil {
		return fail("the wave was opened, but writing the audit log failed: %v", err)
	}
	if *asJSON {
		if writeJSON(stdout, waveJSON{ID: w.ID, LinkCode: w.LinkCode}) != nil {
			return 1
		}
		return 0
	}
	fmt.Fprintf(stdout, "Opened wave %d, %q, of %s.\n", w.ID, w.Name, w.SurveyID)
	if w.LinkCode != "" {
		fmt.Fprintf(stdout, "Link code: %s (staff answer at /s/%s)\n", w.LinkCode, w.LinkCode)
	}
	if w.Access.AllowsCodes() {
		fmt.Fprintf(stdout, "Make invitation codes with: sayso codes --wave %d --count N\n", w.ID)
	}
	return 0
}

func runWaveList(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("wave list", "[flags]", "Lists every wave, newest first, with its response count.", stderr)
	dbPath := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print a JSON array")
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	return withDB(*dbPath, failer(stderr, "wave list"), func(ctx context.Context, db *store.DB) error {
		waves, err := db.Waves(ctx)
		if err != nil {
			return err
		}
		now := time.Now()
		if *asJSON {
			list := make([]waveJSON, len(waves))
			for i, w := range waves {
				list[i] = waveJSON{ID: w.ID, LinkCode: w.LinkCode, Name: w.Name, Survey: w.SurveyID, Status: string(w.Status(now)), Responses: &w.Responses}
			}
			return writeJSON(stdout, list)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tSURVEY\tSTATUS\tRESPONSES\tCODES ISSUED\tMOST TAKEN\tOPENED\tCLOSES\tLINK CODE")
		for _, w := range waves {
			codes, err := db.CodesIssued(ctx, w.ID)
			if err != nil {
				return err
			}
			most := "-"
			if w.MaxResponses > 0 {
				most = strconv.Itoa(w.MaxResponses)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\n", w.ID, w.Name, w.SurveyID, w.Status(now), w.Responses, codes, most, w.OpenedOn, orNone(w.ClosesOn), orNone(w.LinkCode))
		}
		return tw.Flush()
	})
}

func runWaveClose(args []string, stdout, stderr io.Writer) int {
	return changeWave(args, stdout, stderr, "close", "Stops a wave taking answers: its link and unused codes stop working; its results stay.", "close wave", "Closed", (*store.DB).CloseWave)
}

func runWaveReopen(args []string, stdout, stderr io.Writer) int {
	return changeWave(args, stdout, stderr, "reopen", "Lets a closed wave take answers again. A closing date already passed is removed.", "reopen wave", "Reopened", (*store.DB).ReopenWave)
}

// changeWave runs `sayso wave close|reopen ID`: change is the store's
// method, action the audit log's word for it.
func changeWave(args []string, stdout, stderr io.Writer, name, description, action, done string, change func(*store.DB, context.Context, int64) error) int {
	fs := newFlags("wave "+name, "ID [flags]", description, stderr)
	dbPath := dbFlag(fs)
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if fs.NArg() != 1 || err != nil {
		fmt.Fprintf(stderr, "sayso wave %s: give one wave id, such as: sayso wave %s 3\n", name, name)
		return 2
	}
	return withDB(*dbPath, failer(stderr, "wave "+name), func(ctx context.Context, db *store.DB) error {
		if err := change(db, ctx, id); err != nil {
			return err
		}
		if err := db.Audit(ctx, auditActor, action, fmt.Sprintf("wave %d", id)); err != nil {
			return fmt.Errorf("done, but writing the audit log failed: %w", err)
		}
		fmt.Fprintf(stdout, "%s wave %d.\n", done, id)
		return nil
	})
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
