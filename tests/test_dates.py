"""How `find_dates` resolves the dates of conflict reporting against the published date.

Each row is a sentence in the style of a wire report, the span found, and what it resolves
to; the comment says why. Unless a row says otherwise the article was published on
Sunday 12 November 2017 (``PUB``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civharm.dates import DateRef, find_dates, parse_published

PUB = dt.date(2017, 11, 12)  # a Sunday
D = dt.date


def _one(sentence: str, span: str, published: dt.date | None) -> DateRef:
    found = {r.text: r for r in find_dates(sentence, published=published)}
    assert span in found, f"{span!r} not among {list(found)}"
    ref = found[span]
    assert sentence[ref.start : ref.end] == ref.text
    return ref


# (sentence, span, date, date_end, precision)
RESOLVED = [
    # --- explicit dates
    # why: abbreviated month with year
    (
        "The strike on Nov. 12, 2017 hit a bakery.",
        "Nov. 12, 2017",
        D(2017, 11, 12),
        D(2017, 11, 12),
        "day",
    ),
    # why: ordinal suffix and comma
    (
        "Shelling resumed on November 3rd, 2016.",
        "November 3rd, 2016",
        D(2016, 11, 3),
        D(2016, 11, 3),
        "day",
    ),
    # why: day-month-year
    ("Fighting broke out on 4 March 2019.", "4 March 2019", D(2019, 3, 4), D(2019, 3, 4), "day"),
    # why: ISO date
    ("The report is dated 2018-06-09.", "2018-06-09", D(2018, 6, 9), D(2018, 6, 9), "day"),
    # why: first number over 12, so day-first is certain
    ("Families fled on 25/11/2017.", "25/11/2017", D(2017, 11, 25), D(2017, 11, 25), "day"),
    # why: month and year
    ("The siege started in March 2018.", "March 2018", D(2018, 3, 1), D(2018, 3, 31), "month"),
    # why: month precision
    (
        "Strikes have continued since September 2014.",
        "September 2014",
        D(2014, 9, 1),
        D(2014, 9, 30),
        "month",
    ),
    # why: a year after "in"
    ("Amnesty documented the raids in 2017.", "2017", D(2017, 1, 1), D(2017, 12, 31), "year"),
    # why: a day range within one month
    (
        "Aid arrived on the 15th-17th of October.",
        "15th-17th of October",
        D(2017, 10, 15),
        D(2017, 10, 17),
        "day",
    ),
    # why: the weekday is part of the explicit date
    (
        "Sunday, 12 November 2017: a new strike",
        "Sunday, 12 November 2017",
        D(2017, 11, 12),
        D(2017, 11, 12),
        "day",
    ),
    # why: a span of years keeps both ends
    (
        "The war between 2011 and 2014 displaced millions.",
        "between 2011 and 2014",
        D(2011, 1, 1),
        D(2014, 12, 31),
        "year",
    ),
    # --- month-day without a year: most recent on or before publication
    # why: same year, before publication
    (
        "On November 8, warplanes hit the village.",
        "November 8",
        D(2017, 11, 8),
        D(2017, 11, 8),
        "day",
    ),
    # why: after the published day, so last year's
    (
        "Troops entered the town on 20 November.",
        "20 November",
        D(2016, 11, 20),
        D(2016, 11, 20),
        "day",
    ),
    # why: "May" the month, not the verb
    ("The convoy was attacked on May 24.", "May 24", D(2017, 5, 24), D(2017, 5, 24), "day"),
    # why: day of the published month
    (
        "Monitors said that on the 5th the market was hit.",
        "the 5th",
        D(2017, 11, 5),
        D(2017, 11, 5),
        "day",
    ),
    # --- weekdays
    # why: most recent Tuesday before a Sunday publication
    ("Warplanes struck the camp on Tuesday.", "Tuesday", D(2017, 11, 7), D(2017, 11, 7), "day"),
    # why: time of day kept in the span
    (
        "The shelling began Tuesday night.",
        "Tuesday night",
        D(2017, 11, 7),
        D(2017, 11, 7),
        "day",
    ),
    # why: "late on" belongs to the weekday
    (
        "The bombing came late on Monday.",
        "late on Monday",
        D(2017, 11, 6),
        D(2017, 11, 6),
        "day",
    ),
    # why: "around midnight on" + weekday
    (
        "Around midnight on Friday jets hit the town.",
        "Around midnight on Friday",
        D(2017, 11, 10),
        D(2017, 11, 10),
        "day",
    ),
    # why: possessive weekday
    ("Witnesses described Friday's raid.", "Friday", D(2017, 11, 10), D(2017, 11, 10), "day"),
    # why: the published weekday is that same day
    (
        "Activists said the strike on Sunday killed six.",
        "Sunday",
        D(2017, 11, 12),
        D(2017, 11, 12),
        "day",
    ),
    # why: "last Sunday" is strictly before
    (
        "Last Sunday a mortar hit the school.",
        "Last Sunday",
        D(2017, 11, 5),
        D(2017, 11, 5),
        "day",
    ),
    # why: weekday inside the previous week
    (
        "The raid on Wednesday of last week killed three.",
        "Wednesday of last week",
        D(2017, 11, 1),
        D(2017, 11, 1),
        "day",
    ),
    # --- relative to the published date
    # why: yesterday
    (
        "Yesterday, at least ten people were killed.",
        "Yesterday",
        D(2017, 11, 11),
        D(2017, 11, 11),
        "day",
    ),
    # why: today
    ("Airstrikes conducted today hit a camp.", "today", PUB, PUB, "day"),
    # why: last night = the evening before publication
    (
        "Rockets fell on the city last night.",
        "last night",
        D(2017, 11, 11),
        D(2017, 11, 11),
        "day",
    ),
    # why: overnight spans the night into the published day
    ("Clashes continued overnight.", "overnight", D(2017, 11, 11), PUB, "day"),
    # why: N days ago
    (
        "Four died three days ago in the blast.",
        "three days ago",
        D(2017, 11, 9),
        D(2017, 11, 9),
        "day",
    ),
    # why: the previous Monday-Sunday
    (
        "Last week, the coalition hit a bridge.",
        "Last week",
        D(2017, 10, 30),
        D(2017, 11, 5),
        "week",
    ),
    # why: Monday of this week to publication
    (
        "Earlier this week, a drone struck a car.",
        "Earlier this week",
        D(2017, 11, 6),
        PUB,
        "week",
    ),
    # why: first of the month to publication
    (
        "Earlier this month, the ministry wrote to the UN.",
        "Earlier this month",
        D(2017, 11, 1),
        PUB,
        "month",
    ),
    # why: the whole previous month
    (
        "The strike took place last month.",
        "last month",
        D(2017, 10, 1),
        D(2017, 10, 31),
        "month",
    ),
    # why: 1 January to publication
    (
        "Reports from earlier this year say otherwise.",
        "earlier this year",
        D(2017, 1, 1),
        PUB,
        "year",
    ),
    # why: the previous calendar year
    ("The town fell last year.", "last year", D(2016, 1, 1), D(2016, 12, 31), "year"),
    # why: the week containing publication - 14 days
    (
        "Two weeks ago, a mortar hit the clinic.",
        "Two weeks ago",
        D(2017, 10, 23),
        D(2017, 10, 29),
        "week",
    ),
    # why: a month alone is the most recent such month
    ("In March, the siege was lifted.", "March", D(2017, 3, 1), D(2017, 3, 31), "month"),
]


@pytest.mark.parametrize(("sentence", "span", "start", "end", "precision"), RESOLVED)
def test_resolved(sentence: str, span: str, start: dt.date, end: dt.date, precision: str) -> None:
    ref = _one(sentence, span, PUB)
    assert (ref.date, ref.date_end, ref.precision, ref.hint) == (start, end, precision, None)


# (sentence, span, hint) with NO published date: never guess from today's date
UNRESOLVED = [
    # why: a weekday needs a published date
    ("Warplanes struck the camp on Tuesday.", "Tuesday", "weekday:Tuesday"),
    # why: the qualifier survives in the hint
    ("Last Sunday a mortar hit the school.", "Last Sunday", "weekday:Sunday:last"),
    # why: a month-day without year stays a hint
    ("On November 15, jets hit the village.", "November 15", "month-day:11-15"),
    # why: relative day without a published date
    ("Yesterday, at least ten people were killed.", "Yesterday", "relative:yesterday"),
    # why: relative week without a published date
    ("Last week, the coalition hit a bridge.", "Last week", "relative:last week"),
    # why: N days ago without a published date
    ("Three days ago the bakery was shelled.", "Three days ago", "relative:three days ago"),
    # why: month without a year
    ("In March, the siege was lifted.", "March", "month:03"),
]


@pytest.mark.parametrize(("sentence", "span", "hint"), UNRESOLVED)
def test_unresolved_without_published(sentence: str, span: str, hint: str) -> None:
    ref = _one(sentence, span, None)
    assert (ref.date, ref.date_end, ref.precision, ref.hint) == (None, None, "unknown", hint)


# (sentence, span, hint): relative to another event, unresolved even with a published date
EVENT_RELATIVE = [
    # why: "a day before" what? the caller anchors it to the previous incident
    ("A day before, jets bombed the market.", "A day before", "relative:day-before"),
    # why: same, with "the"
    ("The day before, a school was hit.", "The day before", "relative:day-before"),
    # why: same day as the incident just described
    (
        "Earlier in the day, SANA reported a second strike.",
        "Earlier in the day",
        "relative:same-day",
    ),
    # why: the day after another event
    ("A day later, rescuers found four more bodies.", "A day later", "relative:day-after"),
    # why: N days before another event
    ("Two days earlier a convoy was ambushed.", "Two days earlier", "relative:2-days-before"),
    # why: the week before another event
    (
        "The previous week, the bridge was destroyed.",
        "The previous week",
        "relative:week-before",
    ),
]


@pytest.mark.parametrize(("sentence", "span", "hint"), EVENT_RELATIVE)
def test_event_relative(sentence: str, span: str, hint: str) -> None:
    ref = _one(sentence, span, PUB)
    assert (ref.date, ref.precision, ref.hint) == (None, "unknown", hint)


def test_explicit_dates_resolve_without_published() -> None:
    # why: a full date needs no published date
    ref = _one("The raid on 4 March 2019 killed nine.", "4 March 2019", None)
    assert (ref.date, ref.precision) == (D(2019, 3, 4), "day")


def test_year_rollover() -> None:
    # why: "December 30" in an article of 3 January is last year's
    ref = _one("Strikes on December 30 killed five.", "December 30", D(2018, 1, 3))
    assert ref.date == D(2017, 12, 30)


def test_ambiguous_numeric_date_is_a_hint() -> None:
    # why: 12/11/2017 could be 12 November or 11 December
    ref = _one("The decree of 12/11/2017 was cited.", "12/11/2017", PUB)
    assert (ref.date, ref.hint) == (None, "numeric:12/11/2017")


# sentences with numbers that are not dates
NO_DATES = [
    # why: "killing 20" is not the 20th
    "Shelling killing 20 civilians was reported.",
    # why: a newspaper name, not a weekday
    "The Sunday Times reported 14 dead.",
    # why: "may" the verb, and no month
    "Nearly 40 people may have died.",
    # why: a distance
    "A 34-mile zone surrounds the base.",
    # why: places named after a day ("April 7 Camp", "July 7 road") are names, not dates
    "The strike hit a depot not far from April 7 Camp in the capital.",
    "Shells hit two cars on July 7 road, killing three.",
    "Protesters gathered on 26 September Street.",
]


@pytest.mark.parametrize("sentence", NO_DATES)
def test_no_dates(sentence: str) -> None:
    assert find_dates(sentence, published=PUB) == []


# (header text, parsed date)
PUBLISHED = [
    # why: ordinal and comma
    ("November 12th, 2017", D(2017, 11, 12)),
    # why: day first
    ("12 November 2017", D(2017, 11, 12)),
    # why: ISO
    ("2017-11-12", D(2017, 11, 12)),
    # why: time after the date is ignored
    ("Nov 12, 2017 10:32 GMT", D(2017, 11, 12)),
    # why: weekday prefix
    ("Sunday, 12 November 2017", D(2017, 11, 12)),
    # why: ISO datetime from HTML metadata
    ("2018-06-09T14:00:00Z", D(2018, 6, 9)),
    # why: upper-case headers
    ("NOVEMBER 12, 2017", D(2017, 11, 12)),
    # why: other languages through dateparser
    ("12 novembre 2017", D(2017, 11, 12)),
    # why: relative to now: never today's date
    ("Posted 3 hours ago", None),
    # why: ambiguous day/month order
    ("12/11/2017", None),
    # why: no date at all
    ("Fort Russ News", None),
]


@pytest.mark.parametrize(("text", "expected"), PUBLISHED)
def test_parse_published(text: str, expected: dt.date | None) -> None:
    assert parse_published(text) == expected


def test_datetime_published_is_accepted() -> None:
    # why: callers may pass a datetime; results are plain dates
    (ref,) = find_dates("It happened yesterday.", published=dt.datetime(2017, 11, 12, 9, 30))
    assert ref.date == D(2017, 11, 11)
    assert type(ref.date) is dt.date


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="0123456789 ,.-/:adehilnorstuwyMNTFSW", max_size=60),
    st.one_of(st.none(), st.dates(min_value=D(1990, 1, 1), max_value=D(2030, 12, 31))),
)
def test_spans_are_consistent(text: str, published: dt.date | None) -> None:
    # why: offsets always quote the text; periods never run backwards
    for ref in find_dates(text, published=published):
        assert text[ref.start : ref.end] == ref.text
        if ref.date is not None and ref.date_end is not None:
            assert ref.date <= ref.date_end
        if published is None:
            assert ref.hint is not None or ref.date is not None


def test_dates_comes_a_day_after_points_back() -> None:
    # why: "the raid comes a day after helicopters killed 30" tells of the day before
    text = "The raid comes just a day after helicopters killed 30."
    (ref,) = [r for r in find_dates(text, published=None) if r.hint]
    assert ref.hint == "relative:day-before"
