"""Find quantity expressions in one sentence, with character offsets.

Pure functions: regular expressions compiled once at import and the word lists of
`rules/quantities.toml`; `numbers.py` finds the numbers themselves. Bounds, ranges, units and
vague quantities are our rules.

A `Quantity` is a *span* of the sentence and what it says about a count. The caller (the
mention extractor) decides whether the count is of the killed, the injured, or neither.

What each expression gives (bounds, ranges, approximations, vague terms and their
conventional figures, and the units that mark numbers that are not counts of people) is
tabled in docs/extraction.md, "How numbers are read".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civharm.extract.lexicon import load_rules
from civharm.extract.numbers import (
    DIGITS_RE,
    DOZEN_RE,
    WORDS_RE,
    Core,
    split_run,
    words_value,
)

__all__ = ["VAGUE_VALUES", "Quantity", "find_quantities"]


@dataclass(frozen=True)
class Quantity:
    """One quantity expression: ``sentence[start:end] == text``."""

    start: int
    end: int
    text: str
    min: int | None
    max: int | None
    vague: str | None = None
    approx: bool = False
    unit: str | None = None
    qualifier: str | None = None

    @property
    def casualty_capable(self) -> bool:
        """True when this could be a count of people (it is not tied to a unit)."""
        return self.unit is None


# --------------------------------------------------------------------------- tables


_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)

#: Conventional figures for vague terms (see the module docstring).
VAGUE_VALUES: dict[str, int | None] = {
    "a couple of": 2,
    "a few": 3,
    "several": 3,
    "a handful of": 3,
    "a number of": 3,
    "multiple": 3,
    "a small number of": 3,
    "a limited number of": 3,
    "many": 10,
    "numerous": 10,
    "countless": 10,
    "a large number of": 10,
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1_000,
    "tens of thousands": 10_000,
    "hundreds of thousands": 100_000,
    "millions": 1_000_000,
    "tens of millions": 10_000_000,
    "an unknown number of": None,
}
_VAGUE_MULTIPLIER = {"several": 3, "a few": 3, "a couple of": 2, "a couple": 2}
_VAGUE_SCALE = {"dozen": 12, "hundred": 100, "thousand": 1_000}
_LARGE_ADJ = (
    "large|great|significant|huge|high|considerable|substantial|growing|big|vast|"
    "sizeable|sizable|increasing"
)


_VOCABULARY = load_rules("quantities.toml")
_PEOPLE = frozenset(_VOCABULARY["people"])
_OBJECTS = frozenset(_VOCABULARY["objects"])
_NOUN_SKIP = frozenset(_VOCABULARY["noun_skip"])
_NOUN_STOP = frozenset(_VOCABULARY["noun_stop"])
_AGE_HOLDERS = frozenset(_VOCABULARY["age_holders"])

# --------------------------------------------------------------------------- regexes

# spans that must never be read as counts
_BLOCKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![\w/.-])\d{4}-\d{1,2}-\d{1,2}(?:T[\d:.]+Z?)?(?![\w-])"), "date"),
    (re.compile(r"(?<![\w/.-])\d{1,2}([/.])\d{1,2}\1\d{2,4}(?![\w/-]|\.\d)"), "date"),
    (re.compile(r"(?<![\w/.:])\d{1,3}/\d{1,3}(?![\w/.])"), "ratio"),
    (
        re.compile(
            r"(?<![\w.:])\d{1,2}(?::\d{2}){1,2}(?:\s*(?:[ap]\.m\.|[ap]m\b))?(?![\w:])"
            r"|(?<![\w.:])\d{1,2}\s*(?:[ap]\.m\.|[ap]m\b|o['’]clock\b)"
            r"|(?<![\w.:])[0-2]\d[0-5]\d\s*(?:GMT|UTC|Z|hrs|hours\s+(?:GMT|UTC|local))\b",
            re.IGNORECASE,
        ),
        "time",
    ),
)

_HAS_DIGIT = re.compile(r"\d").search
_VAGUE_CUES = (
    "dozen", "score", "tens", "hundreds", "thousands", "millions", "number of", "handful",
    "couple", "few", "several", "multiple", "numerous", "countless", "many",
)  # fmt: skip

_VAGUE_RE = re.compile(
    rf"""(?<![\w'’-])(?P<v>
      (?P<mult>several|a\s+few|a\s+couple(?:\s+of)?)\s+(?P<scale>dozen|hundred|thousand)\b
    | (?:tens|hundreds)\s+of\s+(?:thousands|millions)\b
    | millions\b | thousands\b | hundreds\b | dozens\b
    | scores(?=\s+(?:of|more|were|had|have|killed|dead|died|wounded|injured|others)\b)
    | tens(?=\s+of\b)
    | an?\s+(?:{_LARGE_ADJ})\s+number\s+of\b
    | an?\s+(?:small|limited)\s+number\s+of\b
    | an\s+(?:unknown|undetermined|unspecified|undisclosed)\s+number\s+of\b
    | a\s+number\s+of\b | a\s+handful\s+of\b | a\s+couple\s+of\b | a\s+few\b
    | several\b | multiple\b | numerous\b | countless\b
    | (?<!\bhow\s)(?<!\bas\s)(?<!\bso\s)(?<!\btoo\s)many\b(?!\s+as\b)
    )""",
    re.IGNORECASE | re.VERBOSE,
)

_BOUNDS: dict[str, str] = dict(_VOCABULARY["bounds"])
_BOUND_RE = re.compile(
    r"(?<![\w.])(?P<b>"
    + "|".join(re.escape(b).replace(r"\ ", r"\s+") for b in sorted(_BOUNDS, key=len, reverse=True))
    + r")\s+\Z",
    re.IGNORECASE,
)
_POSTFIX_RE = re.compile(
    r"(?:(?P<min>\s+or\s+(?:more|above|over|upwards)\b|\s*\+(?![\d\w])|\s*-?\s*plus\b)"
    r"|(?P<approx>\s+or\s+so\b|\s*-?\s*odd\b))",
    re.IGNORECASE,
)
_RANGE_PREFIX_RE = re.compile(
    r"(?<![\w])(?P<p>(?:(?:ranging|varying|range)\s+)?(?:from|between))\s+\Z", re.IGNORECASE
)
_CONNECTOR_RE = re.compile(r"\s*(?P<c>-|–|—|to|or|and)\s*\Z", re.IGNORECASE)

_UNIT_SUFFIX_RE = re.compile(
    r"""(?:
      (?P<percent>\s*(?:%|per\s?cent\b|pct\b|percentage\s+points?\b))
    | (?P<age>[\s-]*(?:years?|months?|weeks?|days?)[\s-]*olds?\b|\s+years?\s+of\s+age\b)
    | (?P<money>(?:\s+(?:thousand|million|billion))?\s+(?:US\s+)?(?:dollars?|euros?|
        pounds\s+sterling|liras?|lire|riyals?|rials?|dinars?|rupees?|afghanis?|hryvnias?|
        roubles?|rubles?|shekels?|yuan|yen|francs?|USD|EUR|GBP)\b)
    | (?P<distance>[\s-]*(?:km|kms|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|yards?|feet|foot|
        ft|nautical\s+miles?)\b)
    | (?P<measure>[\s-]*(?:mm|cm|kg|kgs|kilos?|kilograms?|tons?|tonnes?|pounds?|lbs?|litres?|
        liters?|hectares?|acres?|square|sq|degrees?|calibre|caliber|kilotons?|megatons?)\b)
    | (?P<duration>[\s-]*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|
        months?|years?|yrs?|decades?|centur(?:y|ies))\b)
    | (?P<frequency>\s+(?:times|occasions)\b)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_OF_RE = re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE)
_ORDINAL_SUFFIX_RE = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_DECADE_RE = re.compile(r"s\b")
_MONTH_BEFORE_RE = re.compile(rf"\b{_MONTH}\s*\Z")
_MONTH_AFTER_RE = re.compile(rf"(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}")
_THE_DAY_BEFORE_RE = re.compile(r"\b(?:on|of|by|since|until|from|before|after)\s+the\s+\Z", re.I)
_MONEY_BEFORE_RE = re.compile(r"(?:US\$|\$|€|£|\b(?:USD|EUR|GBP|SYP|US\s+dollars))\s*\Z")
# "aged 11", and each age of a list or span: "aged 4, 7 and 12", "aged between 10 and 14"
_AGE_BEFORE_RE = re.compile(
    r"\b(?:aged|ages?|age\s+of|ages\s+of)\s+(?:between\s+|from\s+)?"
    r"(?:\d{1,3}\s*(?:,\s*|\s(?:and|to|or)\s+|-|–))*\Z",
    re.IGNORECASE,
)
_DESIGNATION_BEFORE_RE = re.compile(
    r"(?:\b(?:Resolutions?|Articles?|Route|Highway|Road|No\.|Nos\.|Number|Chapter|Section|"
    r"Paragraph|Protocol|Brigade|Division|Regiment|Battalion|Corps|Flight|Sector|Block|"
    r"Building|Gate|Phase|Camp|Checkpoint|Platform|Junction|Exit|Decree|Law|Item|Annex|"
    r"Amendment|Page|Vol\.|Volume|Room|Apartment|Floor|Level|Station|Tower|Battery|Squadron|"
    r"Wing|Fleet|Grid|Kilometre|Kilometer|Km|Hill|Point|Unit|Article|Operation|Camp)\s+"
    r"|[A-Za-z]-|#\s*)\Z"
)
_PREV_WORD_RE = re.compile(r"(\w+)\W*\Z")
_ADJ_WORD_RE = re.compile(r"(\w+)\s+\Z")
_NEXT_TOKEN_RE = re.compile(r"\s*(?:(?P<w>[A-Za-z][A-Za-z'’]*)|(?P<p>\S))")
_ONE_BLOCKERS = frozenset(
    ["no", "any", "every", "each", "the", "this", "that", "which", "some", "other"]
)

_LEFT = 48  # characters of left context searched for bound and unit words


# --------------------------------------------------------------------------- helpers


def _cores(sentence: str, blocked: list[tuple[int, int]]) -> list[Core]:
    cores: list[Core] = []
    matches: list[re.Match[str]] = []
    if _HAS_DIGIT(sentence):
        matches.extend(DIGITS_RE.finditer(sentence))
    if "dozen" in sentence.lower():
        matches.extend(DOZEN_RE.finditer(sentence))
    matches.extend(WORDS_RE.finditer(sentence))
    matches.sort(key=lambda m: (m.start(), -m.end()))
    taken = list(blocked)
    for m in matches:
        s, e = m.span()
        if any(bs < e and s < be for bs, be in taken):
            continue
        taken.append((s, e))
        groups = m.groupdict()
        if groups.get("digits") is not None:
            raw = m.group("digits")
            scale = m.group("dscale")
            if "." in raw:
                if scale is None:
                    cores.append(Core(s, e, None, True, False))
                    continue
                base = float(raw)
            else:
                base = int(raw.replace(",", ""))
            mult = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
            value = round(base * mult[scale.lower()]) if scale else int(base)
            plain4 = scale is None and len(raw) == 4
            cores.append(Core(s, e, value, True, plain4))
        elif groups.get("dozen") is not None:
            head = m.group("dozen")[: -len("dozen")].strip().lower()
            if head.startswith("half"):
                val: int | None = 6
            elif head in ("a", "an"):
                val = 12
            else:
                n = words_value(head)
                val = None if n is None else n * 12
            if val is not None:
                cores.append(Core(s, e, val, False, False))
        else:
            text = m.group("words")
            val = words_value(text)
            parts = [(s, e, val)] if val is not None else split_run(s, text)
            for ps, pe, pv in parts:
                if sentence[ps:pe].lower() == "one" and _blocks_one(sentence, ps, pe):
                    continue
                cores.append(Core(ps, pe, pv, False, False))
    return cores


def _blocks_one(sentence: str, start: int, end: int) -> bool:
    prev = _PREV_WORD_RE.search(sentence, max(0, start - 20), start)
    if prev and prev.group(1).lower() in _ONE_BLOCKERS:
        return True
    return sentence[end : end + 8].lower().startswith(" another")


def _noun_class(sentence: str, pos: int) -> str | None:
    """'people' or 'object' from the first nouns after a quantity, else None."""
    words = 0
    while words < 2:
        m = _NEXT_TOKEN_RE.match(sentence, pos)
        if m is None or m.group("w") is None:
            return None
        w = m.group("w").lower()
        if w in _PEOPLE:
            return "people"
        if w in _OBJECTS:
            return "object"
        if w in _NOUN_STOP or w.endswith("ed"):  # a verb ends the noun phrase
            return None
        if w not in _NOUN_SKIP:
            words += 1
        pos = m.end()
    return None


def _unit_after(sentence: str, pos: int, digits_end: bool) -> tuple[str | None, int]:
    """Unit tied to the text right after a quantity; returns (unit, end of unit words)."""
    m = _UNIT_SUFFIX_RE.match(sentence, pos)
    if m is not None and m.lastgroup is not None:
        return m.lastgroup, m.end()
    if pos < len(sentence) and sentence[pos] == "-" and sentence[pos + 1 : pos + 2].isalpha():
        return "compound", pos
    if digits_end and pos < len(sentence) and sentence[pos].isalpha():
        if _ORDINAL_SUFFIX_RE.match(sentence, pos):
            return "ordinal", pos
        if _DECADE_RE.match(sentence, pos):
            return "year", pos + 1
        return "designation", pos
    return None, pos


# --------------------------------------------------------------------------- main


def find_quantities(sentence: str, *, vague_numbers: bool = False) -> list[Quantity]:
    """Return the quantity expressions of ``sentence`` in order of position."""
    found: list[Quantity] = []
    blocked: list[tuple[int, int]] = []
    has_digit = _HAS_DIGIT(sentence) is not None
    for rx, unit in _BLOCKS if has_digit else ():
        for m in rx.finditer(sentence):
            if any(bs < m.end() and m.start() < be for bs, be in blocked):
                continue
            blocked.append(m.span())
            found.append(Quantity(m.start(), m.end(), m.group(), None, None, unit=unit))

    cores = _cores(sentence, blocked)
    i = 0
    while i < len(cores):
        a = cores[i]
        b: Core | None = None
        start = a.start
        if i + 1 < len(cores):
            b = _range_partner(sentence, a, cores[i + 1])
        lo, hi = a.value, a.value
        last = a
        if b is not None:
            hi = b.value
            last = b
            i += 1
            pm = _RANGE_PREFIX_RE.search(sentence, max(0, a.start - 30), a.start)
            if pm is not None:
                start = pm.start()
        i += 1
        found.append(_build(sentence, a, last, start, lo, hi, ranged=b is not None))

    low = sentence.lower()
    if any(cue in low for cue in _VAGUE_CUES):
        found.extend(_vague(sentence, m, vague_numbers) for m in _VAGUE_RE.finditer(sentence))
    # overlapping readings: the leftmost, then the longest, wins ("several hundred" over
    # "hundred", "as many as 15" over "many")
    found.sort(key=lambda q: (q.start, -q.end))
    out: list[Quantity] = []
    last_end = -1
    for q in found:
        if q.start >= last_end:
            out.append(q)
            last_end = q.end
    return out


def _range_partner(sentence: str, a: Core, b: Core) -> Core | None:
    if a.value is None or b.value is None or not a.value < b.value:
        return None
    cm = _CONNECTOR_RE.match(sentence[a.end : b.start])
    if cm is None:
        return None
    conn = cm.group("c").lower()
    if conn in "-–—" and not (a.digits and b.digits):
        return None
    if conn == "and":
        pm = _RANGE_PREFIX_RE.search(sentence, max(0, a.start - 30), a.start)
        if pm is None or "between" not in pm.group("p").lower():
            return None
    if a.plain4 != b.plain4 and (a.plain4 or b.plain4) and conn != "or":
        return None
    return b


def _build(
    sentence: str,
    a: Core,
    last: Core,
    start: int,
    lo: int | None,
    hi: int | None,
    *,
    ranged: bool,
) -> Quantity:
    end = last.end
    approx = False
    qualifier: str | None = None
    unit: str | None = None

    if lo is None:  # bare decimal
        return Quantity(start, end, sentence[start:end], None, None, unit="decimal")

    left_from = max(0, start - _LEFT)
    bm = _BOUND_RE.search(sentence, left_from, start)
    kind: str | None = None
    if bm is not None:
        qualifier = re.sub(r"\s+", " ", bm.group("b").lower())
        kind = _BOUNDS[qualifier]
        start = bm.start()

    pm = _POSTFIX_RE.match(sentence, end)
    if pm is not None and kind is None:
        if pm.group("min") is not None:
            kind, qualifier = "min", "or more"
        else:
            kind, qualifier = "approx", "or so"
        end = pm.end()

    # units from the left
    left = sentence[max(0, start - _LEFT) : start]
    if _MONEY_BEFORE_RE.search(left):
        unit = "money"
    elif _AGE_BEFORE_RE.search(left):
        unit = "age"
    elif _DESIGNATION_BEFORE_RE.search(left) and not ranged:
        unit = "designation"
    elif a.digits and lo <= 31 and _MONTH_BEFORE_RE.search(left):
        unit = "date"
    # units from the right
    unit_end = end
    if unit is None:
        if (
            a.digits
            and last.value is not None
            and last.value <= 31
            and _MONTH_AFTER_RE.match(sentence, last.end)
        ):
            unit = "date"
        else:
            unit, unit_end = _unit_after(sentence, end, last.digits and end == last.end)
            if unit == "ordinal" and _THE_DAY_BEFORE_RE.search(left):
                unit = "date"
    noun = _noun_class(sentence, unit_end) if unit is None else None
    if unit is None and noun == "object":
        unit = "object"
    if (
        unit is None
        and (a.plain4 or last.plain4)
        and all(c.value is not None and 1900 <= c.value <= 2099 for c in (a, last) if c.plain4)
        and kind is None
        and noun != "people"
    ):
        unit = "year"
    if unit is None and qualifier in ("under", "over", "below", "above"):
        # "children under 5", "people over 60": an age limit, not a count
        prev = _ADJ_WORD_RE.search(sentence, max(0, start - 20), start)
        if prev is not None and prev.group(1).lower() in _AGE_HOLDERS:
            unit = "age"
    if unit in ("date", "time"):
        return Quantity(start, end, sentence[start:end], None, None, unit=unit)

    mn: int | None = lo
    mx: int | None = hi
    if kind == "min":
        mx = None
    elif kind == "gt":
        mn, mx = lo + 1, None
    elif kind == "max":
        mn = None
    elif kind == "lt":
        mn, mx = None, (hi - 1 if hi is not None else None)
    elif kind == "near":
        mn, approx = None, True
    elif kind == "approx":
        approx = True
    return Quantity(start, end, sentence[start:end], mn, mx, None, approx, unit, qualifier)


def _vague(sentence: str, m: re.Match[str], vague_numbers: bool) -> Quantity:
    raw = re.sub(r"\s+", " ", m.group("v").lower())
    value: int | None
    if m.group("mult") is not None:
        mult = re.sub(r"\s+", " ", m.group("mult").lower())
        term = f"{mult.removesuffix(' of')} {m.group('scale').lower()}"
        value = _VAGUE_MULTIPLIER[mult] * _VAGUE_SCALE[m.group("scale").lower()]
    elif raw.endswith("number of") and raw not in VAGUE_VALUES:
        adj = raw.split()[1]
        if adj in ("small", "limited"):
            term = "a small number of"
        elif adj in ("unknown", "undetermined", "unspecified", "undisclosed"):
            term = "an unknown number of"
        else:
            term = "a large number of"
        value = VAGUE_VALUES[term]
    else:
        term = raw
        value = VAGUE_VALUES.get(term)
    end = m.end()
    unit, _ = _unit_after(sentence, end, False)
    if unit is not None and unit not in ("duration", "frequency"):
        unit = None
    if unit is None:
        om = _OF_RE.match(sentence, end)
        if _noun_class(sentence, om.end() if om else end) == "object":
            unit = "object"
    mn = value if vague_numbers else None
    return Quantity(
        m.start(), end, m.group(), mn, None, term, vague_numbers and value is not None, unit
    )
