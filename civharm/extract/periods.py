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
from bisect import bisect_left
from functools import cache, lru_cache

from civharm.extract.lexicon import alternation, load_rules

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
# A day as a report writes it: "Friday, March 27, 2015", "27 March", "the 3rd of May".
_DAY = (
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?(?:the\s+)?"
    rf"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH})"
    r"(?:,?\s+(?:19|20)\d\d)?"
)
# A colon does not end the clause: "casualties in 2016: 6,878 killed" gives the breakdown.
_CLAUSE_END = re.compile(
    r"[;!?]|\.(?=\s|$)|,\s+(?:and|while|but|whereas|although|as|after|when|before|which|who|"
    r"bringing|raising|taking|pushing|increasing|lifting|including|said|says|reported|announced|"
    r"added|told|estimated)\b|"
    # ", the UN rights chief said that …": what follows is said of something else
    r",\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}?(?:said|says|added|told|warned|stated)\b|"
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
        rf"|\bsince\s+(?:early\s+|late\s+|mid-?)?(?:{MONTH}|(?:19|20)\d\d\b|last\s+(?:year|month)|"
        rf"the\s+(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?(?:year|month)|\d{{1,2}}\s+{MONTH})"
        rf"|\b(?:in|over|during|within|for)\s+the\s+(?:past|last|previous|first)\s+"
        rf"(?:[\w-]+\s+){{0,2}}?(?:days?|weeks?|months?|years?|hours)\b"
        rf"|\bso\s+far\s+(?:this\s+(?:year|month|week)|in\s+\w+)\b|(?<!earlier\s)(?<!later\s)(?<!early\s)(?<!late\s)"
        rf"\bthis\s+(?:year|month)(?:'s|’s|\s+alone)?\b"
        rf"|\b(?:throughout|during)\s+(?:the\s+)?(?:{wars}|month\s+of|year)\b(?!-)"
        rf"|(?<!born\s)\bin\s+(?:the\s+)?(?:month\s+of\s+{MONTH}|{MONTH}\s+alone|(?:19|20)\d\d\b(?!\s*(?:strike|attack|raid|bombing)))"
        # ("in violation of the laws of war" says nothing of a period)
        rf"|\b(?:in|(?<!laws\s)(?<!law\s)(?<!rules\s)(?<!crimes\s)(?<!customs\s)of)\s+"
        rf"(?:the\s+)?(?:\w+\s+)?(?:{wars})\b(?!-|\s+(?:on|in|at)\b)"
        rf"|\b(?:the|this|that|its)\s+(?:[\w-]+\s+){{0,2}}?(?:{wars}|{since}|violence|clashes)\s+"
        rf"(?:has|have|had)\s+(?:so\s+far\s+|now\s+|already\s+)?(?:killed|left|claimed)\b"
        rf"|\bsince\s+(?:last\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        # a monitor's tally of the day: "the number of people killed today in ground shelling
        # and airstrikes … increased to 20"
        rf"|\bnumber\s+of\s+(?:[\w-]+\s+){{0,2}}?(?:who\s+(?:have|had)\s+been\s+)?killed\s+today"
        rf"\s+(?:in|by)\s+(?:[\w-]+\s+){{0,3}}?(?:air\s*strikes|strikes|attacks|raids|"
        rf"shelling\s+and)\b"
        # "since Israel launched a major offensive", "since the army entered the city"
        rf"|\bsince\s+(?:the\s+)?(?:[\w-]+\s+){{1,3}}?(?:launched|began|started|invaded|entered|"
        rf"took\s+(?:control|power|over))\b"
        rf"|\bsince\s+the\s+\d{{1,2}}(?:st|nd|rd|th)?\s+of\s+{MONTH}"
        rf"|\bbetween\s+(?:19|20)\d\d\s+and\s+(?:19|20)\d\d\b"
        # "from Friday, March 27, 2015, to Friday, April 10": a count over those days
        rf"|\b(?:from|between)\s+{_DAY}\s*,?\s+(?:to|until|till|through|and)\s+{_DAY}"
        rf"|\bin\s+acts\s+of\s+(?:terrorism|violence)\b"
        rf"|\b(?:ongoing|continuing)\s+(?:[\w-]+\s+){{0,2}}?(?:air\s*strikes|strikes|attacks|raids|"
        rf"bombardment|shelling|offensive|assault|escalation|fighting|violence|hostilities)\b"
        # "the civilian death toll in Ukraine last month rose to 174"
        rf"|\btoll\s+(?:in\s+(?:the\s+)?[\w-]+\s+)?(?:last|this|past)\s+(?:week|month|year)\b(?![’']s)"
        rf"|\btoll\s+(?:from|of|in)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:violence|fighting|clashes|escalation|"
        rf"conflict|war|offensive|hostilities|flare-up|assault|campaign)\b"
        rf"|\b(?:in|during|from|across)\s+(?:two|three|four|five|six|seven|eight|nine|ten|"
        rf"\d{{1,3}})\s+(?:separate\s+|different\s+|consecutive\s+)?"
        rf"(?:air\s*strikes|strikes|attacks|air\s+raids|raids|bombings|incidents|explosions|blasts)\b"
        rf"|\b(?:air\s*strikes|strikes|attacks|raids|bombings|shelling|bombardment)\s+(?:on|in|"
        rf"targeting|hitting|against|across)\s+(?:at\s+least\s+)?(?:two|three|four|five|six|"
        rf"seven|eight|nine|ten|\d{{1,3}}|several|multiple|various|a\s+number\s+of)\s+"
        rf"(?:[\w-]+\s+)?(?:towns|villages|cities|areas|regions|provinces|governorates|"
        rf"districts|neighbou?rhoods|locations|sites)\b"
        rf"|\b(?:a|one|two|three|four|five|six|seven|ten|\d{{1,2}})\s+(?:days?|weeks?|months?)\s+of\b"
        rf"|\b(?:for\s+)?(?:the\s+|a\s+)?(?:second|third|fourth|fifth|sixth|seventh|\w+th|"
        rf"\d{{1,2}}(?:st|nd|rd|th)|two|three|four|five|several)\s+(?:consecutive|straight)\s+"
        rf"(?:days?|nights?|weeks?)\b"
        rf"|\b(?:across|throughout)\s+(?:the\s+)?(?:country|[A-Z][\w-]+)\s+(?:in|during)\s+{MONTH}"
        # a rate ("an average of 103 killed every day") and a whole territory's count
        rf"|\ban\s+average\s+of\b|\b(?:every|each|per)\s+day\b"
        rf"|\b(?:across|throughout)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:enclave|country|territory|strip|"
        rf"nation)\b",
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
    clause_start, clause_end = _clause_span(sentence, start, end)
    return _clause_cue(sentence, clause_start, clause_end, anaphora)


# How far past its first character a clause end can look: ", " + "increasing" + a boundary.
_CLAUSE_END_REACH = 16


def _clause_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): from the end of the last `_CLAUSE_END` match in
    `sentence[:start]` (scanned with `start` as its end) to the start of the first one from
    `end`.

    Both are looked up in the matches of one scan of the sentence, so that a sentence with a
    thousand counts is not rescanned from its start for each (issue #9). Only the last few
    characters before `start`, where a match can differ once the scan stops at `start`, are
    scanned again.
    """
    starts, ends = _clause_ends(sentence)
    window = max(0, start - _CLAUSE_END_REACH)
    while window > 0 and sentence[window - 1].isspace():
        window -= 1
    window = max(0, window - 1)
    before = bisect_left(starts, window)  # full-scan matches starting before the window
    clause_start = ends[before - 1] if before else 0
    resume = max(window, clause_start)
    if resume < start:
        for match in _CLAUSE_END.finditer(sentence, resume, start):
            clause_start = match.end()
    after = bisect_left(starts, end)
    if after and ends[after - 1] > end:  # a match runs across `end`: scan from there
        found = _CLAUSE_END.search(sentence, end)
        return clause_start, found.start() if found else len(sentence)
    return clause_start, starts[after] if after < len(starts) else len(sentence)


@lru_cache(maxsize=8)
def _clause_ends(sentence: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the `_CLAUSE_END` matches of one scan of `sentence`."""
    spans = [m.span() for m in _CLAUSE_END.finditer(sentence)]
    return [a for a, _ in spans], [b for _, b in spans]


@lru_cache(maxsize=256)
def _clause_cue(
    sentence: str, clause_start: int, clause_end: int, anaphora: re.Pattern[str]
) -> str | None:
    """The period cue of one clause; the counts of a clause share it."""
    clause = sentence[clause_start:clause_end]
    strong, weak = _patterns()
    for match in strong.finditer(clause):
        if not _SUPERLATIVE.search(clause[: match.start()]):
            return match.group(0)
    found = weak.search(clause)
    if found and not anaphora.search(clause):
        return found.group(0)
    return None
