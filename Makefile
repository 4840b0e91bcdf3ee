# The two commands of README.md: `make demo` (the main job) and `make test`.
GO ?= go
# A failing test must fail the target even when its output is filtered.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

.PHONY: demo test check deps build model cv report sst2 recipes simulate quality shift adapt clean

## demo: ingest the embedded seeds, label them with the shipped model, write out/labelled.csv
demo: deps
	$(GO) run ./cmd/stance demo -o out/labelled.csv

## test: formatting, vet and every test (SST-2 tests skip when ../shared is absent)
test: deps check
	$(GO) test -count=1 -timeout 30m ./...

check:
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

# golearn's liblinear binding is C++ behind cgo: it needs a C/C++ compiler.
deps:
	@command -v gcc >/dev/null && command -v g++ >/dev/null || { \
		echo "installing gcc and g++ (needed by golearn's cgo code)"; \
		apt-get update -qq && apt-get install -y -qq gcc g++; }

build: deps
	$(GO) build -o stance ./cmd/stance

## model: retrain the shipped model (a test checks it equals this retrain)
model: deps
	$(GO) run ./cmd/stance train -o models/default.model data/syria-comments.csv

## cv: 5-fold cross-validated macro-F1 on the seed corpus beside the majority baseline
cv: deps
	$(GO) run ./cmd/stance train -o out/cv.model data/syria-comments.csv

## report: the full evaluation of the default recipe on the seed corpus (cross-validated,
## with learning curve), the shipped model's most weighted terms, and the demo's label
## summary by source: out/report/, out/explain/, out/summary/ (index.html, report.{txt,md,json})
report: demo
	$(GO) run ./cmd/stance cv -repeats 2 -html out/report data/syria-comments.csv
	$(GO) run ./cmd/stance explain -limit 10 -html out/explain data/syria-comments.csv > /dev/null
	$(GO) run ./cmd/stance summarize -by source -html out/summary out/labelled.csv > /dev/null

## sst2: the default recipe's SST-2 test accuracy (train on train, score on test)
sst2: deps
	$(GO) test -count=1 -run 'TestSST2$$' -v ./classifier | grep -E 'SST-2|^(ok|FAIL|---)'

## recipes: the recipe comparison of docs/accuracy.md (seed corpus CV, SST-2 dev and test)
recipes: deps
	STANCE_RECIPES=1 $(GO) test -count=1 -run 'TestRecipeTable$$' -v ./classifier | grep -E 'macro-F1|^(ok|FAIL|---)'

## quality: one table of the recipes against the benchmarks: SST-2 test accuracy, P-Stance
## mean macro-F1(FAVOR, AGAINST) over targets, seed corpus 5-fold CV macro-F1 and ECE
## (needs ../shared/benchmarks; about a minute a recipe)
quality: deps
	$(GO) run ./cmd/quality

## shift: the shift check's figures for the shipped model on the seed thread, the seed
## articles, SST-2 and P-Stance test (docs/shift.md's table), and its in-domain noise
shift: deps
	$(GO) test -count=1 -run 'TestShiftThresholds$$' -v ./label | grep -E 'rows, .* words|^(ok|FAIL|---)'
	$(GO) test -count=1 -run 'TestShiftNoise$$' -v ./classifier | grep -E 'comments: warns|^(ok|FAIL|---)'

## adapt: the P-Stance cross-target protocol (BENCHMARKS.md "Adapting to a new comment set"):
## the target's val rows; ADAPT_FLAGS=-split val,test adds the test table (report once)
adapt: deps
	$(GO) run ./cmd/adapt $(ADAPT_FLAGS)

## simulate: active learning on SST-2, uncertainty against random sampling (about 5 min):
## test accuracy against labels, chart and tables in out/simulate/
simulate: deps
	$(GO) run ./cmd/simulate -max 4000 -batch 40 -out out/simulate

clean:
	rm -rf out stance beam/stance-beam

# The Apache Beam job is a module of its own (beam/go.mod), so that the
# main module never downloads or builds the Beam SDK: its tests run here,
# and in CI, but not under make test.
.PHONY: beam beam-test beam-bench
beam:
	cd beam && $(GO) build -o stance-beam ./cmd/stance-beam

beam-test: deps
	cd beam && $(GO) vet ./... && $(GO) test -count=1 -timeout 20m ./...

# prism beside stance label on 1,000,000 generated comments (~4 min).
beam-bench:
	beam/bench.sh

.PHONY: bench bench-quick fuzz

## fuzz: run each fuzz target for FUZZTIME (default 20s); a crash fails and is saved
## under the package's testdata/fuzz/ for `go test` to replay from then on
FUZZTIME ?= 20s
FUZZ_TARGETS := ./data:FuzzCSVReader ./data:FuzzJSONLReader ./data:FuzzThreadReader \
	./features:FuzzTokenizer ./classifier:FuzzReadBundle
# A run that ends "context deadline exceeded" without writing a failing input
# met a race in Go's fuzzing coordinator at the end of -fuzztime
# (go.dev/issue/75804, fixed in Go 1.27), not a bug here: it is run once more,
# and fails only if that fails too.
fuzz: deps
	@log=$$(mktemp); trap 'rm -f $$log' EXIT; \
	for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$pkg $$name for $(FUZZTIME)"; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s 2>&1 | tee $$log && continue; \
		if grep -q 'context deadline exceeded' $$log && ! grep -q 'Failing input written' $$log; then \
			echo "fuzz $$name: deadline race of Go's fuzzing coordinator (go.dev/issue/75804); once more"; \
			$(GO) test $$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s && continue; \
		fi; \
		exit 1; \
	done

## bench: stance label against fastText and scikit-learn on 500,000 comments, memory on
## 10 MB and 1 GB files, throughput at 10k/100k/1M rows, training on 100k, cold start
## (about 5 min on an idle 2-core machine; needs ../shared/benchmarks/sst2 and ~2 GB in /tmp); draws docs/throughput.png
bench: deps
	bash scripts/bench.sh
	$(GO) run ./cmd/benchchart -in out/bench/results.csv -o docs/throughput.png

## bench-quick: the same harness at small sizes (20k rows, no 1 GB file), for CI
bench-quick: deps
	BENCH_QUICK=1 BENCH_OUT=out/bench-quick bash scripts/bench.sh
