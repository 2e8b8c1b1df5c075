#!/usr/bin/env bash
# Peer benchmark: llama-alumni against rapidfuzz (WRatio, JaroWinkler) on the same
# synthetic people and queries. Prints one markdown table to stdout (also saved as
# bench/out/peer-$PEOPLE.md); everything else goes to stderr.
#
#   bench/peer.sh [PEOPLE=100000] [SEED=7] [PER_KIND=50]
#
# Environment: PYTHON (default python3) makes bench/.venv; MAX_PER_KIND=K runs rapidfuzz
# on only the first K queries of each kind (llama-alumni still runs them all).
set -euo pipefail

RAPIDFUZZ_VERSION=3.14.6

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

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd -- "$ROOT"
[[ -f Cargo.toml ]] || die "no Cargo.toml in $ROOT (expected the repository root)"

command -v cargo >/dev/null || die "cargo not found on PATH"
PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null || die "$PYTHON not found on PATH (set PYTHON=...)"

OUT=bench/out
VENV=bench/.venv
BIN=${CARGO_TARGET_DIR:-target}/release/alumni-bench
DATA=$OUT/people-$PEOPLE.json
QUERIES=$OUT/queries-$PEOPLE.jsonl
OURS=$OUT/ours-$PEOPLE.json
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
say "installing rapidfuzz==$RAPIDFUZZ_VERSION into $VENV ..."
"$VENV/bin/python" -m pip install -q --disable-pip-version-check "rapidfuzz==$RAPIDFUZZ_VERSION" >&2 \
  || die "pip install rapidfuzz==$RAPIDFUZZ_VERSION failed"

# Results of an earlier run would no longer match the data generated below.
rm -f -- "$OURS" "$TABLE" "$OUT/ours-$PEOPLE.bad.json"

say "generating $PEOPLE people (seed $SEED, $PER_KIND queries per kind) ..."
"$BIN" synth --people "$PEOPLE" --seed "$SEED" --queries-per-kind "$PER_KIND" \
  --queries "$TMP/queries.jsonl" >"$TMP/people.json" \
  || die "alumni-bench synth failed"
[[ -s $TMP/people.json ]] || die "alumni-bench synth wrote an empty dataset"
[[ -s $TMP/queries.jsonl ]] || die "alumni-bench synth wrote no queries"
mv -f -- "$TMP/people.json" "$DATA"
mv -f -- "$TMP/queries.jsonl" "$QUERIES"
say "  wrote $DATA and $QUERIES ($(wc -l <"$QUERIES") queries)"

say "measuring llama-alumni ..."
"$BIN" measure --data "$DATA" --queries "$QUERIES" >"$TMP/ours.json" \
  || die "alumni-bench measure failed"
if ! "$VENV/bin/python" -c 'import json, sys; assert isinstance(json.load(open(sys.argv[1])), dict)' \
  "$TMP/ours.json" 2>/dev/null; then
  mv -f -- "$TMP/ours.json" "$OUT/ours-$PEOPLE.bad.json"
  die "alumni-bench measure did not print one JSON object (its output: $OUT/ours-$PEOPLE.bad.json)"
fi
mv -f -- "$TMP/ours.json" "$OURS"
say "  wrote $OURS"

say "running rapidfuzz (bench/peer.py) ..."
peer_args=(--data "$DATA" --queries "$QUERIES" --ours "$OURS")
if [[ -n ${MAX_PER_KIND:-} ]]; then peer_args+=(--max-per-kind "$MAX_PER_KIND"); fi
"$VENV/bin/python" bench/peer.py "${peer_args[@]}" >"$TMP/table.md" || die "bench/peer.py failed"
mv -f -- "$TMP/table.md" "$TABLE"
cat -- "$TABLE"
say "table saved to $TABLE"
