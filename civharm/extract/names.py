"""Names that are not places: outlets, activist networks, people and actors.

A village may share its name with a girl ("nine-year-old Rima"), a grocer ("Karim Salih
said"), a news agency ("Saba") or a network ("Homs 24"). Such spans are found here, from
the lists in `rules/outlets.toml` and `rules/names.toml` and the words around a name, and
the place and figure passes skip them.
"""

from __future__ import annotations

import re
from functools import cache

from civharm.extract.actors import actor_names
from civharm.extract.lexicon import Lexicon, alternation, load_rules

_CAPS = r"(?:(?:al-|el-|bin\s+|ibn\s+|Abu\s+|Al\s+)?[A-Z][\w'’.-]*)"
_SPEECH_AFTER = re.compile(
    r"^\s*(?:,\s*(?:a|an)\s+\d+[- ]year[- ]old\b|said|says|told|added|explained|recalled|stated|"
    r"confirmed|described|wrote|tweeted|posted)\b"
)
_AGE = re.compile(
    r"\b(?i:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen)[- ](?i:year|month)[- ]old\s+((?:[A-Z][\w'’-]+\s*){1,3})"
)
# "a northern Iraqi town": a nationality is never a village of that name.
_NATIONALITY = re.compile(
    r"\b(?:Syrian|Iraqi|Yemeni|Libyan|Somali|Afghan|Ukrainian|Palestinian|Lebanese|Kurdish|"
    r"Russian|Turkish|Israeli|American|Saudi|Emirati|Egyptian|Iranian|Kenyan|Ethiopian)s?\b"
)
# "Taliban-controlled", "ISIS-held": who holds a place is not a place.
_HELD_BY_NAME = re.compile(
    r"\b[A-Z][\w'’]*-(?:controlled|held|run|backed|led|allied|affiliated|linked|occupied)\b"
)
_TITLED = re.compile(
    r"\b(?:Major|Colonel|Col\.|General|Gen\.|Captain|Capt\.|Lieutenant|Lt\.|Sergeant|Sgt\.|"
    r"[Ss]pokes(?:man|woman|person)|[Gg]overnor|[Cc]ommander|[Mm]ayor|[Dd]irector|[Ee]lder|"
    r"[Cc]hief|[Mm]inister|President|Senator|[Dd]octor|[Ss]urgeon|[Nn]urse|[Ff]armer|[Gg]rocer|"
    r"[Tt]eacher|[Rr]esident|[Vv]illager|[Ww]itness|[Aa]ctivist|[Jj]ournalist|[Cc]orrespondent|"
    r"[Oo]fficer|[Oo]fficial)\s+((?:" + _CAPS + r"\s*){1,3})"
)


# Actors named by a place ("Kyiv said", "Russia"): the name may still be where harm occurred.
_PLACE_ACTORS = frozenset(
    """israel ukraine turkey russia kyiv kiev moscow washington ankara iraq syria somalia yemen
    libya afghanistan lebanon iran gaza tripoli sanaa damascus baghdad india azerbaijan""".split()  # noqa: SIM905
)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    outlets = alternation(load_rules("outlets.toml")["names"], case=True)
    given = load_rules("names.toml")["given"]
    people = re.compile(
        r"(?<!Abu )(?<!Umm )(?<!al-)(?<!Al-)(?<!bin )(?<!Al )\b(?:"
        + "|".join(re.escape(g) for g in sorted(given, key=len, reverse=True))
        + r")\b\.?(?:\s+"
        + _CAPS
        + r"){1,3}"
    )
    return outlets, people


def outlet_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names a known outlet or network."""
    outlets, _ = _patterns()
    return [m.span() for m in outlets.finditer(text)]


def not_places(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Spans that no place may overlap: outlets, people's names and actors' names."""
    outlets, people = _patterns()
    spans = [m.span() for m in outlets.finditer(text)]
    spans += [m.span() for m in people.finditer(text)]
    spans += [m.span(1) for pattern in (_AGE, _TITLED) for m in pattern.finditer(text)]
    spans += [m.span() for m in _NATIONALITY.finditer(text)]
    spans += [m.span() for m in _HELD_BY_NAME.finditer(text)]
    spans += [
        (start, end)
        for start, end, _ in actor_names(text, lex)
        if text[start:end].lower() not in _PLACE_ACTORS
    ]
    return spans


_OF_BEFORE = re.compile(r"\b(?:of|in|from|at|near|across|around)\s+(?:the\s+)?(?:\w+\s+)?$", re.I)


def speaks(text: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) is a speaker ("Salih said"): a person, not a place;
    "residents of Hajin said" still names a place."""
    return bool(_SPEECH_AFTER.match(text[end : end + 40])) and not _OF_BEFORE.search(
        text[max(0, start - 30) : start]
    )


def unlikely_name(name: str, text: str) -> bool:
    """Whether a name the gazetteer lacks is unlikely to be a place written as such: all
    capitals ("MARER" cut from a dateline, "U.S"), or a common word that the same article
    also writes in lower case ("the Capital city", "Police officer Major …")."""
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    words = name.split()
    return len(words) == 1 and re.search(rf"\b{re.escape(name.lower())}\b", text) is not None


# A photo caption scraped with the text: people, then what they do in the present tense.
_CAPTION = re.compile(
    # (a gallery's own label may come first: "Open this photo in gallery: Women mourn …")
    r"^(?:(?:Open\s+this\s+photo\s+in\s+gallery|Photo|Image|Picture)\s*:\s*)?"
    r"[A-Z][\w'’-]+\s+(?:[\w'’-]+\s+){0,3}?(?:look|inspect|carry|gather|stand|walk|mourn|attend|ride|"
    r"check|search|pray|react|sit|rush|clear|remove|dig|hold|wait|queue|flee|bury|comfort|"
    r"cry|weep|grieve|collect|sift|survey)s?\s+(?:at|through|over|the|a|an|his|her|their|near|"
    r"outside|inside|past|in|on|for|holding|beside)\b"
)


def is_caption(sentence: str) -> bool:
    """Whether a sentence is a photo caption ("Palestinians inspect the rubble of …",
    "Yemenis look at a building damaged …"): it describes a picture, not the report's
    events, and must not open or place a mention."""
    return _CAPTION.match(sentence) is not None
