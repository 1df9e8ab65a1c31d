"""An attribution the accused disputes (`civharm.extract.disputes`)."""

from __future__ import annotations

from civharm.extract.disputes import disputed
from civharm.extract.lexicon import lexicon


def _disputed(texts: list[str], blamed: str) -> tuple[str, ...]:
    return disputed(texts, blamed, lexicon(), lambda label: label)


def test_the_accused_denies_and_names_another() -> None:
    texts = [
        "The coalition did not carry out any operation in the port city that day, its spokesman said.",
        "The Houthi militia are behind this crime, he added.",
    ]
    assert _disputed(texts, "US-led coalition") == ("US-led coalition", "Houthis")


def test_the_accused_blames_someone_it_does_not_name() -> None:
    texts = [
        "The LNA said in a statement it had nothing to do with the shelling, blaming a rival group instead."
    ]
    assert _disputed(texts, "LNA") == ("LNA",)


def test_the_accused_says_another_party_s_weapon_did_it() -> None:
    texts = [
        "Israel said a misfired rocket launched by Islamic Jihad militants had been responsible for the deaths."
    ]
    assert _disputed(texts, "Israel") == ("Israel", "Palestinian militants")


def test_a_denial_that_blames_nobody_settles_nothing() -> None:
    assert _disputed(["Russia denied any involvement in the strike."], "Russia") == ()


def test_a_writer_s_opinion_is_not_the_accused_speaking() -> None:
    texts = [
        "Recent coalition bombings have shown that these strikes have nothing to do with fighting ISIS.",
        "Survivors instead blamed the militias that guide them.",
    ]
    assert _disputed(texts, "US-led coalition") == ()
