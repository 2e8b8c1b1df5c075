#!/usr/bin/env bash
# Peer benchmark: llama-alumni against rapidfuzz (WRatio, JaroWinkler) on the same
# synthetic people and queries, from two generators written apart: `alumni-bench synth`
# and bench/gen2.py (Faker's name lists, another typo model). Prints one markdown table
# per generator to stdout (also saved as bench/out/peer-$PEOPLE.md); everything else goes
# to stderr. The queries llama-alumni missed, with rapidfuzz's answers, are saved as
# bench/out/$GENERATOR-misses-$PEOPLE.jsonl.
#
#   bench/peer.sh [PEOPLE=100000] [SEED=7] [PER_KIND=50]
#
# Environment: PYTHON (default python3) makes bench/.venv; MAX_PER_KIND=K runs rapidfuzz
# on only the first K queries of each kind (llama-alumni still runs them all);
# GENERATORS="synth gen2" (the default) picks the generators.
set -euo pipefail

RAPIDFUZZ_VERSION=3.14.6
FAKER_VERSION=40.54.0

die() { echo "peer.sh: error: $*" >&2; exit 1; }
say() { echo "peer.sh: $*" >&2; }

usage="usage: $0 [PEOPLE=100000] [SEED=7] [PER_KIND=50]"
case "${1:-}" in -h|--help) echo "$usage"; exit 0 ;; esac
[[ $# -le 3 ]] || die "too many arguments; $usage"

PEOPLE=${1:-100000}
SEED=${2:-7}
PER_KIND=${3:-50}
[[ $PEOPLE =~ ^[1-9][0-9]*$ ]] || die "PEOPLE must be a positive integer, got '$PEOPLE'; $usage"
[[ $SEED =~ ^[0-9]+$ ]] || die "SEED must be a non-negative integer, got '$SEED'; $usage"
[[ $PER_KIND =~ ^[1-9][0-9]*$ ]] || die "PER_KIND must be a positive integer, got '$PER_KIND'; $usage"
if [[ -n ${MAX_PER_KIND:-} ]]; then
  [[ $MAX_PER_KIND =~ ^[1-9][0-9]*$ ]] || die "MAX_PER_KIND must be a positive integer, got '$MAX_PER_KIND'"
fi
GENERATORS=${GENERATORS:-synth gen2}
for g in $GENERATORS; do
  [[ $g == synth || $g == gen2 ]] || die "GENERATORS may name synth and gen2, got '$g'"
done

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd -- "$ROOT"
[[ -f Cargo.toml ]] || die "no Cargo.toml in $ROOT (expected the repository root)"

command -v cargo >/dev/null || die "cargo not found on PATH"
PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null || die "$PYTHON not found on PATH (set PYTHON=...)"

OUT=bench/out
VENV=bench/.venv
BIN=${CARGO_TARGET_DIR:-target}/release/alumni-bench
TABLE=$OUT/peer-$PEOPLE.md
mkdir -p "$OUT"

# Temporary files are renamed into place only on success, so a failed step never
# leaves a half-written file that looks like a result.
TMP=$(mktemp -d "$OUT/.tmp.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT

say "building (cargo build --release --features bench-tools --bin alumni-bench) ..."
cargo build --release --quiet --features bench-tools --bin alumni-bench \
  || die "cargo build --release --features bench-tools --bin alumni-bench failed"
[[ -x $BIN ]] || die "$BIN was not built"

if [[ ! -x $VENV/bin/python ]]; then
  say "creating $VENV with $PYTHON ($("$PYTHON" --version 2>&1)) ..."
  "$PYTHON" -m venv "$VENV" || die "could not create $VENV with $PYTHON -m venv"
fi
"$VENV/bin/python" -c 'import sys' 2>/dev/null \
  || die "$VENV is broken (its Python does not run); delete it and rerun"
say "installing rapidfuzz==$RAPIDFUZZ_VERSION and Faker==$FAKER_VERSION into $VENV ..."
"$VENV/bin/python" -m pip install -q --disable-pip-version-check \
  "rapidfuzz==$RAPIDFUZZ_VERSION" "Faker==$FAKER_VERSION" >&2 \
  || die "pip install rapidfuzz==$RAPIDFUZZ_VERSION Faker==$FAKER_VERSION failed"

rm -f -- "$TABLE"
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a; }
LOAD_BEFORE=$(load)
CORES=$(nproc 2>/dev/null || echo '?')
say "machine load before the run: $LOAD_BEFORE ($CORES cores)"

# One generator: data and queries, our measurement, rapidfuzz on the same, one table.
run_generator() {
  local gen=$1
  local data=$OUT/$gen-people-$PEOPLE.json queries=$OUT/$gen-queries-$PEOPLE.jsonl
  local ours=$OUT/$gen-ours-$PEOPLE.json misses=$OUT/$gen-misses-$PEOPLE.jsonl
  # Results of an earlier run would no longer match the data generated below.
  rm -f -- "$ours" "$misses" "$OUT/$gen-ours-$PEOPLE.bad.json"

  say "[$gen] generating $PEOPLE people (seed $SEED, $PER_KIND queries per kind) ..."
  if [[ $gen == synth ]]; then
    "$BIN" synth --people "$PEOPLE" --seed "$SEED" --queries-per-kind "$PER_KIND" \
      --queries "$TMP/queries.jsonl" >"$TMP/people.json" \
      || die "alumni-bench synth failed"
  else
    "$VENV/bin/python" bench/gen2.py --people "$PEOPLE" --seed "$SEED" \
      --queries-per-kind "$PER_KIND" --queries "$TMP/queries.jsonl" >"$TMP/people.json" \
      || die "bench/gen2.py failed"
  fi
  [[ -s $TMP/people.json ]] || die "$gen wrote an empty dataset"
  [[ -s $TMP/queries.jsonl ]] || die "$gen wrote no queries"
  mv -f -- "$TMP/people.json" "$data"
  mv -f -- "$TMP/queries.jsonl" "$queries"
  say "  wrote $data and $queries ($(wc -l <"$queries") queries)"

  say "[$gen] measuring llama-alumni ..."
  "$BIN" measure --data "$data" --queries "$queries" >"$TMP/ours.json" \
    || die "alumni-bench measure failed on $data"
  if ! "$VENV/bin/python" -c 'import json, sys; assert isinstance(json.load(open(sys.argv[1])), dict)' \
    "$TMP/ours.json" 2>/dev/null; then
    mv -f -- "$TMP/ours.json" "$OUT/$gen-ours-$PEOPLE.bad.json"
    die "alumni-bench measure did not print one JSON object (its output: $OUT/$gen-ours-$PEOPLE.bad.json)"
  fi
  mv -f -- "$TMP/ours.json" "$ours"
  say "  wrote $ours"

  say "[$gen] running rapidfuzz (bench/peer.py) ..."
  local peer_args=(--data "$data" --queries "$queries" --ours "$ours" --misses "$TMP/misses.jsonl")
  if [[ -n ${MAX_PER_KIND:-} ]]; then peer_args+=(--max-per-kind "$MAX_PER_KIND"); fi
  "$VENV/bin/python" bench/peer.py "${peer_args[@]}" >"$TMP/table.md" || die "bench/peer.py failed"
  mv -f -- "$TMP/misses.jsonl" "$misses"
  {
    echo "#### $gen"
    echo
    cat -- "$TMP/table.md"
    echo
  } >>"$TMP/tables.md"
}

for gen in $GENERATORS; do
  run_generator "$gen"
done
echo "Machine: $CORES cores; load average (1, 5, 15 min) $LOAD_BEFORE before the run, $(load) after." \
  >>"$TMP/tables.md"
mv -f -- "$TMP/tables.md" "$TABLE"
cat -- "$TABLE"
say "tables saved to $TABLE"
