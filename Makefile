# Sayso. `make run` starts what there is; `make test` runs every test.
GO        ?= go
BIN       := bin/sayso
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME  ?= 60s

.PHONY: run build test lint bench fuzz clean

# Until the server exists, run checks the shipped surveys and lists the commands.
run: build
	./$(BIN) validate
	./$(BIN) --help

build:
	$(GO) build -o $(BIN) ./cmd/sayso

test:
	$(GO) test ./...

lint:
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	@unformatted=$$(gofmt -l cmd internal surveys); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Each fuzz target runs for FUZZTIME; not part of `make test`.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./internal/survey

clean:
	rm -rf bin
