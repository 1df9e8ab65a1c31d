"""How `find_quantities` reads numbers in conflict reporting.

Each table row is a sentence in the style of a wire report and what the extractor must make
of it; the comment says why. Figures follow the project's conventions: unknown is None,
"at least 10" is 10/None, "more than 70" is 71/None, "30 to 54" is 30/54.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civharm.extract.quantities import VAGUE_VALUES, Quantity, find_quantities


def _counts(sentence: str) -> list[Quantity]:
    return [q for q in find_quantities(sentence) if q.casualty_capable]


# (sentence, quoted span, min, max, approx)
COUNTS = [
    # --- plain figures
    # why: digits
    ("Shelling killed 14 people in the market.", "14", 14, 14, False),
    # why: thousands comma
    ("The toll rose to 1,250 by the evening.", "1,250", 1250, 1250, False),
    # why: capitalised word
    ("Seventeen civilians died in the raid.", "Seventeen", 17, 17, False),
    # why: hyphenated word
    ("Rescuers pulled thirty-one bodies out.", "thirty-one", 31, 31, False),
    # why: "four hundred homes" is an object count
    (
        "Officials said four hundred homes emptied of three hundred families.",
        "three hundred",
        300,
        300,
        False,
    ),
    # why: "and" inside a number word
    ("Medics treated one hundred and twelve wounded.", "one hundred and twelve", 112, 112, False),
    # why: a dozen is exactly 12
    ("A dozen fighters were captured.", "A dozen", 12, 12, False),
    # why: N dozen
    ("Two dozen villagers fled the shelling.", "Two dozen", 24, 24, False),
    # why: half a dozen = 6
    ("Half a dozen guards were shot.", "Half a dozen", 6, 6, False),
    # why: "a hundred" plus an approximation word
    ("About a hundred mourners gathered.", "About a hundred", 100, 100, True),
    # why: decimal with a scale word is a count
    (
        "Some 2.5 million people have been displaced.",
        "Some 2.5 million",
        2_500_000,
        2_500_000,
        True,
    ),
    # why: a year-like number followed by "people" is a count, not a year
    ("The raid left 2000 people homeless.", "2000", 2000, 2000, False),
    # why: "one" counts
    ("One child was pulled alive from the rubble.", "One", 1, 1, False),
    # --- ranges
    # why: from … to
    ("Estimates put the dead at from 30 to 54.", "from 30 to 54", 30, 54, False),
    # why: between … and
    ("Between 12 and 24 civilians were killed.", "Between 12 and 24", 12, 24, False),
    # why: hyphen
    ("The strike killed 30-54 people, monitors said.", "30-54", 30, 54, False),
    # why: words in a between-range
    ("Between five and eight women were among the dead.", "Between five and eight", 5, 8, False),
    # why: bare "to" range
    ("Witnesses counted 20 to 25 bodies.", "20 to 25", 20, 25, False),
    # why: the range prefix starts at "from"
    ("The death toll ranged from 40 to 60.", "from 40 to 60", 40, 60, False),
    # why: "ranging from" belongs to the range
    ("Estimates ranging from 7 to 9 were given.", "ranging from 7 to 9", 7, 9, False),
    # why: N or N+1
    ("Twelve or 13 people were hurt.", "Twelve or 13", 12, 13, False),
    # why: words, "or"
    ("One or two children are still missing.", "One or two", 1, 2, False),
    # why: larger range
    (
        "Between 100 and 150 civilians have died this month.",
        "Between 100 and 150",
        100,
        150,
        False,
    ),
    # why: an approximate range keeps both ends
    ("Some 200 to 300 families fled.", "Some 200 to 300", 200, 300, True),
    # --- lower bounds
    # why: at least
    ("At least 10 civilians were killed.", "At least 10", 10, None, False),
    # why: no fewer than
    ("No fewer than 8 children died.", "No fewer than 8", 8, None, False),
    # why: postfix "or more"
    ("Police said 25 or more people were wounded.", "25 or more", 25, None, False),
    # why: "+" sign
    ("The toll stood at 100+ by nightfall.", "100+", 100, None, False),
    # why: strict "more than" excludes the number
    ("More than 70 civilians were killed and injured.", "More than 70", 71, None, False),
    # why: "over" = more than
    ("Over 40 people were trapped.", "Over 40", 41, None, False),
    # why: formal "in excess of"
    ("In excess of 300 people were displaced.", "In excess of 300", 301, None, False),
    # why: bound over a dozen-count
    ("At least two dozen fighters were killed.", "At least two dozen", 24, None, False),
    # why: rockets are objects; the count is the people killed
    (
        "More than a dozen rockets fell, killing at least three.",
        "at least three",
        3,
        None,
        False,
    ),
    # --- upper bounds and approximations
    # why: up to
    ("Up to 15 people may have died.", "Up to 15", None, 15, False),
    # why: as many as
    ("As many as 80 soldiers were killed.", "As many as 80", None, 80, False),
    # why: strict "fewer than"
    ("Fewer than 40 survived the siege.", "Fewer than 40", None, 39, False),
    # why: less than
    ("Less than 20 were evacuated in time.", "Less than 20", None, 19, False),
    # why: "nearly" is a rounded estimate from below: max N, approximate
    ("Nearly 40 people died in the blast.", "Nearly 40", None, 40, True),
    # why: almost
    ("Almost 90 detainees were released.", "Almost 90", None, 90, True),
    # why: around
    ("Around 60 casualties were reported.", "Around 60", 60, 60, True),
    # why: approximately
    ("Approximately 350 families were displaced.", "Approximately 350", 350, 350, True),
    # why: an estimated
    ("An estimated 2,000 residents fled.", "An estimated 2,000", 2000, 2000, True),
    # why: some = about
    ("Some 40 people were buried on Friday.", "Some 40", 40, 40, True),
    # why: postfix "or so"
    ("Forty or so bodies were recovered.", "Forty or so", 40, 40, True),
]


@pytest.mark.parametrize(("sentence", "span", "lo", "hi", "approx"), COUNTS)
def test_counts(sentence: str, span: str, lo: int | None, hi: int | None, approx: bool) -> None:
    found = {q.text: q for q in _counts(sentence)}
    assert span in found, f"{span!r} not among {list(found)}"
    q = found[span]
    assert (q.min, q.max, q.approx) == (lo, hi, approx)
    assert sentence[q.start : q.end] == q.text


# (sentence, every casualty-capable span in order)
SEVERAL = [
    # why: each figure is its own quantity
    ("Nine children and eight women were among the 20 dead.", ["Nine", "eight", "20"]),
    # why: "and" without "between"
    ("The blast killed 5 and wounded 12.", ["5", "12"]),
    # why: towns are objects
    ("Two towns were hit, killing three civilians.", ["three"]),
    # why: "no one" is not 1
    ("No one was hurt, but one of the guards later died.", ["one"]),
    # why: the dash is not a range
    ("Kill 54 — the highest toll of the year.", ["54"]),
]


@pytest.mark.parametrize(("sentence", "spans"), SEVERAL)
def test_several(sentence: str, spans: list[str]) -> None:
    assert [q.text for q in _counts(sentence)] == spans


# (sentence, span, unit): numbers that are not counts of people come back labelled
NOT_COUNTS = [
    # why: a bare year
    ("The letters were sent in 2017.", "2017", "year"),
    # why: a decade
    ("The war has raged since the 1990s.", "1990", "year"),
    # why: month-day
    ("On November 15, warplanes struck the town.", "15", "date"),
    # why: day-month
    ("The raid on 15 November killed 20.", "15", "date"),
    # why: abbreviated month
    ("On Nov. 12, 2017, the town was shelled.", "12", "date"),
    # why: "on the 20th" is a day of month
    ("The siege began on the 20th.", "20", "date"),
    # why: digit ordinal
    ("It was the 3rd attack on the school.", "3", "ordinal"),
    # why: clock time
    ("The convoy was hit at 9 pm.", "9 pm", "time"),
    # why: 24-hour clock
    ("Sirens sounded at 21:30 local time.", "21:30", "time"),
    # why: military time
    ("The strike came at 0430 GMT.", "0430 GMT", "time"),
    # why: ISO date
    ("Records dated 2017-11-12 were seized.", "2017-11-12", "date"),
    # why: numeric date
    ("The decree of 12/11/2017 was cited.", "12/11/2017", "date"),
    # why: percent word
    ("Rebels hold 30 percent of the province.", "30", "percent"),
    # why: percent sign
    ("Turnout fell by 12% in the district.", "12", "percent"),
    # why: N-mile compound
    ("The base sits in a 34-mile zone.", "34", "distance"),
    # why: kilometres
    ("The camp is 5 km from the border.", "5", "distance"),
    # why: currency code
    ("Donors pledged USD 6.6 million in aid.", "6.6 million", "money"),
    # why: dollar sign
    ("The fund paid $40 to each family.", "40", "money"),
    # why: N-year-old
    ("A 12-year-old girl was among the dead.", "12", "age"),
    # why: aged N
    ("The victim, aged 17, was a student.", "17", "age"),
    # why: an age limit
    ("Children under 5 are most at risk.", "under 5", "age"),
    # why: weight
    ("A 500-pound bomb was dropped.", "500", "measure"),
    # why: calibre
    ("Troops fired 155mm shells at the village.", "155", "measure"),
    # why: hours
    ("The ceasefire lasted 24 hours.", "24", "duration"),
    # why: words + years
    ("The war has gone on for seven years now.", "seven", "duration"),
    # why: times
    ("The hospital was hit three times.", "three", "frequency"),
    # why: a resolution
    ("Resolution 2254 calls for a ceasefire.", "2254", "designation"),
    # why: aircraft type
    ("Two F-16 jets were seen overhead.", "16", "designation"),
    # why: road number
    ("Traffic on Route 4 was halted.", "4", "designation"),
    # why: letters, not people
    ("The ministry sent two letters to the UN.", "two", "object"),
    # why: strikes
    ("Amnesty examined 42 airstrikes in the city.", "42", "object"),
    # why: vague count of houses
    ("Dozens of houses collapsed.", "Dozens", "object"),
    # why: a fraction
    ("Two-thirds of the town was destroyed.", "Two", "compound"),
    # why: a bare decimal
    ("The quake measured 5.6 on the scale.", "5.6", "decimal"),
    # why: not a count
    ("The ward operates 24/7 despite the siege.", "24/7", "ratio"),
]


@pytest.mark.parametrize(("sentence", "span", "unit"), NOT_COUNTS)
def test_not_counts(sentence: str, span: str, unit: str) -> None:
    found = {q.text: q for q in find_quantities(sentence)}
    assert span in found, f"{span!r} not among {list(found)}"
    assert found[span].unit == unit
    assert not found[span].casualty_capable


# sentences with no casualty-capable number at all
NOTHING = [
    # why: ordinal words
    "The second time the coalition struck, the market was empty.",
    # why: id and year
    "UN Security Council Resolution 2401 demanded a truce in 2018.",
    # why: money
    "The US provided USD 6.6 million to the group.",
    # why: distance
    "The coalition occupies a 34-mile zone around al-Tanf.",
    # why: bounded percent
    "More than 30 percent of the territory is held by the SDF.",
    # why: aircraft designations
    "Su-24 and MiG-29 jets flew over the area.",
    # why: letters glued to digits
    "Flight MH17 was downed in 2014.",
    # why: date and objects
    "On Tuesday, 15 November, the ministry wrote two letters.",
    # why: "one another" is not a count
    "One another's homes were shelled.",
]


@pytest.mark.parametrize("sentence", NOTHING)
def test_nothing_casualty_capable(sentence: str) -> None:
    assert _counts(sentence) == []


# (sentence, span, vague term, figure with vague_numbers=True)
VAGUE = [
    # why: dozens
    ("Dozens of civilians were killed.", "Dozens", "dozens", 12),
    # why: scores of
    ("The strikes killed scores of villagers.", "scores", "scores", 20),
    # why: tens of
    ("Tens of people were wounded.", "Tens", "tens", 10),
    # why: hundreds
    ("Hundreds of families fled the town.", "Hundreds", "hundreds", 100),
    # why: compound vague term
    ("Tens of thousands were displaced.", "Tens of thousands", "tens of thousands", 10_000),
    # why: a number of
    ("A number of civilians were killed.", "A number of", "a number of", 3),
    # why: several
    ("Several people were injured.", "Several", "several", 3),
    # why: many
    ("Many more were left injured.", "Many", "many", 10),
    # why: numerous
    ("Numerous bodies lay in the street.", "Numerous", "numerous", 10),
    # why: a few
    ("A few guards survived.", "A few", "a few", 3),
    # why: multiplier x scale, not "hundred" = 100
    ("Several hundred people were trapped.", "Several hundred", "several hundred", 300),
    # why: adjective variants share one term
    (
        "A large number of casualties was reported.",
        "A large number of",
        "a large number of",
        10,
    ),
    # why: "unknown" gets no figure even when mapping
    (
        "An unknown number of people remain missing.",
        "An unknown number of",
        "an unknown number of",
        None,
    ),
]


@pytest.mark.parametrize(("sentence", "span", "term", "figure"), VAGUE)
def test_vague(sentence: str, span: str, term: str, figure: int | None) -> None:
    plain = {q.text: q for q in find_quantities(sentence)}
    assert span in plain
    q = plain[span]
    assert (q.vague, q.min, q.max, q.unit) == (term, None, None, None)
    mapped = {q.text: q for q in find_quantities(sentence, vague_numbers=True)}[span]
    assert (mapped.min, mapped.max) == (figure, None)
    assert mapped.approx is (figure is not None)


def test_vague_table_is_documented() -> None:
    # why: the mapping is a published convention; every term the regex emits has a row
    for term in ("dozens", "scores", "tens", "hundreds", "a few", "several", "many"):
        assert term in VAGUE_VALUES


def test_as_many_as_is_not_vague() -> None:
    # why: "as many as" is a bound, and "many" inside it must not count twice
    found = find_quantities("As many as 15 people died.")
    assert [(q.text, q.vague) for q in found] == [("As many as 15", None)]


def test_qualifier_is_normalised() -> None:
    # why: the bound word is kept, lower-cased, for the evidence panel
    (q,) = find_quantities("AT  LEAST 9 died.")
    assert q.qualifier == "at least"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 ,.-/:%$abcdeinorstuvwy", max_size=60))
def test_spans_are_consistent(text: str) -> None:
    # why: offsets must always quote the sentence exactly, and ranges never invert
    last = -1
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text
        assert q.start >= last
        last = q.end
        if q.min is not None and q.max is not None:
            assert q.min <= q.max
