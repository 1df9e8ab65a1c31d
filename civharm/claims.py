"""A mention's evidence read again sentence by sentence, for the people who check it.

A mention keeps its figures as one range and its claimants as one list, which is right for
merging but hides who said what: "SANA: at least 30 killed" and "SOHR: 54 killed" become
"30–54, claimed by SANA and SOHR". Here each evidence sentence is read with the same
extraction rules to say which words gave the figure, the place, the date, the perpetrator
and the claimant, what figures the sentence itself claims and on whose word, and who
denied or contested what. Nothing here changes what is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from civharm.dates import find_dates
from civharm.extract.actors import actor_names
from civharm.extract.claimants import claimants
from civharm.extract.figures import analyse
from civharm.extract.harm import Figures
from civharm.extract.lexicon import Lexicon
from civharm.model import Range

__all__ = ["KINDS", "Claim", "Denial", "Mark", "Sentence", "as_date", "read_evidence"]

KINDS = ("figure", "place", "date", "perpetrator", "claimant")
"""What a mark says a word gave the mention, in the order marks win when they overlap."""

# Where the clause naming who denies starts: "… , but survivors of the attack contest".
_CLAUSE_START = re.compile(r"(?:[,;:(“\"]|\bbut\b|\bwhile\b|\bwhereas\b|\band\b)\s*", re.I)
_PRONOUN = re.compile(r"^(?:it|he|she|they|we|i|this|that|which|who)$", re.I)


@dataclass(frozen=True)
class Mark:
    """Words of a sentence that gave the mention a value; offsets in the document."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Claim:
    """The figures one sentence gives, and on whose word (empty: the outlet's own)."""

    claimants: tuple[str, ...]
    killed: Range
    injured: Range
    casualties: Range


@dataclass(frozen=True)
class Denial:
    """A sentence that denies or contests: who (as written, when the sentence says) and how."""

    who: str | None
    words: str


@dataclass(frozen=True)
class Sentence:
    """One evidence sentence: its span in the document, its marks and what it claims."""

    start: int
    end: int
    marks: tuple[Mark, ...]
    claim: Claim | None
    denial: Denial | None


def read_evidence(
    text: str,
    spans: Sequence[Sequence[int]],
    mention: Mapping[str, Any],
    lex: Lexicon,
    *,
    published: dt.date | None,
) -> list[Sentence]:
    """The evidence sentences of a mention in document order, each read on its own.

    `mention` holds the stored values (`place_mentioned`, `perpetrator`, `claimants`,
    `contested`, `date`, `date_hint`, …): a word is marked when it gave one of them.
    """
    out = []
    for start, end in sorted((int(s), int(e)) for s, e in spans):
        sentence = text[start:end]
        figures = analyse(sentence, lex)
        marks = _marks(sentence, figures, mention, lex, published)
        out.append(
            Sentence(
                start,
                end,
                tuple(Mark(start + a, start + b, kind) for a, b, kind in marks),
                _claim(sentence, figures, lex),
                _denial(sentence, mention, lex),
            )
        )
    return out


def _marks(
    sentence: str,
    figures: Figures,
    mention: Mapping[str, Any],
    lex: Lexicon,
    published: dt.date | None,
) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) in the sentence, in order."""
    found: list[tuple[int, int, str]] = [(a, b, "figure") for a, b in figures.spans]
    for name in {mention.get("place_mentioned"), mention.get("place")}:
        found += [(a, b, "place") for a, b in _words(sentence, name)]
    for ref in find_dates(sentence, published=published):
        if _same_date(ref.date, ref.date_end, ref.hint, mention):
            found.append((ref.start, ref.end, "date"))
    blamed = {mention.get("perpetrator"), *(mention.get("suspected") or [])} - {None, "unknown"}
    found += [(a, b, "perpetrator") for a, b, name in actor_names(sentence, lex) if name in blamed]
    named = {str(n).lower() for n in mention.get("claimants") or []}
    for name in named:
        found += [(a, b, "claimant") for a, b in _words(sentence, name)]
    for pattern, name in lex.claimant_aliases:  # "the Syrian Observatory …" for "SOHR"
        if name.lower() in named:
            found += [(*m.span(), "claimant") for m in pattern.finditer(sentence)]
    kept: list[tuple[int, int, str]] = []
    for a, b, kind in sorted(found, key=lambda m: (KINDS.index(m[2]), m[0])):
        if a < b and not any(a < y and x < b for x, y, _ in kept):
            kept.append((a, b, kind))
    return sorted(kept)


def _words(sentence: str, name: object) -> list[tuple[int, int]]:
    """Where a value occurs as whole words, ignoring case."""
    if not isinstance(name, str) or not name.strip():
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(name.strip())}(?!\w)", re.I)
    return [m.span() for m in pattern.finditer(sentence)]


def _same_date(
    start: dt.date | None, end: dt.date | None, hint: str | None, mention: Mapping[str, Any]
) -> bool:
    """Whether a date expression is the one that dated the mention."""
    if hint is not None:
        return hint == mention.get("date_hint")
    low, high = (
        as_date(mention.get("date")),
        as_date(mention.get("date_end") or mention.get("date")),
    )
    if start is None or end is None or low is None or high is None:
        return False
    return start <= high and low <= end


def as_date(value: object) -> dt.date | None:
    """A date stored as a date or as ISO text (incident JSON); None for anything else."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _claim(sentence: str, figures: Figures, lex: Lexicon) -> Claim | None:
    killed, injured = Range.across(figures.killed), Range.across(figures.injured)
    casualties = Range.across(figures.casualties)
    if not (killed.known or injured.known or casualties.known):
        return None
    return Claim(tuple(claimants(sentence, lex)), killed, injured, casualties)


def _denial(sentence: str, mention: Mapping[str, Any], lex: Lexicon) -> Denial | None:
    """The first denial in the sentence, with the noun phrase just before it as who."""
    if not mention.get("contested"):
        return None
    match = lex.contest.search(sentence)
    if match is None:
        return None
    clause = _CLAUSE_START.split(sentence[: match.start()])[-1].strip(" .")
    words = clause.split()
    who: str | None = clause if 0 < len(words) <= 8 and not _PRONOUN.match(clause) else None
    if who is None:
        named = claimants(sentence, lex)
        who = named[0] if named else None
    return Denial(who, match.group(0))
