"""Place references: which name in a sentence is the place of the incident."""

from __future__ import annotations

import pytest

from civharm.extract.places import find_places
from civharm.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


def roles(sentence: str, gazetteer: Gazetteer) -> list[tuple[str, str]]:
    return [(ref.surface, ref.role) for ref in find_places(sentence, gazetteer)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a village and the town it lies near
        (
            "Shells hit the village of al-Buqa'an on the outskirts of Hajin.",
            [("al-Buqa'an", "incident"), ("Hajin", "landmark")],
        ),
        # a town and its province
        (
            "The strike hit Markada in Hasaka province.",
            [("Markada", "incident"), ("Hasaka", "admin")],
        ),
        (
            "Jets struck al-Baghouz town in Deir Ezzor countryside.",
            [("al-Baghouz", "incident"), ("Deir Ezzor", "admin")],
        ),
        # where people came from, and where the wounded were taken
        (
            "A family that had moved to Hasaka from Mosul was killed in Raqqa.",
            [("Hasaka", "origin"), ("Mosul", "origin"), ("Raqqa", "incident")],
        ),
        ("The wounded were taken to hospital in Kirkuk.", [("Kirkuk", "other")]),
        # a capital standing for its government
        ("The Damascus government condemned the raid.", [("Damascus", "other")]),
        # a name the gazetteer lacks, caught by its cue word
        ("Jets struck the village of Umm Tarfa at dawn.", [("Umm Tarfa", "incident")]),
        # where the official who speaks is
        (
            "According to a local official in the town of Chamchamal, three people died.",
            [("Chamchamal", "other")],
        ),
    ],
)
def test_places_roles(sentence: str, expected: list[tuple[str, str]], gazetteer: Gazetteer) -> None:
    assert roles(sentence, gazetteer) == expected


def test_places_offsets_quote_the_sentence(gazetteer: Gazetteer) -> None:
    sentence = "Jets struck the town of Hajin in Deir ez-Zor province."
    for ref in find_places(sentence, gazetteer):
        assert sentence[ref.start : ref.end].startswith(ref.surface[:3])


@pytest.mark.parametrize(
    "sentence",
    [
        "Heavy mortar shelling could be heard in some parts of the Capital city today.",
        "Shells landed in the Old Town district overnight.",
    ],
)
def test_a_capitalised_common_noun_before_a_place_word_is_no_place(
    sentence: str, gazetteer: Gazetteer
) -> None:
    # why: "the Capital city" matched the "X city" cue and became a place named "Capital"
    assert [p.surface for p in find_places(sentence, gazetteer)] == []


def test_a_month_short_form_is_no_place_even_read_loosely(gazetteer: Gazetteer) -> None:
    # where the gazetteer holds only towns, "on X" is read as a place: not "on Oct."
    found = find_places("The war widened on Oct. 1, the ministry said.", gazetteer, loose=True)
    assert [ref.surface for ref in found] == []
