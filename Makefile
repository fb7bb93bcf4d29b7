# dubgen: `make generate` regenerates generated/ from the pinned spec,
# `make test` checks everything (what CI runs, via .ci/run).

GO ?= go
GOFMT ?= gofmt

# The generator's flags; `go generate` (see dubgen.go) uses the same ones.
GEN_FLAGS = --pin specs/dub.pin.json --overlay overlays/dub.yaml --strict --out generated

.DEFAULT_GOAL := help

.PHONY: help generate check-generated vet client-deps test bench spec-update diff-shared surface-report

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

generate: ## regenerate generated/ from the pinned spec and the overlay
	$(GO) generate ./...

check-generated: ## fail if generated/ differs from a fresh generation
	$(GO) run ./cmd/gen generate $(GEN_FLAGS) --check --quiet

vet: ## fail on unformatted Go files (tracked or new), then go vet
	@files=$$(git ls-files --cached --others --exclude-standard -- '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*'); \
	existing=; for f in $$files; do [ -f "$$f" ] && existing="$$existing $$f"; done; \
	if [ -n "$$existing" ]; then \
		unformatted=$$($(GOFMT) -l $$existing) || exit 1; \
		if [ -n "$$unformatted" ]; then echo "gofmt -l: these files need gofmt -w:"; echo "$$unformatted"; exit 1; fi; \
	fi
	$(GO) vet ./...

# The official MCP clients and Prism that examples/server/clienttest runs.
CLIENT_DEPS = examples/server/clienttest/testdata/node

client-deps: ## npm ci the official MCP clients and Prism for examples/server/clienttest
	@if ! command -v npm >/dev/null 2>&1; then \
		if [ -n "$$CI" ]; then echo "client-deps: npm not found; CI needs Node.js >= 20 with npm for examples/server/clienttest" >&2; exit 1; fi; \
		echo "client-deps: npm not found; the official-client tests will skip (install Node.js >= 20)" >&2; \
	elif cmp -s $(CLIENT_DEPS)/package-lock.json $(CLIENT_DEPS)/node_modules/.clienttest-lock; then \
		: up to date; \
	else \
		echo "client-deps: npm ci in $(CLIENT_DEPS)"; \
		(cd $(CLIENT_DEPS) && npm ci --no-audit --no-fund --loglevel=error >/dev/null) && \
		cp $(CLIENT_DEPS)/package-lock.json $(CLIENT_DEPS)/node_modules/.clienttest-lock; \
	fi

# -vet=off: the vet target has just run every analyzer on every package;
# go test would run its subset again on the race build.
test: vet check-generated client-deps ## vet, check-generated, client-deps, then all tests with -race
	$(GO) test -race -count=1 -vet=off ./...

BENCHTIME ?= 5x

bench: ## run the benchmarks (BENCHTIME=5x; dubgen vs oapi-codegen side by side), then the bounded loopback load run
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...
	DUBGEN_LOAD=1 $(GO) test -count=1 -v -run '^TestLoadLoopback$$' ./examples/server

spec-update: ## fetch Dub's live spec (or FROM=FILE), regenerate, write specs/SPEC-UPDATE.md, move the pin
	$(GO) run ./cmd/gen spec-update --pin specs/dub.pin.json --overlay overlays/dub.yaml --out generated $(if $(FROM),--from $(FROM))

surface-report: ## tools/list size in bytes and ~tokens: total, per toolset, largest tools, budgets
	$(GO) run ./cmd/gen surface-report --pin specs/dub.pin.json --overlay overlays/dub.yaml

diff-shared: ## the tool-surface diff between the two shared Dub specs
	$(GO) run ./cmd/gen diff --old ../shared/specs/dub/openapi-2025-12-31.json --new ../shared/specs/dub/openapi-2026-08-21.json --overlay overlays/dub.yaml
