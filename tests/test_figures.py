"""Casualty figures: what each count in a sentence is a count of."""

from __future__ import annotations

import pytest

from civharm.extract.figures import analyse
from civharm.extract.harm import Figures
from civharm.extract.lexicon import lexicon
from civharm.model import Range


def figures(sentence: str, **kwargs: bool) -> Figures:
    return analyse(sentence, lexicon(), **kwargs)


@pytest.mark.parametrize(
    ("sentence", "killed", "injured", "casualties"),
    [
        # a count before its verb
        ("Eleven people were killed in the shelling.", [Range(11, 11)], [], []),
        # a harm verb before its count
        ("The raid killed 7 and wounded 19 others.", [Range(7, 7)], [Range(19, 19)], []),
        # killed and injured together are casualties
        ("More than 40 civilians were killed and injured.", [], [], [Range(41, None)]),
        ("The attack left 25 casualties.", [], [], [Range(25, 25)]),
        # martyred means killed
        ("Nine civilians were martyred in the bombing.", [Range(9, 9)], [], []),
        # the death toll
        ("The death toll rose to 31 on Sunday.", [Range(31, 31)], [], []),
        # two figures from two sources in one sentence
        (
            "Officials said 12 died while activists said 20 were killed.",
            [Range(12, 12), Range(20, 20)],
            [],
            [],
        ),
        # bounds and ranges come from the quantity reader
        ("Between 8 and 15 people were killed.", [Range(8, 15)], [], []),
        ("Up to 30 people were wounded.", [], [Range(None, 30)], []),
        # people listed one by one
        ("Gunmen shot dead a teacher and her two sons.", [Range(3, 3)], [], []),
    ],
)
def test_figures_harm_of_each_count(
    sentence: str, killed: list[Range], injured: list[Range], casualties: list[Range]
) -> None:
    found = figures(sentence)
    assert (found.killed, found.injured, found.casualties) == (killed, injured, casualties)


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry sent two letters to the council.",  # counted things, not people
        "Three witnesses said the strike hit at dawn and that the wounded were taken away.",  # speakers
        "Thousands of families were displaced by the fighting.",  # no harm word for the count
        "The camp housed hundreds of civilians who fled the shelling.",  # no harm at all
        "It was the second time this year that the town was shelled and people died.",  # ordinal
    ],
)
def test_figures_counts_that_are_not_casualties(sentence: str) -> None:
    found = figures(sentence)
    assert not found.numeric, found


def test_figures_subcounts_of_children_and_women() -> None:
    found = figures("Fourteen civilians, including six children and two women, were killed.")
    assert found.killed == [Range(14, 14)]
    assert (found.children_killed, found.women_killed) == (6, 2)


def test_figures_subcount_takes_the_harm_of_its_head_count() -> None:
    # "including six children" belongs to the killed even though "injuring" comes next.
    found = figures(
        "The strike killed 14 civilians, including six children, and injured nine others."
    )
    assert found.children_killed == 6
    assert found.injured == [Range(9, 9)]


def test_figures_groups_without_a_total_are_a_lower_bound() -> None:
    found = figures("Nine children and eight women were among the dead.")
    assert found.killed == []
    assert (found.children_killed, found.women_killed, found.killed_groups) == (9, 8, 17)


def test_figures_vague_counts_have_no_number_unless_asked() -> None:
    assert figures("Dozens of civilians were killed.").vague == ["killed:dozens"]
    assert figures("Dozens of civilians were killed.").killed == []
    mapped = figures("Dozens of civilians were killed.", vague_numbers=True)
    assert mapped.killed == [Range(12, None)]


def test_figures_victim_kinds() -> None:
    assert figures("Twelve soldiers were killed.").victims == {"military"}
    assert figures("Twelve civilians were killed.").victims == {"civilians"}
    assert figures("Twelve people were killed.").victims == {"unknown"}


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ([Range(30, 30), Range(54, 54)], Range(30, 54)),  # two sources, two figures
        ([Range(6, None), Range(10, 10)], Range(6, 10)),  # "at least six", later "ten"
        ([Range(25, 25), Range(26, None)], Range(25, None)),  # "25" and "more than 25"
        ([Range(141, None), Range(101, None)], Range(101, None)),  # two open claims
        ([Range(43, None), Range(43, 43)], Range(43, None)),  # "at least 43" and "43"
        ([Range(10, None)], Range(10, None)),
        ([], Range()),
    ],
)
def test_claims_about_one_count_make_one_range(claims: list[Range], expected: Range) -> None:
    assert Range.across(claims) == expected
