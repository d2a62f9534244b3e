# Sayso. `make run` starts what there is; `make test` runs every test.
GO        ?= go
BIN       := bin/sayso
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME  ?= 60s
GOVUK_FRONTEND := govuk-frontend@6.6.0
SASS      := sass@1.108.2
NPM_DIR   := .build/npm

.PHONY: run build test lint bench load fuzz clean static e2e attack golden

# Starts the server on ./sayso.db; a new database is filled with the demo (three yearly health
# checks, an open pulse wave to answer, actions) and, on first start, an admin to sign in with.
# The login below is for the demo only: a real first start (no SAYSO_ADMIN_PASSWORD) prints a
# generated password. --init lets serve make the database when it is missing.
RUN_ADMIN_EMAIL    ?= admin@example.org
RUN_ADMIN_PASSWORD ?= sayso-demo-password
run: build
	@test -f sayso.db || ./$(BIN) demo --init --db sayso.db
	@echo "Demo login, for this demo database only (never use it for real data): $(RUN_ADMIN_EMAIL) / $(RUN_ADMIN_PASSWORD)"
	@echo "Starting with --init: a missing sayso.db is made new; without it, serve refuses a missing database."
	SAYSO_ADMIN_EMAIL=$(RUN_ADMIN_EMAIL) SAYSO_ADMIN_PASSWORD=$(RUN_ADMIN_PASSWORD) ./$(BIN) serve --init --db sayso.db

build:
	$(GO) build -o $(BIN) ./cmd/sayso

test:
	$(GO) test ./...

lint:
	$(GO) vet ./...
	$(GO) vet -tags e2e ./internal/e2e
	$(GO) run $(STATICCHECK) ./...
	$(GO) run $(STATICCHECK) -tags e2e ./internal/e2e
	@unformatted=$$(gofmt -l cmd internal surveys); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The disclosure attack on thousands of random populations (a few run in `make test`);
# ATTACK_SEED=s ATTACK_POPULATIONS=1 replays the population of seed s.
ATTACK_POPULATIONS ?= 2000
ATTACK_SEED        ?= 1
attack:
	ATTACK_POPULATIONS=$(ATTACK_POPULATIONS) ATTACK_SEED=$(ATTACK_SEED) $(GO) test -count=1 -timeout 2h -run '^TestAttack' ./internal/results

# The collection benchmark: a fresh database, the server, and 64 clients for LOAD_DURATION.
LOAD_DURATION ?= 30s
load: build
	@rm -rf .build/load && mkdir -p .build/load
	@./$(BIN) wave open --init --db .build/load/sayso.db --survey health-check --name "Load test" --json > .build/load/wave.json
	@./$(BIN) serve --db .build/load/sayso.db --addr 127.0.0.1:18090 --submit-rate 1000000 2>/dev/null & echo $$! > .build/load/pid; sleep 1
	./$(BIN) loadtest --url http://127.0.0.1:18090 --code $$(sed -n 's/.*"link_code": "\(.*\)".*/\1/p' .build/load/wave.json) --concurrency 64 --duration $(LOAD_DURATION); status=$$?; kill $$(cat .build/load/pid); exit $$status

# Each fuzz target runs for FUZZTIME; not part of `make test`. Minimising a
# new input is capped so that the time goes on fuzzing.
FUZZFLAGS = -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
fuzz:
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzParse$$' ./internal/survey
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzDecodeAnswers$$' ./internal/survey
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzAppendJSONString$$' ./internal/survey
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzReadAnswersForm$$' ./internal/web
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzResponseCreate$$' ./internal/web
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzQuickResponseReader$$' ./internal/web
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzReadStaffList$$' ./internal/invite
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzParse$$' ./internal/benchmark

# The browser tests: the real server in headless Chromium (Debian's package, installed when
# missing and allowed), with axe-core from npm for the WCAG 2.2 A and AA rules.
AXE_CORE := axe-core@4.14.1
AXE_DIR  := .build/axe
e2e:
	@command -v chromium >/dev/null || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@test -f $(AXE_DIR)/node_modules/axe-core/axe.min.js || (mkdir -p $(AXE_DIR) && cd $(AXE_DIR) && npm init -y >/dev/null && npm install --no-audit --no-fund $(AXE_CORE) >/dev/null)
	AXE_PATH=$(CURDIR)/$(AXE_DIR)/node_modules/axe-core/axe.min.js CHROMIUM=$$(command -v chromium) $(GO) test -tags e2e -count=1 -timeout 15m -v ./internal/e2e

# Writes the golden values internal/results is tested against, computed by R
# (Debian's r-base-core, installed when missing and allowed) from the cases in
# internal/results/testdata/golden.R; `make test` reads them without R.
GOLDEN := internal/results/testdata/golden
golden:
	@command -v Rscript >/dev/null || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq r-base-core >/dev/null; }
	Rscript $(GOLDEN).R > $(GOLDEN).tsv.new && mv $(GOLDEN).tsv.new $(GOLDEN).tsv
	$(GO) test -count=1 -run TestGoldenValuesFromR ./internal/results

# Refreshes the vendored GOV.UK Frontend styles (needs npm; a plain build does not).
static:
	rm -rf $(NPM_DIR) && mkdir -p $(NPM_DIR)
	cd $(NPM_DIR) && npm init -y >/dev/null && npm install --no-audit --no-fund $(GOVUK_FRONTEND) $(SASS)
	$(NPM_DIR)/node_modules/.bin/sass --load-path=$(NPM_DIR)/node_modules --style=compressed --no-source-map --no-charset static/src/sayso.scss static/sayso.css
	grep -q '"license": "MIT"' $(NPM_DIR)/node_modules/govuk-frontend/package.json
	! grep -q "GDS Transport" static/sayso.css

clean:
	rm -rf bin .build
