"""Name keys: the folding that decides whether two spellings of a place name are the same.

Kept apart from the gazetteer because both sides use it (the index build in
``scripts/build_gazetteer.py`` and every lookup), and the build loads this file on its
own, without the rest of the package: it imports only the standard library.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["is_latin", "name_key"]

# Marks for ayn, hamza and apostrophes. Transliterations write them in a dozen ways or
# leave them out, so they carry no signal for matching: dropped.
_MARKS = re.compile("['’‘`´ʿʾʻʼ′ʹ\u02c8\u02bb\u02bc]")
# Everything that is not a letter separates words: hyphens, spaces, dots, slashes,
# brackets, commas. Digits are dropped as well (no place name here needs them).
_NON_LETTERS = re.compile(r"[^a-z]+")

# The Arabic definite article as its own word (after hyphens became spaces):
# "al-Baghouz", "Deir ez-Zor", "Tall as Susah", "Ash Sha`fah", "El Mimass", "ul"/"il"
# (Persian/Urdu izafe-like joins are not included on purpose).
_ARTICLES = frozenset(
    {
        "al", "el", "il", "ul",
        "as", "es", "ash", "esh",
        "ad", "ed", "adh", "edh",
        "ar", "er",
        "at", "et", "ath", "eth",
        "az", "ez",
        "an", "en",
    }
)  # fmt: skip

# The article glued to a word. "Ezzor", "Azzawr", "Arraqqa", "Assawt": the sun-letter
# assimilation doubles the first consonant, which is what makes it recognisable.
_GLUED_SUN_ARTICLE = re.compile(r"^[ae](tt|dd|rr|zz|ss|nn|ll|shsh|thth|dhdh)(?=[a-z]{2})")
# "Alhasakah", "Elbab": article + consonant glued on, only for long enough words so that
# short real words ("Alma", "Alta") survive.
_GLUED_AL = re.compile(r"^[ae]l(?=[bcdfghjklmnpqrstvwxz][a-z]{3})")

# "Abu Kamal" / "Albu Kamal" / "Al Bukamal": Abu ("father of") and Albu/Al Bu ("family
# of") alternate in the same names, so all three become "bu".
_BU_WORDS = {"abu": "bu", "abou": "bu", "albu": "bu", "albou": "bu", "elbu": "bu"}

_VOWELS = "aeiou"

# Letter folds, applied in this order to one word (already ASCII and lower case):
_WORD_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # French-style spellings: "Djebel" → jebel, "Cheikh" → sheikh.
        (r"dj", "j"),
        (r"tch", "sh"),
        (r"ch", "sh"),
        # ph → f ("Sophia"); ck → k.
        (r"ph", "f"),
        (r"ck", "k"),
        # ذ is written dh, z or th; ث is written th, t or s: dh → z, th → t
        # ("Dhiban"/"Ziban", "Thardeh"/"Tardeh").
        (r"dh", "z"),
        (r"th", "t"),
        # ق is written q or k (and g in Gulf dialects, not folded): q → k
        # ("Raqqa"/"Rakka", "Qamishli"/"Kamishli").
        (r"q", "k"),
        # Long u written ou (French), oo (English), u: all → u ("Baghouz"/"Baghuz",
        # "Zour"/"Zur").
        (r"ou|oo", "u"),
        # Long i written ee (English) or i: ee → i ("Hajeen"/"Hajin").
        (r"ee", "i"),
        # Arabic has no o: o → u ("Zor"/"Zur", "Douma"→"Duma").
        (r"o", "u"),
        # e spells a fatha as often as a kasra ("Deir", "Hasakeh", "Jebel"); fold it to a
        # ("Deir"→"dair", "Tell"→"tall"). Idleb/Idlib is left to the fuzzy pass.
        (r"e", "a"),
        # The ay diphthong: ai/ay are the same ("Deir"→dair→dayr, "Sheikh"→shaykh).
        (r"ai(?![aiu])", "ay"),
        # The aw diphthong and a consonantal w after u, before a consonant or at the end,
        # is a long u: "Zawr"→zur, "Fawqani"/"Fowqani"→fuqani, "Hawsh"→hush.
        (r"[au]w(?![aiuy])", "u"),
        # -iy- before a vowel is a glide in -iyah/-iya/-ieh endings: "Hamidiyah",
        # "Hamidieh", "Hamidia" → hamidia.
        (r"iy(?=[aiu])", "i"),
        # iy before a consonant or at the end is a long i.
        (r"iy(?![aiu])", "i"),
        # Final h after a vowel is the ta marbuta/ha: "Markadah"→markada,
        # "Raqqah"→rakka, "Hasakeh"→hasaka.
        (r"(?<=[aiu])h$", ""),
    )
)
# Any doubled letter is written single: "Hajjin"→hajin, "Raqqa"→raka, "Tall"→tal.
_DOUBLES = re.compile(r"(.)\1+")


# Latin letters that NFKD does not decompose into a base letter and a mark: without this,
# "Adıyaman" would lose its "ı" and "Şəki" its "ə".
_PLAIN_LETTERS = str.maketrans(
    {"ı": "i", "ə": "e", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "æ": "ae", "œ": "oe"}
)


def _ascii_lower(text: str) -> str:
    """Casefold and strip diacritics (NFKD, drop combining marks)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_PLAIN_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    """Fold one ASCII lower-case word (no article handling)."""
    word = _BU_WORDS.get(word, word)
    for pattern, replacement in _WORD_FOLDS:
        word = pattern.sub(replacement, word)
    return _DOUBLES.sub(r"\1", word)


def _strip_glued_article(word: str) -> str:
    match = _GLUED_SUN_ARTICLE.match(word)
    if match:
        # keep one copy of the assimilated consonant: "ezzor" → "zor", "ashsham" → "sham"
        return word[match.end() - len(match.group(1)) // 2 :]
    match = _GLUED_AL.match(word)
    if match:
        return word[match.end() :]
    return word


@lru_cache(maxsize=200_000)
def _key_words(text: str) -> tuple[str, ...]:
    """The folded words of ``text``, articles removed (unless nothing else is left)."""
    plain = _MARKS.sub("", _ascii_lower(text))
    words = [w for w in _NON_LETTERS.split(plain) if w]
    if not words:
        return ()
    kept = [w for w in words if w not in _ARTICLES]
    if not kept:
        kept = words
    out = []
    for word in kept:
        word = _strip_glued_article(word)
        folded = _fold_word(word)
        if folded:
            out.append(folded)
    return tuple(out)


def name_key(text: str) -> str:
    """The matching key of a place name: equal keys = same name, spelled differently.

    Casefold, strip diacritics, drop ayn/hamza/apostrophe marks, drop the Arabic article
    (separate or glued on), join the words without spaces, then apply the phonetic folds
    listed in ``_WORD_FOLDS`` and collapse doubled letters.

    >>> name_key("Deir ez-Zor") == name_key("Dayr az Zawr") == name_key("Deir Ezzor")
    True
    >>> name_key("Abu Kamal") == name_key("Al Bukamal") == name_key("Albu Kamal")
    True
    """
    return _DOUBLES.sub(r"\1", "".join(_key_words(text)))


_LATIN_EXTRA = frozenset("ʿʾʻʼ")


@lru_cache(maxsize=4096)
def _is_latin_char(ch: str) -> bool:
    return ch.isascii() or ch in _LATIN_EXTRA or "LATIN" in unicodedata.name(ch, "")


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is in Latin script (and there is one)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(_is_latin_char(ch) for ch in letters)
