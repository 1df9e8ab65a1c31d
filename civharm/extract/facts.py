"""What one sentence says: figures, places, dates, event words, actors, claimants, hedges.

The facts of a sentence are read before any grouping, so that the later passes (events,
mentions, aggregates) only ever look at these records, never at the raw text again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from civharm.dates import DateRef, find_dates
from civharm.extract.actors import attribution
from civharm.extract.claimants import claimants
from civharm.extract.figures import analyse
from civharm.extract.harm import Figures
from civharm.extract.lexicon import Lexicon
from civharm.extract.names import not_places, outlet_spans
from civharm.extract.periods import period_spans
from civharm.extract.places import PlaceRef, find_places
from civharm.extract.sentences import Sentence
from civharm.gazetteer import Gazetteer

# "since 2014", "since September 2014": a period, not one incident.
_SINCE = re.compile(r"\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d\b")
_NOT_HEDGE = re.compile(r"^\s+(?:the\s+lives|responsibility|the\s+life)\b", re.I)
_SAME_ADMIN = re.compile(
    r"\b(?:in|of|across) the same (?:province|governorate|region|countryside|area)\b", re.I
)


@dataclass
class Facts:
    """What one sentence says, before it is merged into a mention."""

    sentence: Sentence
    figures: Figures
    places: list[PlaceRef]
    dates: list[DateRef]
    events: list[str]
    weapons: list[str]
    targets: list[str]
    perpetrator: str | None
    claimants: list[str]
    hedges: list[str]
    contested: list[str]
    generic: bool
    anaphoric: bool
    new_event: bool
    same_admin: bool
    index: int
    event_at: int | None = None
    suspected: tuple[str, ...] = ()
    firmness: int = 0  # how firmly the perpetrator is named: 3 "by X", 2 "X jets", 1 named

    @property
    def incident_place(self) -> PlaceRef | None:
        places = [p for p in self.places if p.role == "incident"]
        locative = [p for p in places if p.locative]
        chosen = locative or places
        return chosen[0] if chosen else None

    @property
    def date(self) -> DateRef | None:
        """The date expression nearest to where the incident is placed or told."""
        if not self.dates:
            return None
        place = self.incident_place
        anchor = self.event_at if self.event_at is not None else place.start if place else 0
        return min(self.dates, key=lambda d: abs(d.start - anchor))

    @property
    def admin(self) -> PlaceRef | None:
        return next((p for p in self.places if p.role == "admin"), None)

    @property
    def relevant(self) -> bool:
        return self.figures.any or bool(self.events)


def _labels(text: str, table: tuple[object, ...]) -> list[str]:
    return [item.label for item in table if item.pattern.search(text)]  # type: ignore[attr-defined]


_REPORTING_BEFORE = re.compile(
    r"\b(?:said|says|told\s+(?:[\w’'-]+\s+){0,3}?|reported|announced|stated|added|confirmed|"
    r"wrote|tweeted|posted|issued\s+a\s+statement|in\s+a\s+statement)\s*$",
    re.I,
)


# "launched an assault nearly two weeks ago to seize the capital": the date of a campaign's
# start, not of the attack the article tells.
_CAMPAIGN_BEFORE = re.compile(
    r"\b(?:launch(?:ed|es)?|beg[au]n|start(?:ed|s)?|announced)\s+(?:(?:an?|the|its|their)\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:assault|offensive|campaign|operation|war|invasion|incursion)\b"
    r"[^.;]{0,60}$",
    re.I,
)
_HARM_WORD = re.compile(r"\b(?:kill|wound|injur|dead\b|died\b|death|martyr)", re.I)


def _event_dates(text: str, published: dt.date | None) -> list[DateRef]:
    """Dates in a sentence, less those of the reporting ("officials said on Wednesday")
    and the start of a period ("since 2017")."""
    periods = [m.span() for m in _SINCE.finditer(text)] + period_spans(text)
    return [
        ref
        for ref in find_dates(text, published=published)
        if not _REPORTING_BEFORE.search(text[max(0, ref.start - 40) : ref.start].rstrip(" ,on"))
        and not any(a <= ref.start < b for a, b in periods)
        and not (
            _CAMPAIGN_BEFORE.search(text[max(0, ref.start - 120) : ref.start])
            and not _HARM_WORD.search(text)
        )
    ]


_WORD = re.compile(r"[A-Za-z][\w'’-]{3,}")
# A sentence that tells no harm but may say where it happened: "bombs fell on two compounds
# in the Salam Bazaar area of Nawzad district" (its places are read; see retellings.refine).
# "Kishishe, a town in eastern DR Congo": a place introduced as a town (after its name)
SET_IN = re.compile(r",\s+an?\s+(?:[\w-]+\s+)?(?:town|village|city)\b")
_WHERE_CUE = re.compile(
    r"\b(?:area|district|village|town|neighbou?rhood|quarter|suburb|camp)\s+of\s+(?:the\s+)?[A-Z]|"
    r"\b[A-Z][\w'’-]+\s+(?:area|district|village|neighbou?rhood|quarter|camp|province|"
    r"governorate)\b|"
    rf"\b[A-Z][\w'’-]+{SET_IN.pattern}"  # "in Kishishe, a town in …": where a story is set
)


def _title_case(text: str) -> bool:
    """A headline in title case ("Drone Strike Kills 30 Pine Nut Farm Workers"): every
    word is capitalised, so capitals say nothing about which words are names."""
    words = _WORD.findall(text)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def places_in(
    text: str, gazetteer: Gazetteer, lex: Lexicon, *, loose: bool = False
) -> list[PlaceRef]:
    """The places a sentence names, read as for a sentence that tells harm."""
    found = find_places(text, gazetteer, blocked=not_places(text, lex), loose=loose)
    if _title_case(text):
        return [p for p in found if p.locative or p.role in ("admin", "country")]
    return found


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with some spans turned to spaces, offsets kept: "Homs 24" counts nobody."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


# ", as elsewhere a Taliban attack left four agents dead": the rest of the sentence tells
# another event, whose counts are not this one's.
_ELSEWHERE_WORDS = r"(?:(?:as|while|whereas|and)\s+)?elsewhere\b"
_ELSEWHERE = re.compile(rf"(?:[,;]\s*|^\s*(?=(?:as|while|whereas)\s)){_ELSEWHERE_WORDS}", re.I)
_OPENS_ELSEWHERE = re.compile(rf"\W*{_ELSEWHERE_WORDS}", re.I)


def opens_elsewhere(text: str) -> bool:
    """Whether a sentence opens on another place than the one told ("Elsewhere, gunmen
    shot four police officers"): it borrows no place."""
    return _OPENS_ELSEWHERE.match(text) is not None


# "The day before, clashes left 12 dead" goes on where the article is set; "comes a day
# after helicopters killed 30 in a village" or "in a separate strike" tells an event whose
# place the sentence leaves unnamed.
_GOES_ON = re.compile(
    r"\W*(?:the\s+(?:day|night)\s+before|a\s+day\s+(?:earlier|later)|"
    r"the\s+(?:previous|next|following)\s+day|earlier|later)\b",
    re.I,
)


# "the second raid on the town in two days: another strike …": the place told before
_THE_PLACE = re.compile(
    r"\b(?:the|that|this)\s+(?:same\s+)?(?:town|city|village|neighbou?rhood|district|camp)\b",
    re.I,
)


def told_apart(facts: Facts) -> bool:
    """Whether a sentence tells another event than the one before it, other than by only
    stepping back or on in time or in the place it names again: its place is not that
    event's."""
    text = facts.sentence.text
    return facts.new_event and not (_GOES_ON.match(text) or _THE_PLACE.search(text))


def _elsewhere(text: str) -> list[tuple[int, int]]:
    found = _ELSEWHERE.search(text)
    return [(found.start(), len(text))] if found else []


def clause(facts: Facts, a: int, b: int, figures: Figures) -> Facts:
    """The facts of the part [a, b) of a sentence told as an event of its own (a list's or
    a clause's): its own figures, the places named in it, the rest of the sentence's."""
    text = facts.sentence.text
    return replace(
        facts,
        sentence=Sentence(facts.sentence.start + a, facts.sentence.start + b, text[a:b]),
        figures=figures,
        places=[
            replace(p, start=p.start - a, end=p.end - a)
            for p in facts.places
            if a <= p.start and p.end <= b
        ],
    )


_PLACES_IT = re.compile(r"\s+(?:in|on|at|near)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?")


def _refers_back(text: str, lex: Lexicon, places: list[PlaceRef], figures: Figures) -> bool:
    """Whether the sentence points back to an event told before ("the strike"); not when
    it names its own place and count first ("in the village of Selydove, four people were
    injured …, with images of the strike showing …": its own strike)."""
    back = lex.anaphora.search(text)
    if back is None:
        return False
    if back.group("attack") is None:
        return True  # "among the dead", "a lower casualty figure", "her body was recovered"
    # (or right after it: "nine were killed by the strikes in Kharkiv city")
    placed = any(
        p.role == "incident"
        and (p.end <= back.start() or _PLACES_IT.fullmatch(text, back.end(), p.start))
        for p in places
    )
    counted = any(end <= back.start() for _, end in figures.spans)
    return not (placed and counted)


def read_sentence(
    sentence: Sentence,
    index: int,
    text: str,
    published: dt.date | None,
    gazetteer: Gazetteer,
    lex: Lexicon,
    *,
    vague_numbers: bool = False,
) -> Facts:
    # One pass of every word of harm and attack first: most sentences have none, and then
    # only what attaches a sentence to the event told before it is read.
    cued = lex.candidate.search(text) is not None
    harmful = cued and lex.harm_any.search(text) is not None
    figures = (
        analyse(
            _blank(text, outlet_spans(text) + _elsewhere(text)), lex, vague_numbers=vague_numbers
        )
        if harmful
        else Figures()
    )
    events = _labels(text, lex.events) if cued else []
    relevant = figures.any or bool(events) or bool(figures.totals)
    attacker, suspects, firmness = attribution(text, lex) if relevant else (None, (), 0)
    places = places_in(text, gazetteer, lex) if relevant or _WHERE_CUE.search(text) else []
    return Facts(
        sentence=sentence,
        figures=figures,
        places=places,
        dates=_event_dates(text, published) if relevant else [],
        events=events,
        weapons=_labels(text, lex.weapons) if relevant else [],
        targets=_labels(text, lex.targets) if relevant and events else [],
        perpetrator=attacker,
        suspected=suspects,
        firmness=firmness,
        claimants=claimants(text, lex) if relevant else [],
        hedges=[
            m.group(0).lower()
            for m in lex.hedges.finditer(text)
            if not _NOT_HEDGE.match(text[m.end() : m.end() + 20])
        ],
        contested=[m.group(0).lower() for m in lex.contest.finditer(text)],
        # "since 2014" makes a sentence a general statement, unless it only dates a total
        generic=relevant
        and bool(lex.generic.search(text) or (_SINCE.search(text) and not figures.totals)),
        anaphoric=_refers_back(text, lex, places, figures),
        new_event=relevant and _opens_new(text, lex),
        same_admin=relevant and bool(_SAME_ADMIN.search(text)),
        index=index,
        event_at=_first_event(text, lex) if relevant else None,
    )


_SAME_ATTACK = re.compile(
    r"\s+(?:in|by)\s+(?:the|that|this)\s+(?:same\s+)?(?:air\s?strike|strike|attack|raid|blast|"
    r"explosion|bombing|shelling)\b",
    re.I,
)


# "a second 'Israeli' drone strike", "another Russian missile attack": words between
_ANOTHER_ATTACK = re.compile(
    r"\b(?:[Aa]\s+(?:second|third|fourth|fifth)|[Aa]nother)\s+(?:(?:[\"“”'’]?[A-Z][\w-]*[\"“”'’]?|"
    r"drone|missile|rocket|air|artillery|mortar|suicide|car|truck|deadly|separate|similar)\s+)"
    r"{1,3}?(?:strike|airstrike|attack|raid|bombing|explosion|blast|shelling)\b"
)


def _opens_new(text: str, lex: Lexicon) -> bool:
    """Whether a sentence tells another event: "in a separate strike", or "comes a day after
    helicopters killed 30"; "occurred a day after the government accused NATO" dates the
    same event by something that is not an attack."""
    if _ANOTHER_ATTACK.search(text):
        return True
    for match in lex.new_event.finditer(text):
        if match.group(0).lower() == "also killed" and _SAME_ATTACK.match(text, match.end()):
            continue  # "three insurgents were also killed in the strike": the same one
        if not match.group(0).lower().endswith("after"):
            return True
        rest = text[match.end() :]
        if lex.harm_any.search(rest) or any(
            not found.group(0).lower().endswith("ing")  # "accused NATO of targeting civilians"
            for item in lex.events
            if (found := item.pattern.search(rest))
        ):
            return True
    return False


def loosely_placed(facts: Facts, text: str, gazetteer: Gazetteer, lex: Lexicon) -> Facts:
    """The same facts with their places read as for an article set where the gazetteer
    has none (see `places.find_places`): only the places change, so only they are read."""
    if not (facts.relevant or facts.figures.totals or _WHERE_CUE.search(text)):
        return facts
    return replace(facts, places=places_in(text, gazetteer, lex, loose=True))


def _first_event(text: str, lex: Lexicon) -> int | None:
    """Where the sentence first names the attack: dates are read nearest to it."""
    starts = [m.start() for item in lex.events if (m := item.pattern.search(text))]
    return min(starts) if starts else None
