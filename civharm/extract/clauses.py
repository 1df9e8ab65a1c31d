"""Two events told in one sentence, clause by clause.

Wires join the day's strikes in one sentence: "A strike in Tallousa killed four people, and
a security agent was killed by a drone strike in Jdeidet Marjayoun". When the clauses on
either side of a join (", and", ", while", ";") each count their own harmed and each name
an incident place the other does not, the sentence is cut there and each clause becomes a
sentence fact of its own, with its figures and places and the sentence's date and attacker.
A join whose sides share a place ("killed two in Kharkiv, and wounded five in Kharkiv") or
whose other side counts nobody ("…, and the toll could rise") leaves the sentence whole.
"""

from __future__ import annotations

import re

from civharm.extract.events import same_place
from civharm.extract.facts import Facts, clause
from civharm.extract.figures import analyse
from civharm.extract.lexicon import Lexicon

_JOIN = re.compile(r",\s+(?:and|while|whereas)\s+|;\s+(?:and\s+)?")


def split_clauses(facts: Facts, lex: Lexicon, *, vague_numbers: bool = False) -> list[Facts]:
    """The sentence's facts, cut at the first join whose two sides each tell an event of
    their own (a count and an incident place), the second side cut again likewise."""
    text = facts.sentence.text
    if not facts.figures.numeric or facts.figures.totals:
        return [facts]
    incident = [p for p in facts.places if p.role == "incident"]
    if len(incident) < 2:
        return [facts]
    for join in _JOIN.finditer(text):
        a, b = join.span()
        left = [p for p in incident if p.end <= a]
        right = [p for p in incident if p.start >= b]
        if not left or not right or any(same_place(p, q) for p in left for q in right):
            continue
        if any(re.search(rf"\b{re.escape(p.surface)}['’]s\b", text[b:]) for p in left):
            continue  # "… in Aleppo, and wounded five in Aleppo's Hamdaniya district"
        first = analyse(text[:a], lex, vague_numbers=vague_numbers)
        second = analyse(text[b:], lex, vague_numbers=vague_numbers)
        if not (first.numeric and second.numeric) or first.totals or second.totals:
            continue
        rest = clause(facts, b, len(text), second)
        return [clause(facts, 0, a, first), *split_clauses(rest, lex, vague_numbers=vague_numbers)]
    return [facts]
