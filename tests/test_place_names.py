"""Name keys (`civharm.place_names`): letters that Unicode does not decompose."""

import pytest

from civharm.place_names import name_key


@pytest.mark.parametrize(
    ("written", "plain"),
    [("Adıyaman", "Adiyaman"), ("Şəki", "Seki"), ("Łódź", "Lodz"), ("Nørrebro", "Norrebro")],
)
def test_letters_without_a_decomposition_keep_their_base_letter(written: str, plain: str) -> None:
    # NFKD leaves "ı", "ə", "ł" and "ø" whole; dropping them made "Adıyaman" key like "Yemen"
    assert name_key(written) == name_key(plain)


def test_a_turkish_town_no_longer_keys_like_a_country() -> None:
    assert name_key("Adıyaman") != name_key("Yemen")
