package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/internal/web"
)

func runCodes(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("codes", "--wave ID --count N [flags]",
		"Makes single-use invitation codes for a wave and prints them as CSV (code,link)\n"+
			"for a mail merge. Only their hashes are stored: this is the one time they are shown.\n"+
			"Whoever holds the codes can tell who has answered, since a used code is refused: keep them\n"+
			"with one person and delete them when the wave closes, or let sayso invite email codes nobody holds.", stderr)
	dbPath := dbFlag(fs)
	wave := fs.Int64("wave", 0, "wave id (required)")
	count := fs.Int("count", 0, "how many codes, 1 to "+strconv.Itoa(survey.MaxCodeBatch)+" (required)")
	baseURL := fs.String("base-url", envOr("SAYSO_BASE_URL", web.DefaultBaseURL), "address staff reach Sayso at, for the links (env SAYSO_BASE_URL)")
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	if *wave <= 0 || *count <= 0 {
		fmt.Fprintln(stderr, "sayso codes: --wave and --count are required, such as: sayso codes --wave 1 --count 120")
		return 2
	}
	if err := survey.CheckCodeBatch(*count); err != nil {
		fmt.Fprintf(stderr, "sayso codes: --count: %v\n", err)
		return 2
	}
	base, err := web.ParseBaseURL(*baseURL)
	if err != nil {
		fmt.Fprintf(stderr, "sayso codes: --base-url: %v\n", err)
		return 2
	}
	return withDB(*dbPath, failer(stderr, "codes"), func(ctx context.Context, db *store.DB) error {
		codes, err := db.CreateCodes(ctx, *wave, *count)
		if err != nil {
			return err
		}
		// Before the codes are printed: codes made and never shown are harmless,
		// codes shown and never audited are not.
		if err := db.Audit(ctx, auditActor, "create codes", fmt.Sprintf("wave %d: %d codes", *wave, *count)); err != nil {
			return fmt.Errorf("writing the audit log failed, so the codes are not shown: %w", err)
		}
		out := csv.NewWriter(stdout)
		out.Write([]string{"code", "link"})
		for _, code := range codes {
			out.Write([]string{code, base + "/s/" + code})
		}
		out.Flush()
		return out.Error()
	})
}
