"""Who says so: the claimants of a sentence, from sourcing phrases ("according to X", "X
said", "X told Y") and the named agencies of `rules/lexicon.toml`.
"""

from __future__ import annotations

import re

from civharm.extract.lexicon import Lexicon

_SOURCE_HEAD = re.compile(
    r"\b(?:sources?|officials?|ministry|ministries|spokes(?:man|woman|person)|activists?|witness(?:es)?|"
    r"eyewitnesses|residents|doctors?|medics?|paramedics?|agency|council|administration|group|"
    r"monitor|observatory|commander|governor|police|army|military|media|television|office|"
    r"directorate|authorities|rescuers|volunteers|defen[cs]e|crescent|helmets|elders|relatives|"
    r"survivors|staff|workers|organi[sz]ation|committee|coalition|report|reports|outlet|"
    r"correspondent|broadcaster|channel|station|centre|center|network|mission)\b",
    re.I,
)
_NP = r"((?:the\s+|a\s+|an\s+)?(?:[\w’'.-]+\s+){0,6}?[\w’'.-]+)"
_SPEECH = r"(?:said|says|told|reported|reports|added|stated|announced|confirmed|claimed|asserted|complained|wrote|noted)"
_SAID_AT_END = re.compile(rf"(?:^|[,;]\s+|\bthat\s+){_NP}\s+{_SPEECH}\b[^,.;]*[.;]?\s*$", re.I)
_SAID_AT_START = re.compile(
    rf"^{_NP}(?:\s*,[^,]{{1,60}},)?\s+(?:has\s+|have\s+|had\s+)?{_SPEECH}\b", re.I
)
_ACCORDING_TO = re.compile(
    rf"\baccording\s+to\s+{_NP}(?=\s*(?:[,.;)]|$|\s(?:who|which|in|on|at)\b))", re.I
)
_TOLD = re.compile(r"\btold\s+([^,;:]{1,60}?)(?=\s+(?:that|on|in|by|about)\b|[,;:.]|$)")


def _source_name(phrase: str, lex: Lexicon) -> str | None:
    """A claimant's name from the phrase that introduces it, or None if it names no source."""
    phrase = phrase.strip(" ,.;:\"“”'")
    for pattern, name in lex.claimant_aliases:
        if pattern.search(phrase):
            return name
    words = phrase.split()
    if not words or len(words) > 8 or words[0].lower() in ("he", "she", "they", "it", "we", "i"):
        return None
    if not _SOURCE_HEAD.search(phrase):
        return None
    # Keep the noun phrase that ends at the source word: "two residents of the town" → "two residents".
    return phrase


def claimants(text: str, lex: Lexicon) -> list[str]:
    """Who the sentence says makes the claim, in order: named agencies and sourcing phrases."""
    # (rank, position, name): the outlet a source spoke to comes first, as it relays the
    # claim ("local sources told SANA" reads SANA ← local sources).
    found: list[tuple[int, int, str]] = []
    relays: list[tuple[int, int]] = []
    for match in _TOLD.finditer(text):
        told = match.group(1).strip()
        name = _source_name(told, lex) or (
            told if told[:1].isupper() and len(told.split()) <= 4 else None
        )
        if name:
            found.append((0, match.start(1), name))
            relays.append(match.span(1))
    for pattern in (_ACCORDING_TO, _SAID_AT_END, _SAID_AT_START):
        for match in pattern.finditer(text):
            name = _source_name(match.group(1), lex)
            if name:
                found.append((1, match.start(1), name))
    for pattern, name in lex.claimant_aliases:
        for match in pattern.finditer(text):
            inside_relay = any(a <= match.start() < b for a, b in relays)
            if not inside_relay and _TOLD_BY.search(text[match.end() : match.end() + 30]) is None:
                found.append((1, match.start(), name))
    names: list[str] = []
    for _, _, name in sorted(found):
        if lex.claimant_generic.fullmatch(name) or name.lower() in _COMMON_SOURCES:
            name = name.lower()  # "Local sources said" at a sentence start is "local sources"
        if name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


_COMMON_SOURCES = frozenset(
    """residents witnesses activists medics doctors officials sources survivors relatives
    rescuers paramedics police locals eyewitnesses""".split()  # noqa: SIM905
)
_TOLD_BY = re.compile(r"^\W*(?:'s|’s)\b")
