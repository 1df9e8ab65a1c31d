"""Retellings within one article: the headline, the lead and a later paragraph that tell one
event become one mention; separate events stay apart."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from civharm.extract.retellings import join_retellings, same_event
from civharm.gazetteer import Gazetteer
from civharm.model import Article, Mention, Place, Range, Span
from civharm.stages.extract import extract_article

DAY = dt.date(2019, 3, 2)

HAJIN = Place("Hajin", "Hajīn", 11, "Deir ez-Zor", "SY", 34.69, 40.83, "town")
SUSAH = Place("Susah", "As Susah", 12, "Deir ez-Zor", "SY", 34.62, 40.93, "town")
HAWIJA = Place("Hawija", "Al Hawijah", 21, "Kirkuk", "IQ", 35.32, 43.77, "town")
DEIR_PROVINCE = Place(
    "Deir ez-Zor province", "Deir ez-Zor", 10, "Deir ez-Zor", "SY", 35.0, 40.5, "admin1"
)
# A place the gazetteer lacks, placed at the province the sentence names.
UMM_TARFA = Place("Umm Tarfa", None, 10, "Deir ez-Zor", "SY", 35.0, 40.5, "admin1")
KIRKUK_PROVINCE = Place("Kirkuk province", "Kirkuk", 20, "Kirkuk", "IQ", 35.4, 44.3, "admin1")
TRIPOLI = Place("Tripoli", "Tripoli", 30, "Tripoli", "LY", 32.89, 13.18, "town")
ABU_SALIM = Place("Abu Salim", "Abu Salim", 31, "Tripoli", "LY", 32.86, 13.17, "town")
CITIES = {30}


def is_city(place_id: int) -> bool:
    return place_id in CITIES


def mention(
    ordinal: int,
    place: Place = HAJIN,
    *,
    killed: tuple[int | None, int | None] = (None, None),
    injured: tuple[int | None, int | None] = (None, None),
    **fields: Any,
) -> Mention:
    """A mention told at characters [100 * ordinal, 100 * ordinal + 60), on DAY unless told."""
    fields.setdefault("date", DAY)
    fields.setdefault("date_end", fields["date"])
    fields.setdefault("date_precision", "day" if fields["date"] else "unknown")
    return Mention(
        ordinal,
        (Span(100 * ordinal, 100 * ordinal + 60),),
        place=place,
        killed=Range(*killed),
        injured=Range(*injured),
        **fields,
    )


def join(
    *mentions: Mention, separate: list[bool] | None = None, borrowed: list[bool] | None = None
) -> list[Mention]:
    n = len(mentions)
    return join_retellings(
        list(mentions), separate or [False] * n, borrowed or [False] * n, is_city=is_city
    )


def test_retellings_same_place_and_date_join_with_ranges_and_spans() -> None:
    # why: the lead says 12 were killed, a later paragraph quotes a medic saying 15.
    lead = mention(0, killed=(12, 12), injured=(5, None), targets=("market",))
    later = mention(3, killed=(15, 15), weapons=("rockets",), claimants=("medics",))
    (joined,) = join(lead, later)
    assert joined.killed == Range(12, 15)
    assert joined.injured == Range(5, None)
    assert joined.evidence == (Span(0, 60), Span(300, 360))
    assert (joined.ordinal, joined.place, joined.date) == (0, HAJIN, DAY)
    assert (joined.targets, joined.weapons, joined.claimants) == (
        ("market",),
        ("rockets",),
        ("medics",),
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # one dated, one undated: the undated retelling says nothing against the date
        ({"date": DAY}, {"date": None}),
        # a two-day span holding the day
        ({"date": DAY, "date_end": DAY + dt.timedelta(days=1)}, {"date": DAY}),
        # two undated tellings with the same weekday
        (
            {"date": None, "date_hint": "weekday:Saturday"},
            {"date": None, "date_hint": "weekday:Saturday"},
        ),
    ],
)
def test_retellings_compatible_dates_join(first: dict[str, Any], second: dict[str, Any]) -> None:
    joined = join(mention(0, **first), mention(1, **second))
    assert len(joined) == 1
    # why: the joined mention keeps the date of the telling that gives one.
    assert joined[0].date == first["date"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # two different days
        ({"date": DAY}, {"date": DAY + dt.timedelta(days=3)}),
        # a span that ends two days before (a day apart is one telling's slack)
        (
            {"date": DAY - dt.timedelta(days=3), "date_end": DAY - dt.timedelta(days=2)},
            {"date": DAY},
        ),
        # two different weekdays of an undated report
        (
            {"date": None, "date_hint": "weekday:Friday"},
            {"date": None, "date_hint": "weekday:Saturday"},
        ),
    ],
)
def test_retellings_conflicting_dates_stay_apart(
    first: dict[str, Any], second: dict[str, Any]
) -> None:
    assert len(join(mention(0, **first), mention(1, **second))) == 2


def test_retellings_a_day_apart_is_one_telling() -> None:
    # why: "late on Saturday" in one paragraph is often "on Sunday" in the next.
    (joined,) = join(mention(0, date=DAY), mention(1, date=DAY + dt.timedelta(days=1)))
    assert len(joined.evidence) == 2


@pytest.mark.parametrize(
    "other",
    [
        SUSAH,  # a neighbouring town of the same province
        HAWIJA,  # a town in another country
    ],
)
def test_retellings_different_places_stay_apart(other: Place) -> None:
    joined = join(mention(0, killed=(4, 4)), mention(1, other, killed=(4, 4)))
    assert [m.place for m in joined] == [HAJIN, other]
    assert [m.ordinal for m in joined] == [0, 1]


def test_retellings_same_name_written_differently_joins() -> None:
    # why: "Hajin" and "al-Hajin" are one name under the gazetteer's key.
    spelled = Place("al-Hajin")  # as written, not found in the gazetteer
    (joined,) = join(mention(0), mention(1, spelled))
    assert joined.place == HAJIN


def test_retellings_separate_keeps_a_mention_apart() -> None:
    # why: "In a separate attack, ..." opens another event even at the same place and day.
    first, second = mention(0, killed=(3, 3)), mention(1, killed=(3, 3))
    assert len(join(first, second)) == 1
    apart = join(first, second, separate=[False, True])
    assert [m.killed for m in apart] == [Range(3, 3), Range(3, 3)]
    assert [m.ordinal for m in apart] == [0, 1]


@pytest.mark.parametrize(
    ("coarse", "fine"),
    [
        # "in Deir ez-Zor province" and "in Hajin", a town in it
        (DEIR_PROVINCE, HAJIN),
        # the province and a village in it the gazetteer lacks
        (DEIR_PROVINCE, UMM_TARFA),
    ],
)
@pytest.mark.parametrize("province_first", [True, False])  # either may be told first
def test_retellings_province_and_place_in_it_join_when_figures_overlap(
    coarse: Place, fine: Place, province_first: bool
) -> None:
    broad = mention(0, coarse, killed=(7, None))  # "at least seven"
    narrow = mention(1, fine, killed=(7, 7))  # "seven"
    pair = (broad, narrow) if province_first else (narrow, broad)
    (joined,) = join(*pair)
    # why: the finer place says better where; the figures are one claim.
    assert joined.place == fine
    assert joined.killed == Range(7, None)
    assert len(joined.evidence) == 2


@pytest.mark.parametrize(
    ("coarse", "fine", "killed"),
    [
        # the province and a town in it, tolls that cannot be one claim
        (DEIR_PROVINCE, HAJIN, ((30, 30), (7, 7))),
        # a province that does not hold the town
        (KIRKUK_PROVINCE, HAJIN, ((7, 7), (7, 7))),
    ],
)
def test_retellings_province_and_town_stay_apart_otherwise(
    coarse: Place, fine: Place, killed: tuple[tuple[int, int], tuple[int, int]]
) -> None:
    assert len(join(mention(0, coarse, killed=killed[0]), mention(1, fine, killed=killed[1]))) == 2


def test_retellings_city_and_its_quarter_join() -> None:
    # why: "Tripoli" and "Abu Salim", a quarter of it, tell one strike when the tolls agree.
    (joined,) = join(mention(0, TRIPOLI, killed=(5, 5)), mention(1, ABU_SALIM, killed=(5, 5)))
    assert joined.place == TRIPOLI
    assert len(joined.evidence) == 2


@pytest.mark.parametrize(
    ("city", "quarter", "cities"),
    [
        # Tripoli not known as a city: Abu Salim is just another place
        (TRIPOLI, ABU_SALIM, set()),
        # a "quarter" 40 km from the city centre is a town of its own
        (TRIPOLI, Place("Qasr", "Qasr", 32, "Tripoli", "LY", 32.6, 13.1, "town"), {30}),
    ],
)
def test_retellings_city_and_a_place_not_its_quarter_stay_apart(
    city: Place, quarter: Place, cities: set[int]
) -> None:
    a, b = mention(0, city, killed=(5, 5)), mention(1, quarter, killed=(5, 5))
    assert not same_event(a, b, lambda pid: pid in cities)
    assert not same_event(b, a, lambda pid: pid in cities)


@pytest.mark.parametrize("own_first", [True, False])  # the order of telling does not matter
def test_retellings_borrowed_place_joins_the_mention_with_its_own(own_first: bool) -> None:
    # why: "Nine people were killed" with the dateline's place, and "the strike on Hajin
    # killed nine": the event is at Hajin.
    dateline = mention(0, HAWIJA, killed=(9, 9))
    own = mention(1, HAJIN, killed=(9, 9))
    pair, borrowed = (
        ((own, dateline), [False, True]) if own_first else ((dateline, own), [True, False])
    )
    (joined,) = join(*pair, borrowed=borrowed)
    assert joined.place == HAJIN
    assert joined.ordinal == 0
    assert sorted(joined.evidence, key=lambda s: s.start) == [Span(0, 60), Span(100, 160)]


def test_retellings_borrowed_place_with_other_figures_stays_apart() -> None:
    # why: a borrowed place says nothing; tolls that cannot be one claim keep them apart.
    own = mention(0, HAJIN, killed=(9, 9))
    dateline = mention(1, HAWIJA, killed=(30, 30))
    assert len(join(own, dateline, borrowed=[False, True])) == 2


@pytest.mark.parametrize(
    ("a", "b", "joins"),
    [
        ("Russia", "Syrian government", False),  # two attackers named: two events
        ("Russia", "Russia", True),  # the same one
        ("Russia", None, True),  # one telling names nobody
        ("Russia", "unknown", True),  # "unknown" names nobody either
    ],
)
def test_retellings_two_perpetrators_stay_apart(a: str, b: str | None, joins: bool) -> None:
    joined = join(mention(0, perpetrator=a), mention(1, perpetrator=b))
    assert len(joined) == (1 if joins else 2)
    if joins:
        assert joined[0].perpetrator == a


@pytest.mark.parametrize(
    ("a", "b", "joins"),
    [
        ("airstrike", "shelling", False),  # an air raid and shelling are two attacks
        ("airstrike", "attack", True),  # "attack" is any kind
        ("airstrike", None, True),  # a retelling that names no kind
    ],
)
def test_retellings_kinds_of_attack(a: str, b: str | None, joins: bool) -> None:
    joined = join(mention(0, event_type=a), mention(1, event_type=b))
    assert len(joined) == (1 if joins else 2)


def test_retellings_own_figures_and_only_one_date_stay_apart() -> None:
    # why: "On Thursday, four more were hurt" after an undated telling of nine killed is
    # another event, though at the same place.
    undated = mention(0, date=None, killed=(9, 9))
    dated = mention(1, injured=(4, 4), killed=(2, 2))
    assert len(join(undated, dated)) == 2


def test_a_page_that_repeats_a_paragraph_tells_it_once() -> None:
    # why: saved pages often carry a block twice; the copy must add no evidence or mention
    lead = "Shelling killed four civilians in Kafr Nabl on Tuesday, rescuers said."
    other = "A separate air raid on Maarat al-Numan killed two people on Tuesday, medics said."
    text = f"{lead}\n{other}\n{lead}"
    article = Article(
        ordinal=0,
        span=Span(0, len(text)),
        body=Span(0, len(text)),
        text=text,
        published=dt.date(2019, 5, 8),
    )
    mentions = extract_article(text, article, Gazetteer.open()).mentions
    assert [len(m.evidence) for m in mentions] == [1, 1]


@pytest.mark.parametrize(
    ("first", "second", "one"),
    [
        ("weekday:Wednesday", "relative:overnight", True),  # a night may follow the day
        ("weekday:Tuesday", "weekday:Friday", False),  # two days of the week are two days
        ("month-day:03-08", "month-day:03-02", False),
    ],
)
def test_unresolved_date_hints_join_unless_they_cannot_be_one_day(
    first: str, second: str, one: bool
) -> None:
    # why: without a publication date, "on Wednesday" and "overnight" cannot be resolved,
    # but they can be the same event; two weekdays cannot
    a = mention(0, killed=(21, None), date=None, date_hint=first)
    b = mention(1, killed=(5, 5), date=None, date_hint=second)
    assert same_event(a, b, lambda _: False) is one


NOWHERE = Place(country="SY")  # a telling that names no place at all


def test_retellings_placeless_telling_with_the_same_toll_joins() -> None:
    # why: "militants killed 25 after a 12-hour siege", with no place, tells the event the
    # article places elsewhere when its count fits
    (one,) = join(mention(0, killed=(25, 25)), mention(1, NOWHERE, killed=(25, 25)))
    assert one.place == HAJIN
    assert one.killed == Range(25, 25)


@pytest.mark.parametrize(
    ("placed", "placeless"),
    [
        ((1, 1), (1, 1)),  # one person each: too common to say it is the same event
        ((25, 25), (4, 4)),  # counts that do not fit
    ],
)
def test_retellings_placeless_telling_stays_apart_otherwise(
    placed: tuple[int, int], placeless: tuple[int, int]
) -> None:
    assert len(join(mention(0, killed=placed), mention(1, NOWHERE, killed=placeless))) == 2
