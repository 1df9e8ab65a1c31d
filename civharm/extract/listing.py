"""Several incidents told in one sentence, place by place.

Monitors list a day's harm as "a woman and her child in Has, 5 civilians in Kafar Sajna and
a woman in Zardna": one sentence, three incidents. When every place named after "in" has
a count of its own before it, the sentence is cut at those places and each part becomes a
sentence fact of its own, with its count, its place and the sentence's date and attacker.
"""

from __future__ import annotations

import re
from dataclasses import replace

from civharm.extract.facts import Facts
from civharm.extract.figures import analyse
from civharm.extract.harm import harm_in
from civharm.extract.lexicon import Lexicon
from civharm.extract.sentences import Sentence

_IN_BEFORE = re.compile(
    r"\b(?:in|at|near)\s+(?:the\s+(?:[\w-]+\s+)?(?:town|village|city|area|neighbou?rhood|"
    r"district|camp)\s+of\s+)?$",
    re.IGNORECASE,
)


def split_listed(facts: Facts, lex: Lexicon, *, vague_numbers: bool = False) -> list[Facts]:
    """The sentence's facts, cut into one per listed place when each place has its count."""
    text = facts.sentence.text
    listed = [
        p
        for p in facts.places
        if p.role == "incident" and _IN_BEFORE.search(text[max(0, p.start - 50) : p.start])
    ]
    if len(listed) < 2 or not facts.figures.numeric or facts.figures.totals:
        return [facts]
    harm = harm_in(text, lex)
    if harm not in ("killed", "injured"):
        return [facts]
    parts = []
    start = 0
    for i, place in enumerate(listed):
        end = place.end if i < len(listed) - 1 else len(text)
        figures = analyse(text[start:end], lex, vague_numbers=vague_numbers, of_list=harm)
        if not figures.numeric:
            return [facts]  # a place without a count of its own: not a list of incidents
        lead = len(text[start:end]) - len(text[start:end].lstrip(" ,;"))
        parts.append((start + lead, end, figures, place))
        start = place.end
    return [
        replace(
            facts,
            sentence=Sentence(facts.sentence.start + a, facts.sentence.start + b, text[a:b]),
            figures=figures,
            generic=False,  # "bombardment continued …, killing 5 in X": each count is one event's
            places=[
                replace(p, start=p.start - a, end=p.end - a)
                for p in facts.places
                if a <= p.start and p.end <= b and (p is place or p.role != "incident")
            ],
        )
        for a, b, figures, place in parts
    ]
