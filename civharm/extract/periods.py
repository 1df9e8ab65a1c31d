"""Whether a count is a total over a period or an area rather than the toll of one event.

"More than 8,000 killed since the war began", "140 civilians since March", "85 in the past
ten days", "this year's toll", "two killed in two airstrikes": such counts are aggregate
claims. The cue must sit in the
count's own clause, so that "killing 12 on Tuesday, while 140 have died since March" keeps
the 12 for the incident. Superlatives ("the deadliest strike since 2016") compare an event
with a period; they do not make a total.
"""

from __future__ import annotations

import re
from functools import cache

from civharm.extract.lexicon import alternation, load_rules

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
# A colon does not end the clause: "casualties in 2016: 6,878 killed" gives the breakdown.
_CLAUSE_END = re.compile(
    r"[;!?]|\.(?=\s|$)|,\s+(?:and|while|but|whereas|although|as|after|when|before|which|who|"
    r"bringing|raising|taking|pushing|increasing|lifting|including|said|says|reported|announced|"
    r"added|told|estimated)\b|"
    r"\bwhile\b|\bbut\b|\bwhereas\b"
)
_SUPERLATIVE = re.compile(
    r"\b(?:deadliest|worst|bloodiest|biggest|largest|heaviest|highest|most\s+\w+|first|"
    r"latest|single)\b[^,;.]{0,90}$",
    re.I,
)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(strong cues, weak cues): weak ones ("overall") only count away from "the strike"."""
    rules = load_rules("lexicon.toml")["aggregate"]
    since = "(?:" + "|".join(re.escape(w) for w in rules["since_nouns"]) + ")"
    wars = "(?:" + "|".join(re.escape(w) for w in rules["war_nouns"]) + ")"
    strong = re.compile(
        rf"\bsince\s+(?:the\s+)?(?:(?:start|beginning|outbreak|onset|launch|eruption)\s+of\s+"
        rf"(?:the\s+|this\s+|its\s+)?(?:\w+\s+)?)?(?:[\w-]+\s+)?{since}\b"
        rf"|\bsince\s+(?:early\s+|late\s+|mid-?)?(?:{_MONTH}|(?:19|20)\d\d\b|last\s+(?:year|month)|"
        rf"the\s+(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?(?:year|month)|\d{{1,2}}\s+{_MONTH})"
        rf"|\b(?:in|over|during|within|for)\s+the\s+(?:past|last|previous|first)\s+"
        rf"(?:[\w-]+\s+){{0,2}}?(?:days?|weeks?|months?|years?|hours)\b"
        rf"|\bso\s+far\s+(?:this\s+(?:year|month|week)|in\s+\w+)\b|(?<!earlier\s)(?<!later\s)(?<!early\s)(?<!late\s)"
        rf"\bthis\s+(?:year|month)(?:'s|’s|\s+alone)?\b"
        rf"|\b(?:throughout|during)\s+(?:the\s+)?(?:{wars}|month\s+of|year)\b"
        rf"|(?<!born\s)\bin\s+(?:the\s+)?(?:month\s+of\s+{_MONTH}|{_MONTH}\s+alone|(?:19|20)\d\d\b(?!\s*(?:strike|attack|raid|bombing)))"
        rf"|\b(?:in|of)\s+(?:the\s+)?(?:\w+\s+)?(?:{wars})\b(?!\s+(?:on|in|at)\b)"
        rf"|\b(?:the|this|that|its)\s+(?:[\w-]+\s+){{0,2}}?(?:{wars}|{since}|violence|clashes)\s+"
        rf"(?:has|have|had)\s+(?:so\s+far\s+|now\s+|already\s+)?(?:killed|left|claimed)\b"
        rf"|\bsince\s+(?:last\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        rf"|\bsince\s+the\s+\d{{1,2}}(?:st|nd|rd|th)?\s+of\s+{_MONTH}"
        rf"|\bbetween\s+(?:19|20)\d\d\s+and\s+(?:19|20)\d\d\b"
        rf"|\bin\s+acts\s+of\s+(?:terrorism|violence)\b"
        rf"|\b(?:ongoing|continuing)\s+(?:[\w-]+\s+){{0,2}}?(?:air\s*strikes|strikes|attacks|raids|"
        rf"bombardment|shelling|offensive|assault|escalation|fighting|violence|hostilities)\b"
        rf"|\btoll\s+(?:from|of|in)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:violence|fighting|clashes|escalation|"
        rf"conflict|war|offensive|hostilities|flare-up|assault|campaign)\b"
        rf"|\b(?:in|during|from|across)\s+(?:two|three|four|five|six|seven|eight|nine|ten|"
        rf"\d{{1,3}})\s+(?:separate\s+|different\s+|consecutive\s+)?"
        rf"(?:air\s*strikes|strikes|attacks|air\s+raids|raids|bombings|incidents|explosions|blasts)\b"
        rf"|\b(?:a|one|two|three|four|five|six|seven|ten|\d{{1,2}})\s+(?:days?|weeks?|months?)\s+of\b"
        rf"|\b(?:across|throughout)\s+(?:the\s+)?(?:country|[A-Z][\w-]+)\s+(?:in|during)\s+{_MONTH}",
        re.I,
    )
    weak = alternation(rules["weak"])
    return strong, weak


def period_spans(sentence: str) -> list[tuple[int, int]]:
    """Where a sentence names the period of a total ("since March"): dates there are the
    period's, not an incident's."""
    strong, _ = _patterns()
    return [
        m.span()
        for m in strong.finditer(sentence)
        if not _SUPERLATIVE.search(sentence[max(0, m.start() - 100) : m.start()])
    ]


def period_cue(sentence: str, start: int, end: int, anaphora: re.Pattern[str]) -> str | None:
    """The words that make the count at [start, end) a total, or None for an event's toll."""
    before_end = [m.end() for m in _CLAUSE_END.finditer(sentence, 0, start)]
    clause_start = before_end[-1] if before_end else 0
    after = _CLAUSE_END.search(sentence, end)
    clause = sentence[clause_start : after.start() if after else len(sentence)]
    strong, weak = _patterns()
    for match in strong.finditer(clause):
        if not _SUPERLATIVE.search(clause[: match.start()]):
            return match.group(0)
    found = weak.search(clause)
    if found and not anaphora.search(clause):
        return found.group(0)
    return None
