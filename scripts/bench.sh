#!/usr/bin/env bash
# Side-by-side benchmark of `stance label` against fastText and a
# scikit-learn TF-IDF + LogisticRegression pipeline (issue 5). See
# BENCHMARKS.md for the figures and how to read them.
#
#   scripts/bench.sh              full run (500,000 comments, a 1 GB file; ~10 min)
#   BENCH_QUICK=1 scripts/bench.sh    small sizes for CI (~1-2 min)
#   STANCE_LABEL_FLAGS='-char-ngrams 2-5' scripts/bench.sh
#                                 stance labels with an SST-2 model of that recipe
#
# Inputs are generated under a temporary directory (removed at exit) by
# recombining SST-2 sentences (../shared/benchmarks/sst2, read in place,
# never copied into the repository) with sentences of the seed comments.
# Results go to $BENCH_OUT (default out/bench): results.csv, which
# cmd/benchchart draws, and table.txt, the table printed at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
QUICK=${BENCH_QUICK:-0}
OUT=${BENCH_OUT:-out/bench}
GO=${GO:-go}
PY=/usr/bin/python3
export SST2_DIR=${SST2_DIR:-$ROOT/../shared/benchmarks/sst2}

if [ ! -f "$SST2_DIR/stsa.binary.train" ]; then
	echo "bench: SST-2 not found at $SST2_DIR (want stsa.binary.train there; set SST2_DIR)" >&2
	exit 1
fi

# Peers, installed when missing.
need=()
command -v fasttext >/dev/null || need+=(fasttext)
[ -x /usr/bin/time ] || need+=(time)
{ [ -x $PY ] && $PY -c 'import sklearn' 2>/dev/null; } || need+=(python3-sklearn)
if [ ${#need[@]} -gt 0 ]; then
	echo "bench: installing ${need[*]}" >&2
	apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ "$QUICK" = 1 ]; then
	MAIN=20000 LIN="1000 5000 20000" TRAIN=1000 BIG=0 TUNE=1000 TUNE_BUDGET=20s
else
	MAIN=500000 LIN="10000 100000 1000000" TRAIN=100000 BIG=1 TUNE=10000 TUNE_BUDGET=2m
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/stance-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
RES="$OUT/results.csv"
echo "kind,tool,rows,mb,wall_s,docs_per_s,rss_mb,cpu_s" >"$RES"

# measure NAME ROWS MB CMD...: runs CMD under /usr/bin/time -v, records the
# wall time and peak RSS in results.csv and prints them.
measure() {
	local kind=$1 tool=$2 rows=$3 mb=$4
	shift 4
	local tv="$TMP/time.txt"
	if ! /usr/bin/time -v -o "$tv" "$@" >"$TMP/cmd.out" 2>"$TMP/cmd.err"; then
		local why
		why=$(grep -m1 -E 'out of memory|error|Error|killed' "$TMP/cmd.err" | cut -c1-120 || true)
		echo "bench: $kind $tool failed: ${why:-see below}" >&2
		[ -n "$why" ] || tail -5 "$TMP/cmd.err" >&2
		echo "$kind,$tool,$rows,$mb,NaN,NaN,NaN,NaN" >>"$RES"
		echo "$kind $tool ($rows rows): FAILED: ${why:-exit status non-zero}" >>"$TMP/failures.txt"
		return 0
	fi
	local wall rss cpu
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$tv")
	cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {print s}' "$tv")
	rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$tv")
	local rate
	rate=$(awk -v r="$rows" -v w="$wall" 'BEGIN { if (w > 0) printf "%.0f", r / w; else print "NaN" }')
	echo "$kind,$tool,$rows,$mb,$wall,$rate,$rss,$cpu" >>"$RES"
	printf '  %-10s %-16s %9s rows %8s MB %8s s %9s docs/s %8s MB RSS %8s s CPU\n' "$kind" "$tool" "$rows" "$mb" "$wall" "$rate" "$rss" "$cpu" >&2
}

mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }

echo "bench: load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee "$OUT/load.txt" >&2
echo "bench: building stance" >&2
$GO build -o "$TMP/stance" ./cmd/stance
STANCE="$TMP/stance"

# Inputs: the largest comment file once; smaller ones are its first rows.
maxrows=$MAIN
for n in $LIN; do [ "$n" -gt "$maxrows" ] && maxrows=$n; done
echo "bench: generating $maxrows comments" >&2
$PY scripts/gencorpus.py comments "$maxrows" "$TMP/all.csv"
rows_file() { # rows_file N PATH: the header and the first N comments
	head -n $(($1 + 1)) "$TMP/all.csv" >"$2"
}
rows_file "$MAIN" "$TMP/main.csv"
$PY - "$TMP/main.csv" "$TMP/main.txt" <<'EOF'
import csv, sys
csv.field_size_limit(1 << 30)
with open(sys.argv[1], newline="", encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as o:
    r = csv.reader(f)
    t = next(r).index("text")
    for row in r:
        o.write(row[t].replace("\n", " ") + "\n")
EOF

echo "bench: training each tool on SST-2 train (binary sentiment)" >&2
$PY scripts/gencorpus.py sst2-train "$TMP/sst2.csv" "$TMP/sst2.ft"
# shellcheck disable=SC2086
"$STANCE" train -labels sentiment -folds 0 ${STANCE_LABEL_FLAGS:-} -o "$TMP/sst2.model" "$TMP/sst2.csv" >/dev/null
fasttext supervised -input "$TMP/sst2.ft" -output "$TMP/ft" -wordNgrams 2 -epoch 10 -verbose 0
$PY scripts/sklearn_predict.py train "$TMP/sst2.csv" "$TMP/sk.pkl"

echo "bench: labelling $MAIN comments ($(mb "$TMP/main.csv") MB) with each tool" >&2
MAINMB=$(mb "$TMP/main.csv")
measure label stance "$MAIN" "$MAINMB" "$STANCE" label -model "$TMP/sst2.model" -o "$TMP/stance.out.csv" "$TMP/main.csv"
measure label fasttext "$MAIN" "$MAINMB" sh -c "fasttext predict-prob '$TMP/ft.bin' '$TMP/main.txt' > '$TMP/ft.out'"
measure label sklearn "$MAIN" "$MAINMB" $PY scripts/sklearn_predict.py predict "$TMP/sk.pkl" "$TMP/main.csv" "$TMP/sk.out.csv"
rm -f "$TMP"/*.out "$TMP"/*.out.csv

echo "bench: throughput against input size (shipped model)" >&2
for n in $LIN; do
	rows_file "$n" "$TMP/lin.csv"
	measure linearity stance-shipped "$n" "$(mb "$TMP/lin.csv")" sh -c "'$STANCE' label '$TMP/lin.csv' > '$TMP/lin.out.csv'"
	rm -f "$TMP/lin.csv" "$TMP/lin.out.csv"
done

echo "bench: memory against file size (shipped model, output to /dev/null)" >&2
# ~10 MB: the first rows of the comments; ~1 GB: the main file repeated.
small=$(awk -v want=$((10 * 1048576)) -v sz="$(stat -c %s "$TMP/main.csv")" -v n="$MAIN" 'BEGIN { r = int(n * want / sz); print (r < n ? r : n) }')
rows_file "$small" "$TMP/mem.csv"
measure memory stance-shipped "$small" "$(mb "$TMP/mem.csv")" sh -c "'$STANCE' label '$TMP/mem.csv' > /dev/null"
if [ "$BIG" = 1 ]; then
	reps=$(awk -v sz="$(stat -c %s "$TMP/main.csv")" 'BEGIN { r = int(1073741824 / sz + 0.999); print r }')
	{
		cat "$TMP/main.csv"
		for ((i = 1; i < reps; i++)); do tail -n +2 "$TMP/main.csv"; done
	} >"$TMP/big.csv"
	measure memory stance-shipped $((MAIN * reps)) "$(mb "$TMP/big.csv")" sh -c "'$STANCE' label '$TMP/big.csv' > /dev/null"
	rm -f "$TMP/big.csv"
fi
rm -f "$TMP/mem.csv" "$TMP/all.csv"

echo "bench: training on $TRAIN labelled comments (stance and sentiment, -folds 0${STANCE_TRAIN_FLAGS:+ $STANCE_TRAIN_FLAGS})" >&2
$PY scripts/gencorpus.py labelled "$TRAIN" "$TMP/train.csv"
# shellcheck disable=SC2086
# Capped at 12 GB of address space so that a trainer that densifies the data
# fails instead of taking the machine down.
measure train stance "$TRAIN" "$(mb "$TMP/train.csv")" sh -c "ulimit -v 12582912; exec '$STANCE' train -labels stance,sentiment -folds 0 ${STANCE_TRAIN_FLAGS:-} -o '$TMP/train.model' '$TMP/train.csv'"
echo "bench: the same with the default 5-fold cross-validation (and the calibration fitted on it)" >&2
measure train-cv stance "$TRAIN" "$(mb "$TMP/train.csv")" sh -c "ulimit -v 12582912; exec '$STANCE' train -labels stance,sentiment ${STANCE_TRAIN_FLAGS:-} -o '$TMP/train.model' '$TMP/train.csv'"
rm -f "$TMP/train.csv" "$TMP/train.model"

echo "bench: stance tune -budget $TUNE_BUDGET on $TUNE labelled comments (stance and sentiment)" >&2
$PY scripts/gencorpus.py labelled "$TUNE" "$TMP/tune.csv"
measure tune stance "$TUNE" "$(mb "$TMP/tune.csv")" "$STANCE" tune -labels stance,sentiment -budget "$TUNE_BUDGET" -o "$TMP/tune.model" "$TMP/tune.csv"
cp "$TMP/cmd.out" "$OUT/tune.txt"
rm -f "$TMP/tune.csv" "$TMP/tune.model"

echo "bench: cold start (shipped model, one comment; best of 5)" >&2
head -n 2 "$TMP/main.csv" >"$TMP/one.csv"
best=""
for _ in 1 2 3 4 5; do
	t0=$EPOCHREALTIME
	"$STANCE" label "$TMP/one.csv" >/dev/null 2>&1
	t1=$EPOCHREALTIME
	ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
	if [ -z "$best" ] || awk -v m="$ms" -v b="$best" 'BEGIN { exit !(m < b) }'; then best=$ms; fi
done
/usr/bin/time -v -o "$TMP/time.txt" "$STANCE" label "$TMP/one.csv" >/dev/null 2>&1
coldrss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$TMP/time.txt")
echo "coldstart,stance-shipped,1,0,$(awk -v m="$best" 'BEGIN { printf "%.4f", m / 1000 }'),NaN,$coldrss,NaN" >>"$RES"

# The table.
{
	echo
	echo "Labelling $MAIN comments ($MAINMB MB CSV), each tool trained on SST-2 train${STANCE_LABEL_FLAGS:+ (stance: $STANCE_LABEL_FLAGS)}:"
	awk -F, '$1 == "label" { printf "  %-10s %8s s %10s docs/s %8s MB peak RSS %8s s CPU\n", $2, $5, $6, $7, $8; r[$2] = $6 }
		END {
			if (r["fasttext"] > 0) printf "  stance/fastText throughput: %.2fx\n", r["stance"] / r["fasttext"]
			if (r["sklearn"] > 0) printf "  stance/sklearn throughput:  %.2fx\n", r["stance"] / r["sklearn"]
		}' "$RES"
	echo "Throughput against input size (shipped model):"
	awk -F, '$1 == "linearity" { printf "  %9s rows %8s MB %8s s %10s docs/s %8s MB peak RSS %8s s CPU\n", $3, $4, $5, $6, $7, $8 }' "$RES"
	echo "Peak RSS against file size (shipped model):"
	awk -F, '$1 == "memory" { printf "  %9s rows %8s MB %8s s %10s docs/s %8s MB peak RSS %8s s CPU\n", $3, $4, $5, $6, $7, $8 }' "$RES"
	echo "Training on $TRAIN labelled comments (stance + sentiment, -folds 0):"
	awk -F, '$1 == "train" { printf "  %8s s %8s MB peak RSS %8s s CPU\n", $5, $7, $8 }' "$RES"
	echo "The same with the default 5-fold cross-validation:"
	awk -F, '$1 == "train-cv" { printf "  %8s s %8s MB peak RSS %8s s CPU\n", $5, $7, $8 }' "$RES"
	echo "stance tune -budget $TUNE_BUDGET on $TUNE labelled comments (leaderboard in $OUT/tune.txt):"
	awk -F, '$1 == "tune" { printf "  %8s s %8s MB peak RSS %8s s CPU\n", $5, $7, $8 }' "$RES"
	grep -m1 -E 'fits' "$OUT/tune.txt" | sed 's/^/  /' || true
	echo "Cold start, shipped model, one comment (best of 5):"
	awk -F, '$1 == "coldstart" { printf "  %.1f ms wall, %s MB peak RSS\n", $5 * 1000, $7 }' "$RES"
	if [ -s "$TMP/failures.txt" ]; then
		echo "Failures:"
		sed 's/^/  /' "$TMP/failures.txt"
	fi
	echo "Load average at start and end (other processes compete for the cores when above ~0):"
	echo "  $(cat "$OUT/load.txt" | sed 's/.*: //') / $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/table.txt"
echo "bench: results in $RES" >&2
