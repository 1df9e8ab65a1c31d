"""Place references in one sentence, and the role each plays.

The gazetteer finds the names; the words around a name say what it is: the place of the
incident ("in the town of Hajin"), a landmark for it ("on the outskirts of Hajin", "south
of Hasaka city"), a province ("in Deir Ezzor province", "Deir Ezzor countryside"), a
country, or somewhere people came from ("moved to Hasaka from Mosul"). Names the
gazetteer lacks are still caught after "the village of", "the town of" and the like.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

from civharm.extract.lexicon import load_rules
from civharm.extract.names import speaks
from civharm.gazetteer import Gazetteer
from civharm.place_names import name_key

Role = Literal["incident", "landmark", "admin", "country", "origin", "other"]

# (a lower-case article other than "al", "el" is joined by a hyphen: "at Zin Chaung" is "at")
_NAME = r"(?:(?:al|el|Al|As|Ash|El)[-‑ ]|(?:as|ash|ad|ar|at|az|an)[-‑])?[A-Z][\w'’`-]+(?:[ -](?:(?:al|as|ash|el|ad|bin|bu|Al|Abu)[-‑ ])?[A-Z][\w'’`-]+){0,2}"
_LEADING_WORD = re.compile(
    r"(?:In|On|At|The|From|Near|And|Of|For|By|To|With|After|Before|During|Across|Outside)\s+"
)
_CUED_BEFORE = re.compile(
    rf"\b(?:village|town|city|hamlet|neighbou?rhood|district|suburb|camp|area|locality|settlement|"
    rf"region|quarter|outskirts) (?:of|named|called) ({_NAME})"
)
# A capitalised name after a word of position: caught even when it is also an English word ("Hit").
_CUED_NEAR = re.compile(
    rf"\b(?:outside|near|outskirts of|(?:north|south|east|west)(?:ern)? of)\s+"
    rf"(?:the\s+(?:town|city|village)\s+of\s+)?({_NAME})"
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:in|on|at|and|near|district|province|city|town|village|countryside)\b)"
)
# A faith or people, never a place even where a village is so named: "a Shiite neighbourhood",
# "a gathering of Sunni tribesmen".
_FAITH = (
    r"(?:Shiite|Shi['’]ite|Shia|Sunni|Alawite|Christian|Kurdish|Yazidi|Druze|Turkmen|Muslim|Arab|"
    r"Fulani|Peul|Dogon|Bambara|Hausa|Tuareg|Masalit|Zaghawa|Nuer|Dinka|Rohingya|Oromo|Tigrayan)"
)
_FAITH_NAME = re.compile(_FAITH)
# 'Quote: "Residential areas …"': a page's label for the quotation after it, not a place
_LABEL = re.compile(r"\s*[A-Z][a-z]+:\s*[\"“«]")
_GENERIC_WORD = (
    r"(?:Capital|City|Town|Village|Province|Region|District|Area|Old|New|North|South|East|West|"
    rf"Central|Northern|Southern|Eastern|Western|Border|Main|Local|{_FAITH})"
)
_GENERIC = re.compile(rf"(?:The\s+)?{_GENERIC_WORD}(?:\s+{_GENERIC_WORD})*", re.IGNORECASE)
PROVINCIAL_CAPITAL = "the provincial capital"
_PROVINCIAL_CAPITAL = re.compile(r"\b[Tt]he\s+provincial\s+capital\b(?!\s*(?:,\s*)?[A-Z])")


@cache
def _capitals() -> dict[str, str]:
    return dict(load_rules("admin1.toml").get("capital", {}))


@cache
def _national_capital() -> re.Pattern[str]:
    """ "the Syrian capital": the adjectives are those of the `[capital]` table."""
    adjectives = "|".join(map(re.escape, _capitals()))
    return re.compile(
        rf"\b(?:[Tt]he|[Ii]ts)\s+({adjectives})\s+capital\b"
        r"(?!\s*(?:,\s*)?[A-Z])"  # "the Syrian capital, Damascus" names the city itself
    )


_WEEKDAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# "May" is left out where it may be a name's last word
_MONTHS = r"January|February|March|April|June|July|August|September|October|November|December"
_CALENDAR = rf"(?:{_WEEKDAYS}|{_MONTHS}|May|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)"
# "In Aitaroun, a man was injured …": a sentence that opens on where it happened (not on
# a date, nor on a phrase such as "In Addition,").
_CUED_OPENING = re.compile(
    rf"^\W*In\s+(?!{_CALENDAR}\b|(?:Addition|Response|Retaliation|Total|Contrast|Brief|Short|"
    rf"Particular|Practice|Turn|Fact|Return|Sum|Summary|General|Part|Conclusion|Comparison|"
    rf"Parallel|Recent|Other|Separate|Another|Its|His|Her|Their|This|That|These|Those)\b)"
    rf"({_NAME}),"
)
# "at mountainous Wazir Tangi in eastern Nangarhar province": a name placed in a province.
_CUED_WITHIN = re.compile(
    rf"\b(?:in|at|near)\s+(?:[a-z]+\s+)?({_NAME})\s+(?:in|of)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central)\w*\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+"
    r"(?:province|governorate|region)\b"
)
# "in Nabatiyeh al-Fawqa": read only in articles set where the gazetteer has no places, as
# there a capitalised name after "in" is the only sign of a place.
_CUED_IN = re.compile(
    rf"\b(?:in|at|on|near|targeting|targeted)\s+(?:the\s+|nearby\s+|neighbou?ring\s+)?"
    # ("on Paungbyin township’s Kha Maing (West)": the place the township holds)
    rf"(?:{_NAME}\s+(?:township|district|province|region|state|county)[’']s\s+)?"
    rf"(?!{_CALENDAR}\b)({_NAME})"
    r"(?=\s*(?:[,.;:()]|$)|\s+(?:in|on|at|near|and|killing|wounding|injuring|killed|wounded|"
    r"injured|late|early|"
    r"overnight|this|last|yesterday|today|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday)\b)"
)
# "The explosions hit Af-Urur, 100 km south of …": the object of an attack verb.
_CUED_HIT = re.compile(
    rf"\b(?:hit|struck|targeted|shelled|bombed|attacked|raided|stormed|pounded)\s+(?:the\s+)?({_NAME})"
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:in|on|at|near|village|town|city|district|camp|neighbou?rhood)\b)"
)
# "Sanban, a region in Dhamar province": a name explained as a place.
_CUED_APPOSITION = re.compile(
    rf"\b({_NAME}),\s+(?:a|the)\s+(?:small\s+|remote\s+|nearby\s+|rural\s+|mountainous\s+)?"
    r"(?:village|town|city|region|district|area|neighbou?rhood|hamlet|settlement|suburb|locality)\b"
)
_CUED_AFTER = re.compile(
    rf"\b({_NAME}) (?:village|town|city|hamlet|neighbou?rhood|district|sub-?district|suburb|camp|area|"
    rf"quarter|county|municipality|region|province|governorate)\b"
)
# "attacked Nyalun community": a village as Nigerian papers name one, after a word of
# place or attack; not "from the Dinka Bor community", a people
_CUED_COMMUNITY = re.compile(
    rf"\b(?:in|at|on|into|near|attacked|invaded|raided|stormed)\s+({_NAME}) community\b"
)
# "Deir Ezzor province", "Hama’s northwestern countryside", "Idlib's southern countryside".
_ADMIN_AFTER = re.compile(
    r"^(?:[’']s)?[\]\s]*(?:(?:north|south|east|west|central)\w*\s+|(?:eastern|western|"
    r"northern|southern|rural)\s+)?(?:province|governorate|Governorate|Province|countryside|"
    r"region|oblast|Oblast|rural area)\b"
)
_ADMIN_NAME = re.compile(r"\s(?:State|Province|Governorate|Region|Oblast)$")
_ADMIN_BEFORE = re.compile(
    r"\b(?:province|governorate|countryside|region|oblast|rural)(?: of)?[\s\[]*$", re.IGNORECASE
)
_LANDMARK_BEFORE = re.compile(
    # ("in nearby Soro" is in Soro)
    r"\b(?:outskirts of|near|(?<!\bin )nearby|close to|outside|around|(?:north|south|east|west|"
    r"northeast|northwest|southeast|southwest)(?:ern)?(?: of)?|(?:kilometres|kilometers|km|miles) "
    r"(?:from|of)|between|road to|edge of|vicinity of|east of the|west of the)\s+(?:the\s+)?"
    r"(?:(?:town|city|village) of\s+)?$",
    re.IGNORECASE,
)
_ORIGIN_BEFORE = re.compile(
    r"\b(?:from(?:\s+(?:the\s+)?[\w-]+-(?:controlled|held|occupied))?|fled|moved to|displaced from|returned to|headed to|travell?ing to|"
    r"(?<!road )(?<!way )(?<!entrance )(?<!gate )(?<!gates )(?<!close )(?<!next )(?<!leads )"
    r"(?<!leading )(?<!route )to)\s+$",
    re.IGNORECASE,
)
# "terrorists located in the towns of al-Habbit and Kafr Zeta fired rockets at …": where
# the fire came from, though the words before the name are locative.
_POSITIONED_BEFORE = re.compile(
    r"\b(?:located|positioned|entrenched|deployed|stationed)\s+(?:in|at)(?:\s+the)?"
    r"(?:\s+(?:towns?|villages?|areas?)\s+of)?(?:\s+[\w’'-]+){0,6}?(?:\s+and)?\s+$",
    re.IGNORECASE,
)
# Where the wounded were taken is not where they were hurt.
_TREATED_BEFORE = re.compile(
    r"\b(?:(?:taken|transferred|evacuated|rushed|brought|admitted|airlifted)\s+to"
    r"(?:\s+(?:a|the))?(?:\s+\w+){0,2}?(?:\s+(?:hospitals?|clinics?))?|treated)"
    r"(?:\s+(?:in|at))?\s+$",
    re.IGNORECASE,
)
# "staff at a hospital in Saada": where the wounded are, unless the hospital was the target;
# "the government based in Aden", "SANA's reporter in Hama", "told reporters in the capital
# Mogadishu": where an institution or a speaker sits.
_HOSPITAL_IN = re.compile(
    r"\b(?:(?:hospitals?|clinics?|morgues?|office|offices|officials?|authorities|headquarters|"
    r"reporter|correspondent|bureau)\s+(?:in|at)(?:\s+the\s+(?:town|city|village)\s+of)?|"
    r"(?:based|headquartered|stationed)\s+in|"
    r"(?:told|briefed|briefing|addressing|addressed|speaking\s+to)\s+(?:the\s+)?(?:reporters|"
    r"journalists|press|media|a\s+news\s+conference|a\s+press\s+conference)\s+(?:in|at)"
    r"(?:\s+the\s+capital,?)?)\s+$",
    re.IGNORECASE,
)
_ATTACKED = re.compile(
    r"\b(?:hit|struck|bombed|shelled|targeted|targeting|(?:air)?strikes? on|attacks? on|"
    r"(?:air )?raids? on|shelling of|bombing of|grounds of|"
    r"damaged|destroyed|stormed|dropped|fired|landed|fell|slammed|crashed)\b|"
    r"\bon\s+(?:a|the)\s+(?:[\w-]+\s+){0,3}?(?:hospital|clinic)",
    re.IGNORECASE,
)
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|on|against|targeted|targeting|struck|hit|shelled|bombed|raided|stormed|of|into|"
    r"over|across)"
    r"\s+(?:the\s+)?(?:(?:\w+\s+){0,2}(?:town|city|village|district|neighbou?rhood|camp|area) of\s+|"
    r"nearby\s+|neighbou?ring\s+)?$",
    re.IGNORECASE,
)
_OWNER_END = re.compile(
    r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?(?:\s+(?:township|district|province|region|state|county))?"
    r"[’']s\s+$"
)
# "the Damascus government", "Kyiv authorities": a place name standing for an institution.
_INSTITUTION_AFTER = re.compile(
    r"^[’']?s?\s*(?:government|regime|authorities|officials|leadership|administration|"
    r"University|Airport|airport|Security Council|Council|Declaration|Agreement|talks|process|"
    r"[Hh]otel|[Rr]estaurant|[Aa]mbulance|[Cc]lan|[Tt]ribe|[Ff]amily|[Bb]rigade|TV|News|Agency|"
    r"Post|Network|Media|Radio|Channel|Foundation|Company|[Cc]lub|[Bb]attalion|[Mm]ilitia)\b"
)
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an)\s+(?:(?:busy|popular|crowded|local)\s+)?$", re.I)
_VENUE_AFTER = re.compile(r"^\s*(?:hotel|restaurant|airport|café|cafe)\b", re.I)
_COUNTRIES = {
    "syria",
    "iraq",
    "yemen",
    "libya",
    "somalia",
    "afghanistan",
    "ukraine",
    "palestine",
    "gaza",
    "israel",
    "lebanon",
    "turkey",
    "iran",
    "jordan",
    "russia",
    "saudi arabia",
    "burma",
    "drc",
    "dr congo",
}


def _names_country(surface: str, ids: tuple[int, ...], gazetteer: Gazetteer) -> bool:
    """Whether a name is a country's own ("Sudan", "Chad"), whatever villages share it; not
    one of its other names that a place shares ("al-Jamaa" for Yemen)."""
    return any(
        (place := gazetteer.get(i)) is not None
        and place.placetype == "country"
        and name_key(place.name) == name_key(surface)
        for i in ids
    )


@dataclass(frozen=True)
class PlaceRef:
    """A place named in a sentence: `sentence[start:end] == surface`."""

    start: int
    end: int
    surface: str
    place_ids: tuple[int, ...]
    role: Role
    locative: bool


# "a suburb of Mogadishu Monday": a day or month after a name is not part of it.
_TRAILING_DAY = re.compile(rf"\s+(?:{_WEEKDAYS}|{_MONTHS})$")


def _clean(surface: str) -> str:
    return _TRAILING_DAY.sub("", surface.strip(" []’'").removesuffix("’s").removesuffix("'s"))


def find_places(
    sentence: str,
    gazetteer: Gazetteer,
    *,
    blocked: Sequence[tuple[int, int]] = (),
    loose: bool = False,
) -> list[PlaceRef]:
    """Every place named in the sentence, in order, with its role; names overlapping a
    `blocked` span (an outlet, a person, an actor) are not places. `loose` also takes a
    capitalised name after "in" (for articles set where the gazetteer has no places)."""
    spans: list[tuple[int, int, str, tuple[int, ...]]] = [
        (m.start, m.end, m.surface, m.place_ids)
        for m in gazetteer.find_in_text(sentence)
        # (a longer place name around a person's is the place: "Dera Ismail Khan")
        if not any(s < m.end and m.start < e and not m.start < s <= e <= m.end for s, e in blocked)
        and not speaks(sentence, m.start, m.end)
        and not _FAITH_NAME.fullmatch(m.surface)
        and not (not sentence[: m.start].strip() and _LABEL.match(sentence, m.start))
    ]
    cues = (
        _CUED_BEFORE,
        _CUED_AFTER,
        _CUED_NEAR,
        _CUED_HIT,
        _CUED_APPOSITION,
        _CUED_WITHIN,
        _CUED_OPENING,
        _CUED_COMMUNITY,
    )
    for pattern in (*cues, _CUED_IN) if loose else cues:
        for match in pattern.finditer(sentence):
            start, end = match.span(1)
            owner = re.search(r"[’']s\s+", match.group(1))
            if owner is not None:  # "Erbil’s Sidakan sub-district": the place is Sidakan
                start += owner.end()
            if lead := _LEADING_WORD.match(sentence, start, end):
                start = lead.end()  # "In Idlib province" at a sentence's start names Idlib
            if any(s < end and start < e for s, e in blocked):
                continue
            inside = [
                x for x in spans if start <= x[0] and x[1] <= end and x[1] - x[0] < end - start
            ]
            if inside and len(inside) == sum(x[0] < end and start < x[1] for x in spans):
                # "the village of Tall Hamdan al-Gharbi": the name as written, not the
                # shorter gazetteer name inside it (another village)
                spans = [x for x in spans if x not in inside]
            if _GENERIC.fullmatch(sentence[start:end]):
                continue  # "the Capital city", "the Old Town": a common noun, capitalised
            if not any(s < end and start < e for s, e, _, _ in spans):
                spans.append((start, end, sentence[start:end], ()))
    for match in _PROVINCIAL_CAPITAL.finditer(sentence):
        # resolved to the province's seat once the province is known (mentions.finish)
        start, end = match.span()
        if not any(s < end and start < e for s, e, _, _ in spans):
            spans.append((start, end, PROVINCIAL_CAPITAL, ()))
    for match in _national_capital().finditer(sentence):
        # "in the Syrian capital": the city, named as the country's capital
        city = _capitals().get(match.group(1))
        found = gazetteer.exact(city) if city else []
        start, end = match.span()
        if found and not any(s < end and start < e for s, e, _, _ in spans):
            biggest = max(found, key=lambda p: p.population or 0)
            spans.append((start, end, city or "", (biggest.id,)))
    spans.sort()
    refs: list[PlaceRef] = []
    for start, end, surface, ids in spans:
        before = sentence[max(0, start - 45) : start]
        after = sentence[end : end + 25]
        name = _clean(surface)
        role: Role
        if _INSTITUTION_AFTER.match(after) and not (
            _INDEFINITE_BEFORE.search(before) and _VENUE_AFTER.match(after)
        ):
            role = "other"  # "the Hayat hotel"; but "a Mogadishu hotel" is in Mogadishu
        elif name.lower() in _COUNTRIES or _names_country(name, ids, gazetteer):
            role = "country"
        elif _ADMIN_AFTER.match(after) or _ADMIN_BEFORE.search(before) or _ADMIN_NAME.search(name):
            role = "admin"  # "Deir Ezzor province", "in West Kordofan State"
        elif _TREATED_BEFORE.search(before) or (
            _HOSPITAL_IN.search(before) and not _ATTACKED.search(before)
        ):
            role = "other"
        elif _POSITIONED_BEFORE.search(sentence[max(0, start - 90) : start]) or (
            _ORIGIN_BEFORE.search(before) and not _LOCATIVE_BEFORE.search(before[-12:])
        ):
            role = "origin"
        elif _LANDMARK_BEFORE.search(before) and any(r.role == "incident" for r in refs):
            role = "landmark"
        else:
            role = "incident"
        # "in Paungbyin’s Tha Yau": the cue comes before the owner's name
        locative = _LOCATIVE_BEFORE.search(before) or _LOCATIVE_BEFORE.search(
            _OWNER_END.sub("", before)
        )
        refs.append(PlaceRef(start, end, name, ids, role, bool(locative)))
    return _institutions(sentence, _possessives(sentence, refs))


_NAMED_INSTITUTION = re.compile(
    r"^[’']?s?\s*(?:[Hh]ospital|[Cc]linic|[Ss]chool|[Mm]osque|[Cc]hurch|[Uu]niversity|[Ss]tadium|"
    r"[Pp]rison|[Bb]akery|[Mm]edical\s+[Cc]ent(?:er|re))\b"
)


def _institutions(sentence: str, refs: list[PlaceRef]) -> list[PlaceRef]:
    """ "al-Rahma hospital in Darkush": a hospital or school named after a place is not
    where it is when the sentence names that place as well."""
    named = [
        i
        for i, r in enumerate(refs)
        if r.role == "incident" and _NAMED_INSTITUTION.match(sentence[r.end : r.end + 25])
    ]
    if not named or len(refs) == len(named):
        return refs
    return [replace(r, role="other") if i in named else r for i, r in enumerate(refs)]


# "Erbil’s Sidakan", "Sagaing township's Ta Laing village"
_OWNS = re.compile(
    r"(?:\s+(?:township|district|province|governorate|region|state|county|city|town))?[’']s\s+",
    re.I,
)


# "Sagaing’s Chaung-U township": the owner of a unit the gazetteer does not know
_OWNS_UNIT = re.compile(
    r"[’']s\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+(?:township|district|sub-district|county|province|"
    r"governorate|region|state)\b"
)


def _possessives(sentence: str, refs: list[PlaceRef]) -> list[PlaceRef]:
    """ "Erbil’s Sidakan sub-district": the owner locates the place it owns, which is where
    the event was (and takes over the owner's locative cue)."""
    out = list(refs)
    for i, (owner, owned) in enumerate(itertools.pairwise(refs)):
        if owner.role == "incident" and _OWNS.fullmatch(sentence[owner.end : owned.start]):
            out[i] = replace(owner, role="landmark")
            out[i + 1] = replace(owned, locative=owned.locative or owner.locative)
    for i, owner in enumerate(out):
        if owner.role == "incident" and _OWNS_UNIT.match(sentence, owner.end):
            # "… a village in Sagaing’s Chaung-U township": the village, not the region
            out[i] = replace(owner, role="landmark")
    return out
