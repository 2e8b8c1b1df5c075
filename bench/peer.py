#!/usr/bin/env python3
"""Compare llama-alumni's name lookup with rapidfuzz on the same data and queries.

Inputs (all written by ``bench/peer.sh``):

* ``--data``: the dataset from ``alumni-bench synth`` or ``bench/gen2.py``; only ``people[].name``
  is used.
* ``--queries``: JSON Lines, one ``{"kind", "text", "expected"}`` object per line.
* ``--ours``: the one JSON object printed by ``alumni-bench measure`` on the same files.

For each rapidfuzz scorer (``fuzz.WRatio`` and
``distance.JaroWinkler.normalized_similarity``) every query is run once,
single-threaded, as ``process.extractOne(text, names, scorer=...,
processor=utils.default_process)``; only that call is timed (``time.perf_counter_ns``,
garbage collector off during the loop, as ``timeit`` does, after one untimed warm-up
call). A query counts as correct when the best match is one of its ``expected`` names.

Stdout gets one markdown table (one row per tool) and one line under it describing
the run; progress and warnings go to stderr. With ``--misses FILE``, the queries llama-alumni
got wrong are written there (JSON Lines: kind, text, expected, what we answered, and each
rapidfuzz scorer's best match and whether it was right), to study them.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

# Query kinds, in column order, with their column titles.
KINDS: dict[str, str] = {
    "exact": "exact",
    "last_name": "last name",
    "first_name": "first name",
    "accents_stripped": "accents stripped",
    "lower_case": "lower case",
    "extra_spaces": "extra spaces",
    "one_typo": "one typo",
    "two_typos": "two typos",
    "short_typo": "short-word typo",
    "two_edits_five": "two edits, 5 letters",
    "typo_each_word": "typo in two words",
    "given_as_surname": "given name also a surname",
}

OURS_ROW = "llama-alumni"
WRATIO_ROW = "rapidfuzz WRatio"
JARO_ROW = "rapidfuzz JaroWinkler"

PROGRESS_EVERY_S = 5.0


class InputError(Exception):
    """A malformed or inconsistent input file; the message says which and where."""


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    expected: frozenset[str]


@dataclass
class Result:
    """One row of the table."""

    name: str
    queries: int
    qps: float
    p50_us: float
    p99_us: float
    top1: float
    top1_by_kind: dict[str, float | None] = field(default_factory=dict)


def log(message: str) -> None:
    print(f"peer.py: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Loading


def load_json(path: Path, what: str) -> Any:
    try:
        with path.open(encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise InputError(f"cannot read {what} {path}: {e.strerror}") from e
    except json.JSONDecodeError as e:
        raise InputError(f"{what} {path} is not valid JSON: {e}") from e


def load_names(path: Path) -> list[str]:
    """Return ``people[].name`` from the dataset, in file order."""
    data = load_json(path, "dataset")
    people = data.get("people") if isinstance(data, dict) else None
    if not isinstance(people, list):
        raise InputError(f"dataset {path}: expected an object with a 'people' array")
    names = []
    for i, person in enumerate(people):
        name = person.get("name") if isinstance(person, dict) else None
        if not isinstance(name, str) or not name:
            raise InputError(f"dataset {path}: people[{i}] has no non-empty string 'name'")
        names.append(name)
    if not names:
        raise InputError(f"dataset {path}: 'people' is empty")
    return names


def load_queries(path: Path) -> list[Query]:
    """Parse the JSON Lines query file; blank lines are skipped."""
    queries = []
    try:
        f = path.open(encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read queries {path}: {e.strerror}") from e
    with f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            where = f"queries {path}, line {lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{where}: not valid JSON: {e}") from e
            if not isinstance(obj, dict):
                raise InputError(f"{where}: expected a JSON object")
            kind, text, expected = obj.get("kind"), obj.get("text"), obj.get("expected")
            if kind not in KINDS:
                raise InputError(f"{where}: unknown kind {kind!r} (known: {', '.join(KINDS)})")
            if not isinstance(text, str):
                raise InputError(f"{where}: 'text' must be a string")
            if (
                not isinstance(expected, list)
                or not expected
                or not all(isinstance(e, str) for e in expected)
            ):
                raise InputError(f"{where}: 'expected' must be a non-empty array of strings")
            queries.append(Query(kind, text, frozenset(expected)))
    if not queries:
        raise InputError(f"queries {path}: no queries")
    return queries


def first_per_kind(queries: list[Query], k: int | None) -> list[Query]:
    """Keep the first ``k`` queries of each kind, in file order (all when ``k`` is None)."""
    if k is None:
        return list(queries)
    seen: dict[str, int] = {}
    kept = []
    for q in queries:
        if seen.get(q.kind, 0) < k:
            seen[q.kind] = seen.get(q.kind, 0) + 1
            kept.append(q)
    return kept


def load_ours(path: Path) -> dict[str, Any]:
    """Read and check the ``alumni-bench measure`` JSON."""
    ours = load_json(path, "alumni-bench measure output")
    if not isinstance(ours, dict):
        raise InputError(f"{path}: expected one JSON object")
    for key in ("qps", "p50_us", "p99_us"):
        if not isinstance(ours.get(key), (int, float)):
            raise InputError(f"{path}: missing or non-numeric {key!r}")
    top1 = ours.get("top1")
    if not isinstance(top1, dict) or not isinstance(top1.get("overall"), (int, float)):
        raise InputError(f"{path}: missing 'top1.overall'")
    return ours


def ours_result(ours: dict[str, Any]) -> Result:
    top1 = ours["top1"]
    by_kind = {}
    for kind in KINDS:
        value = top1.get(kind)
        by_kind[kind] = float(value) if isinstance(value, (int, float)) else None
    return Result(
        name=OURS_ROW,
        queries=int(ours.get("queries") or 0),
        qps=float(ours["qps"]),
        p50_us=float(ours["p50_us"]),
        p99_us=float(ours["p99_us"]),
        top1=float(top1["overall"]),
        top1_by_kind=by_kind,
    )


# ---------------------------------------------------------------------------
# Measuring


def nearest_rank(sorted_samples: list[int], percent: int) -> int:
    """The nearest-rank percentile: the ceil(percent/100 * n)-th smallest sample."""
    n = len(sorted_samples)
    rank = max(1, -(-percent * n // 100))
    return sorted_samples[rank - 1]


def run_scorer(
    row: str,
    scorer: Callable[..., float],
    names: list[str],
    queries: list[Query],
    answers: list[str | None] | None = None,
) -> Result:
    """Time ``process.extractOne`` for every query with one scorer; score top-1."""
    from rapidfuzz import process, utils

    extract_one = process.extractOne
    processor = utils.default_process

    # One untimed call, so one-off costs (lazy imports, first allocations) are not in a sample.
    extract_one(queries[0].text, names, scorer=scorer, processor=processor)

    samples: list[int] = []
    correct: dict[str, int] = {kind: 0 for kind in KINDS}
    total: dict[str, int] = {kind: 0 for kind in KINDS}
    clock = time.perf_counter_ns
    started = last_report = time.monotonic()

    gc_was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for i, q in enumerate(queries, start=1):
            t0 = clock()
            best = extract_one(q.text, names, scorer=scorer, processor=processor)
            t1 = clock()
            samples.append(t1 - t0)
            if answers is not None:
                answers.append(None if best is None else best[0])
            total[q.kind] += 1
            if best is not None and best[0] in q.expected:
                correct[q.kind] += 1
            now = time.monotonic()
            if now - last_report >= PROGRESS_EVERY_S:
                last_report = now
                eta = (now - started) / i * (len(queries) - i)
                log(f"  {row}: {i}/{len(queries)} queries, about {eta:.0f} s to go")
    finally:
        if gc_was_enabled:
            gc.enable()

    total_ns = sum(samples)
    samples.sort()
    n = len(samples)
    return Result(
        name=row,
        queries=n,
        qps=n / (total_ns / 1e9) if total_ns else math.inf,
        p50_us=nearest_rank(samples, 50) / 1e3,
        p99_us=nearest_rank(samples, 99) / 1e3,
        top1=sum(correct.values()) / n,
        top1_by_kind={k: (correct[k] / total[k] if total[k] else None) for k in KINDS},
    )


# ---------------------------------------------------------------------------
# Formatting


def sig(x: float, digits: int = 3) -> str:
    """``x`` rounded to ``digits`` significant digits, in plain (not scientific) notation."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    return f"{x:,.{decimals}f}"


def round_sig(x: float, digits: int = 3) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def fmt_latency(us: float) -> str:
    """µs below 1 ms, ms below 1 s, else s; 3 significant digits."""
    us = round_sig(us)
    if us < 1e3:
        return f"{sig(us)} µs"
    if us < 1e6:
        return f"{sig(us / 1e3)} ms"
    return f"{sig(us / 1e6)} s"


def fmt_qps(qps: float) -> str:
    return f"{qps:,.0f}" if qps >= 1000 else sig(qps)


def fmt_pct(fraction: float | None) -> str:
    return "–" if fraction is None else f"{100 * fraction:.1f}%"


def fmt_ratio(r: float) -> str:
    """A speed ratio: "850×", "12.3×", "1.0×", "0.0012×"."""
    if not math.isfinite(r):
        return "–"
    if r >= 100:
        return f"{r:,.0f}×"
    if r >= 1:
        return f"{r:.1f}×"
    return f"{sig(r, 2)}×"


def render_table(rows: list[Result], wratio: Result, jaro: Result) -> str:
    header = (
        ["", "queries/s", "p50", "p99", "top-1"]
        + list(KINDS.values())
        + ["speed vs WRatio", "speed vs JaroWinkler"]
    )
    lines = [
        "| " + " | ".join(header) + " |",
        "| --- | " + " | ".join("---:" for _ in header[1:]) + " |",
    ]
    for r in rows:
        cells = [
            r.name,
            fmt_qps(r.qps),
            fmt_latency(r.p50_us),
            fmt_latency(r.p99_us),
            fmt_pct(r.top1),
            *(fmt_pct(r.top1_by_kind.get(k)) for k in KINDS),
            # Each scorer's own row says exactly 1.0×, whatever the float division gives.
            "1.0×" if r is wratio else fmt_ratio(r.qps / wratio.qps),
            "1.0×" if r is jaro else fmt_ratio(r.qps / jaro.qps),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render_footer(
    n_people: int, n_queries: int, n_rapidfuzz: int, rapidfuzz_version: str, ours: dict[str, Any]
) -> str:
    queries = f"{n_queries:,} queries"
    if n_rapidfuzz != n_queries:
        queries += f" ({n_rapidfuzz:,} of them for rapidfuzz)"
    load_s = ours.get("load_s")
    rss = ours.get("rss_mib")
    load = f"load {fmt_latency(load_s * 1e6)}" if isinstance(load_s, (int, float)) else "load n/a"
    mem = f"RSS {sig(rss)} MiB" if isinstance(rss, (int, float)) else "RSS n/a"
    return (
        f"{n_people:,} people, {queries}, one thread; rapidfuzz {rapidfuzz_version}, "
        f"Python {platform.python_version()}; llama-alumni {load}, {mem}."
    )


def write_misses(
    path: Path, ours: dict[str, Any], queries: list[Query], answers: dict[str, list[str | None]]
) -> None:
    """The queries ``alumni-bench measure`` listed as missed, with what each scorer answered."""
    missed = {
        (m.get("kind"), m.get("text")): m.get("answered")
        for m in ours.get("misses") or []
        if isinstance(m, dict)
    }
    with path.open("w", encoding="utf-8") as f:
        for i, q in enumerate(queries):
            if (q.kind, q.text) not in missed:
                continue
            line: dict[str, Any] = {
                "kind": q.kind,
                "text": q.text,
                "expected": sorted(q.expected)[:5],
                "ours": missed[(q.kind, q.text)],
            }
            for row, got in answers.items():
                line[row] = got[i]
                line[f"{row} right"] = got[i] in q.expected
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    log(f"wrote {len(missed)} missed queries to {path}")


# ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Benchmark rapidfuzz against llama-alumni's measure output; "
        "print a markdown table to stdout."
    )
    p.add_argument(
        "--data", type=Path, required=True, help="dataset JSON from `alumni-bench synth` or gen2.py"
    )
    p.add_argument("--queries", type=Path, required=True, help="query file (JSON Lines)")
    p.add_argument("--ours", type=Path, required=True, help="JSON from `llama-alumni measure`")
    p.add_argument(
        "--misses",
        type=Path,
        metavar="FILE",
        help="write the queries llama-alumni got wrong here (JSON Lines), with rapidfuzz's answers",
    )
    p.add_argument(
        "--max-per-kind",
        type=int,
        metavar="K",
        help="run rapidfuzz on only the first K queries of each kind (default: all)",
    )
    args = p.parse_args(argv)
    if args.max_per_kind is not None and args.max_per_kind < 1:
        p.error("--max-per-kind must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        import rapidfuzz
        from rapidfuzz import distance, fuzz
    except ImportError:
        log("rapidfuzz is not installed in this Python (bench/peer.sh installs it in bench/.venv)")
        return 2

    try:
        names = load_names(args.data)
        all_queries = load_queries(args.queries)
        ours = load_ours(args.ours)
    except InputError as e:
        log(f"error: {e}")
        return 2

    ours_people = ours.get("people")
    if isinstance(ours_people, int) and ours_people != len(names):
        log(
            f"error: {args.ours} was measured on {ours_people:,} people, "
            f"but {args.data} has {len(names):,}"
        )
        return 2
    ours_queries = ours.get("queries")
    if isinstance(ours_queries, int) and ours_queries != len(all_queries):
        log(
            f"warning: {args.ours} reports {ours_queries:,} queries, "
            f"but {args.queries} has {len(all_queries):,}"
        )

    queries = first_per_kind(all_queries, args.max_per_kind)
    log(
        f"{len(names):,} names, {len(queries):,} of {len(all_queries):,} queries; "
        f"rapidfuzz {rapidfuzz.__version__}"
    )

    results = [ours_result(ours)]
    answers: dict[str, list[str | None]] = {}
    for row, scorer in (
        (WRATIO_ROW, fuzz.WRatio),
        (JARO_ROW, distance.JaroWinkler.normalized_similarity),
    ):
        log(f"running {row} ...")
        started = time.monotonic()
        answers[row] = []
        results.append(run_scorer(row, scorer, names, queries, answers[row]))
        log(f"  {row}: done in {time.monotonic() - started:.1f} s")
    if args.misses is not None:
        write_misses(args.misses, ours, queries, answers)

    _, wratio, jaro = results
    print(render_table(results, wratio, jaro))
    print()
    print(
        render_footer(len(names), len(all_queries), len(queries), rapidfuzz.__version__, ours)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
