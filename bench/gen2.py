#!/usr/bin/env python3
"""A second generator of people and queries for the peer benchmark, written apart from
``alumni-bench synth`` so that the comparison does not grade the index on data shaped like its own.

Names come from the person providers of the ``Faker`` package (its lists, read once, drawn with
this script's own seeded ``random.Random``; the version is pinned by ``bench/peer.sh``), in Latin
script: European and American locales, Indonesian and Indian names, Vietnamese names (family name
first), Chinese and Japanese names as Faker romanizes them, and Korean names romanized here
(Revised Romanization for given names, the usual spellings for family names). Typos follow another
model than ``synth``'s: a letter replaced by a QWERTY neighbour, two letters swapped, a letter
dropped or doubled, anywhere in a word (the first letter too), in short and long words alike.

Writes the same formats as ``alumni-bench synth``: the dataset JSON on stdout (it passes
``llama-alumni check-data``) and, with ``--queries FILE``, one ``{"kind", "text", "expected"}``
object per line, ``--queries-per-kind`` of each kind. The same seed and Faker version give the same
bytes.

    bench/.venv/bin/python bench/gen2.py --people 100000 --seed 7 --queries q.jsonl > people.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import unicodedata
from dataclasses import dataclass
from itertools import accumulate

# Query kinds, in the order they are written (the same names as synth's).
KINDS = (
    "exact",
    "last_name",
    "first_name",
    "accents_stripped",
    "lower_case",
    "extra_spaces",
    "one_typo",
    "two_typos",
    "short_typo",
    "two_edits_five",
    "typo_each_word",
    "given_as_surname",
)

# Locale, share of the people (per mille), and how the name is written.
WESTERN, FAMILY_FIRST = "western", "family_first"
LOCALES = (
    ("en_US", 110, WESTERN),
    ("zh_CN", 120, WESTERN),
    ("vi_VN", 90, FAMILY_FIRST),
    ("ko_KR", 80, WESTERN),
    ("ja_JP", 40, WESTERN),
    ("en_IN", 70, WESTERN),
    ("fr_FR", 60, WESTERN),
    ("de_DE", 60, WESTERN),
    ("es_ES", 60, WESTERN),
    ("pt_BR", 50, WESTERN),
    ("it_IT", 40, WESTERN),
    ("pl_PL", 30, WESTERN),
    ("tr_TR", 30, WESTERN),
    ("cs_CZ", 25, WESTERN),
    ("nl_NL", 25, WESTERN),
    ("sv_SE", 20, WESTERN),
    ("fi_FI", 15, WESTERN),
    ("id_ID", 30, WESTERN),
    ("hu_HU", 20, FAMILY_FIRST),
    ("ro_RO", 15, WESTERN),
    ("da_DK", 10, WESTERN),
)

ROLES = (
    "Research Scientist",
    "Senior Research Scientist",
    "Research Engineer",
    "ML Engineer",
    "Software Engineer",
    "Member of Technical Staff",
    "Founder",
    "Co-founder",
    "Head of AI",
    "VP of Research",
    "Professor",
    "Associate Professor",
    "PhD Student",
    "Postdoc",
    "Applied Scientist",
    "Engineering Manager",
)

COMPANY_SUFFIXES = (
    "AI",
    "Labs",
    "Research",
    "Systems",
    "Robotics",
    "Intelligence",
    "Analytics",
    "Dynamics",
    "Networks",
    "Foundry",
)

# ---------------------------------------------------------------------------
# Name pools


@dataclass
class Pool:
    """One locale's names with their weights, and how its names are written."""

    locale: str
    order: str
    first: list[str]
    first_weights: list[float]
    last: list[str]
    last_weights: list[float]
    # Vietnamese middle names (Văn, Thị, ...), empty elsewhere.
    middle: list[str]

    def __post_init__(self) -> None:
        self.first_cum = list(accumulate(self.first_weights))
        self.last_cum = list(accumulate(self.last_weights))

    def given(self, rng: random.Random) -> list[str]:
        return rng.choices(self.first, cum_weights=self.first_cum)[0].split()

    def family(self, rng: random.Random) -> str:
        return rng.choices(self.last, cum_weights=self.last_cum)[0]


def weighted(values) -> tuple[list[str], list[float]]:
    """Names and weights from a Faker list: an OrderedDict carries weights, a tuple is uniform."""
    if hasattr(values, "items"):
        names = [str(k) for k in values]
        weights = [float(v) for v in values.values()]
    else:
        names = [str(v) for v in values]
        weights = [1.0] * len(names)
    seen: dict[str, float] = {}
    for n, w in zip(names, weights):
        n = n.strip()
        if n and all(c.isalpha() or c in " -'" for c in n):
            seen[n] = seen.get(n, 0.0) + w
    return list(seen), list(seen.values())


# Revised Romanization of Korean syllables (no sound changes across syllables).
KO_INITIAL = "g kk n d tt r m b pp s ss - j jj ch k t p h".split()
KO_MEDIAL = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
KO_FINAL = "- k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split()
# Family names as they are usually spelled, not as the system would.
KO_FAMILY = {
    "김": "Kim", "이": "Lee", "박": "Park", "정": "Jung", "최": "Choi", "조": "Cho", "강": "Kang",
    "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh", "서": "Seo", "신": "Shin",
    "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song", "류": "Ryu", "전": "Jeon", "홍": "Hong",
    "고": "Ko", "문": "Moon", "양": "Yang", "손": "Son", "배": "Bae", "백": "Baek", "허": "Heo",
    "유": "Yoo", "남": "Nam", "심": "Shim", "노": "Noh", "하": "Ha", "곽": "Kwak", "성": "Sung",
    "차": "Cha", "주": "Joo", "우": "Woo", "구": "Koo", "민": "Min", "진": "Jin", "나": "Na",
    "지": "Ji", "엄": "Eom", "채": "Chae", "원": "Won", "천": "Cheon", "방": "Bang", "공": "Kong",
    "현": "Hyun", "함": "Ham", "변": "Byun", "염": "Yeom", "여": "Yeo", "추": "Choo", "도": "Do",
    "소": "So", "석": "Seok", "선": "Sun", "설": "Seol", "마": "Ma", "길": "Gil", "연": "Yeon",
    "위": "Wi", "표": "Pyo", "명": "Myung", "기": "Ki", "반": "Ban", "왕": "Wang", "금": "Keum",
    "옥": "Ok", "육": "Yook", "인": "In", "맹": "Maeng", "제": "Je", "모": "Mo", "탁": "Tak",
    "국": "Kook", "어": "Eo", "은": "Eun", "편": "Pyeon", "용": "Yong", "예": "Ye", "경": "Kyung",
}


def romanize_korean(text: str) -> str | None:
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            return None
        initial, rest = divmod(code, 21 * 28)
        medial, final = divmod(rest, 28)
        for part in (KO_INITIAL[initial], KO_MEDIAL[medial], KO_FINAL[final]):
            if part != "-":
                out.append(part)
    word = "".join(out)
    return word[:1].upper() + word[1:] if word else None


def load_pools() -> list[tuple[Pool, int]]:
    from faker import Faker

    pools = []
    for locale, share, order in LOCALES:
        fake = Faker(locale)
        person = next(p for p in fake.providers if "person" in type(p).__module__)
        middle: list[str] = []
        if locale in ("zh_CN", "ja_JP"):
            first, fw = weighted(person.first_romanized_names)
            last, lw = weighted(person.last_romanized_names)
        elif locale == "ko_KR":
            first_ko, fw_ko = weighted(person.first_names)
            pairs = [(romanize_korean(n), w) for n, w in zip(first_ko, fw_ko)]
            pairs = [(n, w) for n, w in pairs if n]
            first, fw = [n for n, _ in pairs], [w for _, w in pairs]
            last_ko, lw_ko = weighted(person.last_names)
            known = [(KO_FAMILY[n], w) for n, w in zip(last_ko, lw_ko) if n in KO_FAMILY]
            merged: dict[str, float] = {}
            for n, w in known:
                merged[n] = merged.get(n, 0.0) + w
            last, lw = list(merged), list(merged.values())
        else:
            first, fw = weighted(person.first_names)
            source = person.last_names
            for other in ("unisex_last_names", "last_names_male"):
                if len(source) < 10 and hasattr(person, other):
                    source = getattr(person, other)
            last, lw = weighted(source)
            if locale == "vi_VN":
                middle = weighted(person.middle_names)[0]
        pools.append((Pool(locale, order, first, fw, last, lw, middle), share))
    return pools


# ---------------------------------------------------------------------------
# Folding, as the project folds names (close enough to keep names distinct)

SPECIAL = {
    "ł": "l", "đ": "d", "ð": "d", "ø": "o", "ß": "ss", "ı": "i", "æ": "ae", "œ": "oe",
    "þ": "th", "ħ": "h", "ŋ": "n",
}


def strip_accents(text: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        low = ch.lower()
        if low in SPECIAL:
            rep = SPECIAL[low]
            out.append(rep.upper() if ch != low and len(rep) == 1 else rep)
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def fold(text: str) -> str:
    """Lower case, no accents, letters and digits only, one space between words."""
    plain = strip_accents(text).lower()
    cleaned = "".join(c if c.isascii() and c.isalnum() else " " for c in plain)
    return " ".join(cleaned.split())


# ---------------------------------------------------------------------------
# People


@dataclass
class Name:
    full: str
    # Given names (the first one is what a first-name query types), middle names (Vietnamese Văn,
    # Thị: neither given nor family), family names.
    given: list[str]
    middle: list[str]
    family: list[str]


def draw_name(rng: random.Random, pools: list[tuple[Pool, int]], cum: list[int], extra: int) -> Name:
    pool = rng.choices(pools, cum_weights=cum)[0][0]
    given = pool.given(rng)
    family = [pool.family(rng)]
    middle: list[str] = []
    if pool.locale == "vi_VN":
        # Nguyễn Văn An: family, middle, given; most have a middle name.
        if rng.random() < 0.8 or extra:
            middle = rng.choice(pool.middle).split()
        if extra >= 2:
            more = pool.given(rng)[0]
            if more not in given:
                given.append(more)
    else:
        if pool.locale in ("es_ES", "pt_BR") and (rng.random() < 0.4 or extra >= 1):
            more = pool.family(rng)
            if more not in family:
                family.append(more)
        elif extra >= 1:
            more = pool.given(rng)[0]
            if more not in given:
                given.append(more)
        if extra >= 2:
            more = pool.family(rng)
            if more not in family:
                family.append(rng.choice(("", "-")) + more)
    family_text = " ".join(family).replace(" -", "-")
    family = family_text.replace("-", " ").split()
    if pool.order == FAMILY_FIRST:
        full = " ".join([family_text, *middle, *given])
    else:
        full = " ".join([*given, *middle, family_text])
    return Name(full, given, middle, family)


@dataclass
class People:
    names: list[Name]
    folded: dict[str, int]
    by_first: dict[str, list[int]]
    by_last: dict[str, list[int]]

    def everyone(self, ids: list[int]) -> list[str]:
        return [self.names[i].full for i in ids]


def companies(rng: random.Random, pools: list[tuple[Pool, int]], count: int) -> list[str]:
    words = [w for p, _ in pools for w in p.last if w.isascii() and w.isalpha()]
    seen = {"meta"}
    out: list[str] = []
    while len(out) < count:
        name = f"{rng.choice(words)} {rng.choice(COMPANY_SUFFIXES)}"
        if len(seen) > count * 3:
            name += f" {len(out)}"
        if fold(name) not in seen:
            seen.add(fold(name))
            out.append(name)
    return out


def write_dataset(out, rng: random.Random, pools, n_people: int, seed: int) -> People:
    company_names = companies(rng, pools, max(8, min(2000, n_people // 200)))
    dump = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731
    out.write("{\n")
    out.write('  "schema_version": 1,\n')
    out.write('  "as_of": "2025-05-26",\n')
    source = f"bench/gen2.py --people {n_people} --seed {seed} (synthetic: these people do not exist)"
    out.write(
        f'  "provenance": {{ "source": {dump(source)}, '
        '"basis": "random draws from the Faker package\'s name lists" },\n'
    )
    out.write('  "papers": [{ "id": "gen2", "title": "A Generated Paper", "year": 2024 }],\n')
    out.write('  "companies": [\n')
    out.write('    { "id": "meta", "name": "Meta", "aliases": ["Facebook", "FAIR"] }')
    for i, name in enumerate(company_names, start=1):
        out.write(f',\n    {{ "id": "g{i}", "name": {dump(name)} }}')
    out.write("\n  ],\n")
    out.write('  "people": [\n')
    people = People([], {}, {}, {})
    cum = list(accumulate(share for _, share in pools))
    for i in range(n_people):
        attempt = 0
        while True:
            name = draw_name(rng, pools, cum, attempt // 4)
            key = fold(name.full)
            if key and key not in people.folded:
                break
            attempt += 1
        people.folded[key] = i
        people.names.append(name)
        for g in name.given:
            people.by_first.setdefault(fold(g), []).append(i)
        for f in name.family:
            people.by_last.setdefault(fold(f), []).append(i)
        record: dict = {"name": name.full, "papers": ["gen2"]}
        if rng.random() < 0.2:
            record["company"] = "meta"
            record["role"] = rng.choice(ROLES)
        else:
            record["company"] = f"g{rng.randrange(len(company_names)) + 1}"
            record["role"] = rng.choice(ROLES)
            year = rng.randint(2016, 2025)
            month = rng.randint(1, 5 if year == 2025 else 12)
            record["left_meta"] = f"{year}-{month:02d}"
            record["time_at_meta"] = {"years": rng.randint(1, 9), "months": rng.randint(0, 11)}
        out.write(("" if i == 0 else ",\n") + "    " + dump(record))
    out.write("\n  ]\n}\n")
    return people


# ---------------------------------------------------------------------------
# Typos: QWERTY neighbours, swaps, drops, doubled letters

QWERTY = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def neighbours() -> dict[str, str]:
    at = {c: (r, i) for r, row in enumerate(QWERTY) for i, c in enumerate(row)}
    near: dict[str, str] = {}
    for c, (r, i) in at.items():
        found = []
        for d, (r2, i2) in at.items():
            if d == c:
                continue
            # The same row one key apart, or the row above or below, offset by half a key.
            if r2 == r and abs(i2 - i) == 1:
                found.append(d)
            elif abs(r2 - r) == 1 and (i2 - i) in ((0, 1) if r2 < r else (-1, 0)):
                found.append(d)
        near[c] = "".join(sorted(found))
    return near


NEAR = neighbours()


def osa(a: str, b: str) -> int:
    """Damerau edits (optimal string alignment)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def mistype(rng: random.Random, word: str) -> str:
    """One slip of the fingers anywhere in the word."""
    chars = list(word)
    at = rng.randrange(len(chars))
    how = rng.choice(("neighbour", "neighbour", "swap", "drop", "double"))
    if how == "neighbour":
        base = strip_accents(chars[at]).lower()
        options = NEAR.get(base, "")
        if options:
            c = rng.choice(options)
            chars[at] = c.upper() if chars[at].isupper() else c
    elif how == "swap" and len(chars) > 1:
        j = at + 1 if at + 1 < len(chars) else at - 1
        chars[at], chars[j] = chars[j], chars[at]
        if at == 0 or j == 0:
            # Keep the capital where it was: "Xu" becomes "Ux", not "uX".
            chars[0], chars[1] = chars[0].upper(), chars[1].lower()
    elif how == "drop" and len(chars) > 1:
        del chars[at]
        chars[0] = chars[0].upper() if word[0].isupper() else chars[0]
    else:
        chars.insert(at + 1, chars[at].lower())
    return "".join(chars)


def words_of(text: str) -> list[str]:
    return text.split(" ")


def edits(a: str, b: str) -> int:
    return osa(fold(a), fold(b))


def typed_word(rng: random.Random, word: str, n: int) -> str | None:
    """``word`` with ``n`` slips, exactly ``n`` edits from it once folded, 2 letters or more."""
    typed = word
    for _ in range(n):
        typed = mistype(rng, typed)
    if len(fold(typed)) < 2 or " " in fold(typed) or edits(typed, word) != n:
        return None
    return typed


def eligible(words: list[str], lengths: range) -> list[int]:
    return [
        i
        for i, w in enumerate(words)
        if len(fold(w)) in lengths and fold(w).isalpha() and len(fold(w)) == len(w)
    ]


def with_words(rng: random.Random, text: str, plan: list[tuple[range, int]], distinct: bool):
    """``text`` with slips in words chosen at random: for each (lengths, slips) of ``plan``, a word
    of those lengths (a different one each time when ``distinct``)."""
    words = words_of(text)
    used: list[int] = []
    for lengths, n in plan:
        options = [i for i in eligible(words, lengths) if not (distinct and i in used)]
        if not options:
            return None
        w = rng.choice(options)
        typed = typed_word(rng, words[w], n)
        if typed is None:
            return None
        words[w] = typed
        used.append(w)
    return " ".join(words)


ANY = range(2, 64)


def query_of(kind: str, rng: random.Random, i: int, people: People):
    name = people.names[i]
    full = name.full
    several = len(words_of(full)) > 1
    if kind == "exact":
        return full, [full]
    if kind == "last_name":
        last = name.family[0]
        return last, people.everyone(people.by_last[fold(last)])
    if kind == "first_name":
        first = name.given[0] if name.given else None
        return (first, people.everyone(people.by_first[fold(first)])) if first else None
    if kind == "accents_stripped":
        plain = strip_accents(full)
        return (plain, [full]) if plain != full else None
    if kind == "lower_case":
        return full.lower(), [full]
    if kind == "extra_spaces":
        return "  " + "   ".join(words_of(full)) + " ", [full]
    if kind == "given_as_surname":
        first = name.given[0] if name.given else None
        if not first or len(people.by_last.get(fold(first), ())) < 3:
            return None
        return first, people.everyone(people.by_first[fold(first)])
    plans: dict[str, tuple[list[tuple[range, int]], bool]] = {
        "one_typo": ([(ANY, 1)], False),
        "two_typos": ([(ANY, 1), (ANY, 1)], False),
        "short_typo": ([(range(2, 4), 1)], False),
        "two_edits_five": ([(range(5, 6), 2)], False),
        "typo_each_word": ([(ANY, 1), (ANY, 1)], True),
    }
    plan, distinct = plans[kind]
    if kind in ("short_typo", "two_edits_five") and not several:
        return None
    text = with_words(rng, full, plan, distinct)
    if text is None:
        return None
    total = edits(text, full)
    if kind == "two_typos" and total != 2:
        return None
    # A slip that spells someone else's whole name has no right answer left: not a query.
    owner = people.folded.get(fold(text))
    if total == 0 or (owner is not None and owner != i):
        return None
    return text, [full]


def draw_queries(rng: random.Random, people: People, per_kind: int) -> list[dict]:
    queries = []
    for kind in KINDS:
        made = tries = 0
        while made < per_kind and tries < per_kind * 200:
            tries += 1
            i = rng.randrange(len(people.names))
            q = query_of(kind, rng, i, people)
            if q is not None:
                queries.append({"kind": kind, "text": q[0], "expected": q[1]})
                made += 1
        if made < per_kind:
            print(f"gen2.py: warning: only {made} queries of kind {kind}", file=sys.stderr)
    return queries


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--people", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--queries", help="also write queries here (JSON Lines)")
    p.add_argument("--queries-per-kind", type=int, default=50)
    args = p.parse_args(argv)
    if args.people < 1 or args.queries_per_kind < 1:
        p.error("--people and --queries-per-kind must be at least 1")
    pools = load_pools()
    rng = random.Random(args.seed)
    out = sys.stdout
    people = write_dataset(out, rng, pools, args.people, args.seed)
    out.flush()
    if args.queries:
        with open(args.queries, "w", encoding="utf-8") as f:
            for q in draw_queries(rng, people, args.queries_per_kind):
                f.write(json.dumps(q, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
