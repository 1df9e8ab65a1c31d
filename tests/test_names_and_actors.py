"""Names that are not places (outlets, people), and who is alleged to have attacked."""

from __future__ import annotations

import pytest

from civharm.extract import actors
from civharm.extract.lexicon import Lexicon, lexicon, load_rules
from civharm.extract.names import not_places, speaks, unlikely_name


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return lexicon()


def masked(text: str, lex: Lexicon) -> list[str]:
    return [text[start:end] for start, end in not_places(text, lex)]


def is_masked(text: str, word: str, lex: Lexicon, *, last: bool = False) -> bool:
    """Whether any masked span overlaps `word` (its first occurrence, or its last)."""
    start = text.rindex(word) if last else text.index(word)
    end = start + len(word)
    return any(s < end and start < e for s, e in not_places(text, lex))


# --------------------------------------------------------------------------------------
# names.not_places
# --------------------------------------------------------------------------------------


def test_names_rule_lists_hold_the_names_used_here() -> None:
    # why: the cases below rely on these entries; a renamed list must not pass silently.
    assert {"Homs 24", "Idlib Post", "Saba"} <= set(load_rules("outlets.toml")["names"])
    assert {"Karim", "Rima", "Ahmed", "Kamal"} <= set(load_rules("names.toml")["given"])


@pytest.mark.parametrize(
    ("text", "outlet", "place"),
    [
        # a network named after the city it reports on
        ("Homs 24 reported that shells hit Homs at dawn.", "Homs 24", "Homs"),
        # a news site named after its province
        ("Idlib Post said rockets fell on Idlib overnight.", "Idlib Post", "Idlib"),
        # a news agency whose name is also a village
        ("Saba said jets struck Saada on Tuesday.", "Saba", "Saada"),
    ],
)
def test_names_not_places_masks_outlets(text: str, outlet: str, place: str, lex: Lexicon) -> None:
    assert masked(text, lex) == [outlet]
    # the place the outlet reports on, named again later, stays a place
    assert not is_masked(text, place, lex, last=True)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # a given name and a family name before "said"
        ("Karim Salih said the shells hit the market at dawn.", "Karim Salih"),
        # a title before the name
        ("Colonel Ahmed Rashid said the strike hit an army post.", "Ahmed Rashid"),
        # a child's age before her name
        ("A shell killed nine-year-old Rima in her home.", "Rima"),
        # the age in digits
        ("The blast wounded 7-year-old Rima as she walked to school.", "Rima"),
    ],
)
def test_names_not_places_masks_people(text: str, person: str, lex: Lexicon) -> None:
    assert is_masked(text, person, lex)


def test_names_not_places_masks_the_whole_person_and_nothing_else(lex: Lexicon) -> None:
    # why: "Salih" alone is a village too; the whole name goes, the place stays.
    text = "Karim Salih said the shells hit Hajin at dawn."
    assert masked(text, lex) == ["Karim Salih"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a place whose name starts with a given name after "Abu"
        ("Jets struck Abu Kamal at dawn.", "Abu Kamal"),
        # a capital that is an actor's name, but may still be where harm happened
        ("Kyiv said rockets struck a school.", "Kyiv"),
        # a village named as the target, no person in sight
        ("The shell hit Rima, a village in the hills.", "Rima"),
    ],
)
def test_names_not_places_leaves_places_alone(text: str, place: str, lex: Lexicon) -> None:
    assert not is_masked(text, place, lex)


def test_names_not_places_masks_actor_names(lex: Lexicon) -> None:
    # why: "Russian" is an attacker's nationality, never the place of the incident.
    assert "Russian" in masked("Russian jets struck the town.", lex)


@pytest.mark.parametrize(
    "text",
    [
        "A shell killed a nine-year-old girl in Hajin on Friday.",  # no name after the age
        "A shell killed nine-year-old Rima in Hajin on Friday.",  # a name, then the place
    ],
)
def test_names_not_places_age_masks_only_the_name(text: str, lex: Lexicon) -> None:
    assert not is_masked(text, "Hajin", lex)


# --------------------------------------------------------------------------------------
# names.speaks
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "speaker"),
    [
        ("Salih said the shell landed nearby.", "Salih", True),  # a speaker
        ("Umm Ahmad, a 40-year-old mother, lost two sons.", "Umm Ahmad", True),  # age apposition
        ("Rima told reporters she hid in the cellar.", "Rima", True),  # "told" as well as "said"
        # "residents of Hajin said": the place of the speakers, not a speaker
        ("Residents of Hajin said the market was hit.", "Hajin", False),
        # a place named as the target
        ("Jets struck Hajin on Monday.", "Hajin", False),
        # an apposition that is no age
        ("Mosul, a city of a million, was shelled.", "Mosul", False),
    ],
)
def test_names_speaks(text: str, name: str, speaker: bool) -> None:
    start = text.index(name)
    assert speaks(text, start, start + len(name)) is speaker


# --------------------------------------------------------------------------------------
# actors.perpetrator and suspected
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "-led" warplanes name the coalition
        ("US-led warplanes struck the town, killing six civilians.", "US-led coalition"),
        # the bomb's maker is not the attacker
        (
            "An American-made bomb dropped by Saudi-led coalition jets killed 12 people.",
            "Saudi-led coalition",
        ),
        # the group holding the district is not the attacker either
        ("The district held by the Islamic State group was hit by Iraqi jets.", "Iraqi government"),
        # a nationality before "jets"
        ("Russian jets struck the market in the afternoon.", "Russia"),
        # the target of a strike is not the attacker
        ("Civilians died in a strike on Islamic State positions.", None),
        # nobody named
        ("A blast tore through the market on Friday.", None),
    ],
)
def test_actors_perpetrator(text: str, expected: str | None, lex: Lexicon) -> None:
    assert actors.perpetrator(text, lex) == expected


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        # either/or by nationality words
        (
            "The strike was carried out by either Russian or Syrian jets, monitors said.",
            ("Russia", "Syrian government"),
        ),
        # at the start of the sentence, before "warplanes"
        ("Either Russian or Syrian warplanes bombed the market.", ("Russia", "Syrian government")),
    ],
)
def test_actors_either_or_is_unknown_with_suspects(
    text: str, parties: tuple[str, ...], lex: Lexicon
) -> None:
    assert actors.perpetrator(text, lex) == "unknown"
    assert actors.suspected(text, lex) == parties


@pytest.mark.parametrize(
    "text",
    [
        "Russian jets struck the market in the afternoon.",  # one attacker
        "Russian jets backed Syrian army troops in the assault.",  # two actors, no "or"
        "A blast tore through the market on Friday.",  # none
    ],
)
def test_actors_suspected_is_empty_without_an_alternative(text: str, lex: Lexicon) -> None:
    assert actors.suspected(text, lex) == ()


# --------------------------------------------------------------------------------------
# actors.accused and unclaimed
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the group says it did it
        ("Al-Shabaab claimed responsibility for the bombing.", "al-Shabaab"),
        # "claimed the attack" without "responsibility"
        ("The Islamic State group has claimed the attack in a statement.", "ISIS"),
        # someone blames an actor
        ("Residents accused Houthi fighters of firing the shells.", "Houthis"),
        # "blamed", with the actor as a nationality before "drones"
        ("Local officials blamed Turkish drones for the deaths.", "Turkey"),
        # no accusation at all
        ("Officials said the shelling went on all night.", None),
    ],
)
def test_actors_accused(text: str, expected: str | None, lex: Lexicon) -> None:
    assert actors.accused(text, lex) == expected


def test_actors_accused_ignores_who_holds_the_place(lex: Lexicon) -> None:
    assert (
        actors.accused("The town, held by the Islamic State group, was shelled again.", lex) is None
    )


@pytest.mark.parametrize(
    ("text", "unclaimed"),
    [
        ("No one immediately claimed responsibility for the blast.", True),  # the usual wording
        ("No group has yet claimed the attack.", True),  # "group", "yet"
        ("It was unclear who fired the rocket.", True),  # the attacker is unknown
        ("The bombing remains unclaimed.", True),  # one word
        # a claim is the opposite
        ("Al-Shabaab claimed responsibility for the bombing.", False),
        # "no one" about the victims, not the attacker
        ("Residents said no one was hurt.", False),
    ],
)
def test_actors_unclaimed(text: str, unclaimed: bool) -> None:
    assert actors.unclaimed(text) is unclaimed


def test_actors_unclaimed_not_clear_who() -> None:
    assert actors.unclaimed("It was not clear who fired the rocket.")


# --------------------------------------------------------------------------------------
# actors.article_actor
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("named", "title", "expected"),
    [
        # named in most sentences, twice at least
        (["Russia", "Russia", "Syrian government"], None, "Russia"),
        # a tie blames nobody
        (["Russia", "Russia", "Syrian government", "Syrian government"], None, None),
        # once is not "throughout"
        (["Russia"], None, None),
        # "government" and "unknown" say nobody in particular
        (["government", "government"], None, None),
        # nor does "unknown", however often
        (["unknown", "unknown", "unknown"], None, None),
        # the headline's agent wins over the body's count
        (
            ["Syrian government", "Syrian government"],
            "Russian warplanes strike market in Idlib",
            "Russia",
        ),
        # a headline that names an actor, but not as the attacker, leaves it to the count
        (
            ["Syrian government", "Syrian government"],
            "Russia says it struck militants",
            "Syrian government",
        ),
        # a headline with no actor
        (["Turkey", "Turkey"], "Market strike kills 20", "Turkey"),
    ],
)
def test_actors_article_actor(
    named: list[str], title: str | None, expected: str | None, lex: Lexicon
) -> None:
    assert actors.article_actor(named, title, lex) == expected


@pytest.mark.parametrize(
    ("name", "text", "unlikely"),
    [
        ("MARER", "BULO MARER, Somalia - four civilians were shot dead.", True),  # a dateline cut
        ("U.S", "U.S. airstrike killed six civilians.", True),  # an acronym
        ("Capital", "Mortars hit the Capital city; the capital was quiet by noon.", True),
        ("Police", "Police officer Major Ali Nur said the police found two bodies.", True),
        ("Khiam", "A drone struck a car in Khiam, killing one person.", False),
        ("Wadi Jilo", "The strike hit Wadi Jilo; the wadi jilo road was closed.", False),
    ],
)
def test_names_kept_as_written_must_read_as_place_names(
    name: str, text: str, unlikely: bool
) -> None:
    assert unlikely_name(name, text) is unlikely
