"""A sentence that lists the day's harm place by place becomes one fact per place."""

from __future__ import annotations

import datetime as dt

from civharm.extract.facts import Facts, read_sentence
from civharm.extract.lexicon import lexicon
from civharm.extract.listing import split_listed
from civharm.extract.sentences import Sentence
from civharm.gazetteer import Gazetteer

LISTED = (
    "Shelling on Tuesday killed two men in Kafr Nabl, three civilians in Maarat al-Numan "
    "and a woman in Khan Shaykhun, the monitor said."
)


def facts_of(text: str, offset: int = 100) -> Facts:
    sentence = Sentence(offset, offset + len(text), text)
    return read_sentence(sentence, 0, text, dt.date(2019, 5, 8), Gazetteer.open(), lexicon())


def test_each_listed_place_keeps_its_own_count_and_span() -> None:
    parts = split_listed(facts_of(LISTED), lexicon())
    assert [p.incident_place.surface for p in parts if p.incident_place] == [
        "Kafr Nabl",
        "Maarat al-Numan",
        "Khan Shaykhun",
    ]
    assert [p.figures.killed[0].min for p in parts] == [2, 3, 1]
    for part in parts:  # each part's span is the part's own text in the document
        start = part.sentence.start - 100
        assert LISTED[start : start + len(part.sentence.text)] == part.sentence.text
        assert not part.sentence.text.startswith((" ", ","))


def test_a_place_without_its_own_count_keeps_the_sentence_whole() -> None:
    text = "Shelling killed four civilians in Kafr Nabl, and shells also fell in Maarat al-Numan."
    facts = facts_of(text)
    assert split_listed(facts, lexicon()) == [facts]
