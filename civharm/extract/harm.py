"""The harm words around a count, and the record of what a sentence says about casualties.

Shared by the figure reader (`figures.py`) and the reader of people counted in words
(`people.py`): which harm a stretch of text speaks of, whether a count sits inside an
"including …" phrase, and the `Figures` both fill in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from civharm.extract.lexicon import Lexicon
from civharm.model import Range

# A harm word directly before a count: "killing 20", "death toll rose to 20", "lives of 20".
LEFT_HARM = re.compile(
    r"(?:\b(?P<c2>kill(?:ing|ed)\s+(?:and|or)\s+(?:wound|injur)(?:ing|ed)|dead\s+(?:and|or)\s+"
    r"(?:wounded|injured))|\b(?P<k>kill(?:ing|ed|s)?|martyr(?:ing|ed)|martyrdom\s+of|claim(?:ing|ed|s)? the li(?:fe|ves) of|massacre\s+of|"
    r"(?:death|casualty) toll\b(?:\s+\w+){0,4}?|dead|deaths?|fatalities|executing|executed|lost)|"
    r"\b(?P<i>injur(?:ing|ed|es|e|y)|wound(?:ing|ed|s)?|maiming|(?:the )?(?:injured|wounded))|"
    r"\b(?P<c>casualties|victims))"
    r"[\s,:“”\"'’]*(?:of|to|at|as high as|reached|rose to|climbed to|stood at|ranging from|"
    r"numbering|was|is|to some)?[\s“”\"'’]*"
    r"(?:(?:another|a\s+further|further|an?\s+additional|additional|his|her|their|its|"
    r"the(?:\s+other)?)\s+)?"  # "killing the five citizens and wounding the other 11"
    r"(?:(?:a|an|the|whole|entire)\s+(?:family|families|household|group)\s+of\s+)?$",
    re.IGNORECASE,
)
INCLUDING = re.compile(
    r"\b(?:including|among them|among whom|of whom|of which|of them|most of them|mostly|"
    r"among the victims were|"
    r"among the (?:dead|killed|injured|wounded) (?:were|was))\b|"
    # "12 civilians -- four women, four children and four men -- were killed": a breakdown
    r"(?<=[a-z])\s*(?:--|—|–)\s*(?=(?:\d|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\b)",
    re.IGNORECASE,
)
# "four of them", "two of the dead", "children among them": a part of a count already given.
PART_AFTER = re.compile(
    r"^\s+(?:of\s+(?:them|whom|those|the\s+(?:dead|killed|victims|injured|wounded|casualties))\b|"
    r"(?:(?!(?:most|many|some|all|half|killed|injured|wounded|dead|died|were|was)\b)[\w-]+\s+){0,2}?"
    r"(?:among|of)\s+(?:them|whom)\b)",
    re.IGNORECASE,
)
_JOINED = re.compile(
    r"^\s*(?:and|or|/|&)\s+(?:(?:left|also|seriously|critically|badly)\s+)?$", re.IGNORECASE
)


@dataclass
class Figures:
    """What one sentence (or one mention, once merged) says about casualties."""

    killed: list[Range] = field(default_factory=list)
    injured: list[Range] = field(default_factory=list)
    casualties: list[Range] = field(default_factory=list)
    children_killed: int | None = None
    women_killed: int | None = None
    killed_groups: int = 0
    # Killed on top of the toll told elsewhere: "four more people were killed".
    killed_more: list[Range] = field(default_factory=list)
    # The groups are the whole toll: "Four children were killed when …", not "… were among
    # the dead" or "including four children".
    groups_whole: bool = False
    vague: list[str] = field(default_factory=list)
    victims: set[str] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)
    # Counts over a period or an area ("since March"): aggregate claims, not this event's.
    totals: list[tuple[str, Range]] = field(default_factory=list)
    period: str | None = None

    @property
    def any(self) -> bool:
        return bool(
            self.killed
            or self.injured
            or self.casualties
            or self.vague
            or self.killed_groups
            or self.killed_more
        )

    @property
    def numeric(self) -> bool:
        return bool(
            self.killed or self.injured or self.casualties or self.killed_groups or self.killed_more
        )


def harm_in(text: str, lex: Lexicon) -> str | None:
    """The harm a stretch of text speaks of: killed, injured or casualties (both)."""
    killed = lex.killed.search(text)
    injured = lex.injured.search(text)
    both = lex.casualties.search(text)
    if killed and injured:
        first, second = sorted((killed, injured), key=lambda m: m.start())
        if _JOINED.match(text[first.end() : second.start()]):
            return "casualties"
    hits = [
        (m.start(), kind)
        for m, kind in ((killed, "killed"), (injured, "injured"), (both, "casualties"))
        if m
    ]
    if not hits:
        return None
    return min(hits)[1]


def last_harm(text: str, lex: Lexicon) -> str | None:
    """The harm of the last harm word in a stretch: "killed a man and wounded four, including
    his wife" makes the wife one of the wounded."""
    hits = [
        (m.start(), kind)
        for pattern, kind in ((lex.killed, "killed"), (lex.injured, "injured"))
        for m in pattern.finditer(text)
    ]
    return max(hits)[1] if hits else None


# A further item of an "including" list after a comma: "…, a driver and five other farmers".
_LIST_ITEM_AFTER_COMMA = re.compile(
    r"^\s*(?:and\s+)?(?:an?|the|his|her|their|my|one|two|three|four|five|\d{1,3})\s+"
    r"[\w-]+(?:\s+[\w-]+){0,2}?(?<!\bof)(?<!\ban)(?<!\ba)(?<!\bthe)\s+(?:and\s+)?$",
    re.IGNORECASE,
)


def inside_including(sentence: str, position: int) -> bool:
    """Whether a position falls inside an "including …" phrase that has not closed yet."""
    before = sentence[max(0, position - 120) : position]
    matches = list(INCLUDING.finditer(before))
    if not matches:
        return False
    between = before[matches[-1].end() :]
    # The phrase closes at punctuation, a verb, a closing quote or another harm verb
    # ('killing "mostly women and children" and injuring 11 others'); a comma only when
    # what follows it is not one more item of the list.
    items = between.split(",")[1:]
    if any(not _LIST_ITEM_AFTER_COMMA.match(item) for item in items):
        return False
    return not re.search(
        r"[;.”\"]|\bwere\b|\bwas\b|\b(?:and\s+)?(?:injuring|wounding|killing|leaving)\b", between
    )
