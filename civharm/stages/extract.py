"""Extraction: an article becomes mentions, one per alleged incident it tells of.

Each sentence is read for casualty figures, places, dates, event words, actors, claimants
and hedges. Sentences about the same event are merged into one mention: a sentence joins
the open mention unless it opens a new event ("another strike"), names a different place
or an incompatible date, or brings its own figures with its own place or date. A mention
is kept when it has a place and says someone was harmed, or names an attack with a date,
a target or a weapon. Every mention keeps the spans of the sentences it was built from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from civharm.dates import DateRef, find_dates
from civharm.extract.figures import Figures, analyse
from civharm.extract.lexicon import Lexicon, lexicon
from civharm.extract.places import PlaceRef, find_places
from civharm.extract.sentences import Sentence, sentences
from civharm.gazetteer import Gazetteer
from civharm.gazetteer import Place as GazetteerPlace
from civharm.model import Article, Mention, Range, Span
from civharm.stages.geocode import resolve
from civharm.stages.segment import DATELINE

VERSION = "extract-1"

# "since 2014", "since September 2014": a period, not one incident.
_SINCE = re.compile(r"\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d\b")
_NOT_HEDGE = re.compile(r"^\s+(?:the\s+lives|responsibility|the\s+life)\b", re.I)
_TOLL_OPEN = re.compile(
    r"\b(?:toll|number of (?:dead|victims)|figure)\b[^.;]{0,40}\b(?:was|is|were|are|to be|may be|"
    r"could be|likely)\s+(?:much\s+|far\s+)?higher\b",
    re.I,
)
# "The coalition acknowledged that its aircraft struck the market": responsibility admitted.
_ACKNOWLEDGED = re.compile(
    r"(?<!not )(?<!never )(?<!n't )\b(?:acknowledged|admitted|acknowledges|admits|took responsibility|"
    r"accepted responsibility|claimed responsibility)\b(?![^.]{0,20}\bor deny)",
    re.I,
)
_NO_HARM = re.compile(
    r"\bno (?:casualties|injuries|deaths|one was (?:killed|hurt|injured|wounded))\b|"
    r"\bwithout (?:casualties|causing casualties)\b",
    re.I,
)
_SAME_ADMIN = re.compile(
    r"\b(?:in|of|across) the same (?:province|governorate|region|countryside|area)\b", re.I
)
_EVENT_ORDER = (
    "chemical",
    "drone",
    "airstrike",
    "missile",
    "shelling",
    "ground attack",
    "massacre",
    "attack",
)
_AGENT_AFTER = re.compile(
    r"^[’'s-]*\s*(?:-led\s+\w+\s+)?(?:war ?planes?|jets?|aircraft|air ?force|drones?|forces|troops|"
    r"artillery|army|military|militants|fighters|strikes?|air ?strikes?|shelling|helicopters?|"
    r"bombers?|navy|gunboats?|missiles?|soldiers|militias?|snipers?|suicide bomber)\b",
    re.I,
)
_AGENT_BEFORE = re.compile(
    r"\b(?:by|from)\s+(?:the\s+)?(?:so-called\s+|illegitimate\s+|illegal\s+)?$", re.I
)
_VICTIM_BEFORE = re.compile(
    r"\b(?:against|on|targeting|targeted|struck|hit|at)\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.I
)
_CLAIM_VERBS = r"(?:said|says|reported|reports|claimed|claims|stated|asserted|told|added|announced|confirmed|complained|quoted|cited)"
_RELAY = re.compile(
    r"\btold\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}?([A-Z][\w.-]+(?:\s+[A-Z][\w.-]+){0,3})"
)
_ACCORDING = re.compile(
    r"\baccording to\s+(?:the\s+)?((?:[\w’'-]+\s+){0,5}?[\w’'-]+)(?=[,.;]|$| and| who| in| on)",
    re.I,
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


def _perpetrator(text: str, lex: Lexicon) -> str | None:
    """The actor named in an agent position: "by X", "X warplanes", "X-led", "X killed"."""
    hits: list[tuple[int, int, str]] = []
    for actor in lex.actors:
        for match in actor.pattern.finditer(text):
            hits.append((match.start(), match.end(), actor.label))
    # Keep the longest of overlapping names ("U.S.-led coalition" over "U.S.").
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, str]] = []
    for hit in hits:
        if kept and hit[0] < kept[-1][1]:
            continue
        kept.append(hit)
    best: tuple[int, str] | None = None
    for start, end, label in kept:
        before, after = text[max(0, start - 40) : start], text[end : end + 40]
        if _VICTIM_BEFORE.search(before) and not _AGENT_BEFORE.search(before):
            continue
        score = 3 if _AGENT_BEFORE.search(before) else 2 if _AGENT_AFTER.match(after) else 1
        if best is None or score > best[0]:
            best = (score, label)
    return best[1] if best else None


# Heads of noun phrases that name a source: "local sources", "the provincial health office".
_SOURCE_HEAD = re.compile(
    r"\b(?:sources?|officials?|ministry|ministries|spokes(?:man|woman|person)|activists?|witness(?:es)?|"
    r"eyewitnesses|residents|doctors?|medics?|paramedics?|agency|council|administration|group|"
    r"monitor|observatory|commander|governor|police|army|military|media|television|office|"
    r"directorate|authorities|rescuers|volunteers|defen[cs]e|crescent|helmets|elders|relatives|"
    r"survivors|staff|workers|organi[sz]ation|committee|coalition|report|reports|outlet|"
    r"correspondent|broadcaster|channel|station|centre|center|network|mission)\b",
    re.I,
)
_NP = r"((?:the\s+|a\s+|an\s+)?(?:[\w’'.-]+\s+){0,6}?[\w’'.-]+)"
_SPEECH = r"(?:said|says|told|reported|reports|added|stated|announced|confirmed|claimed|asserted|complained|wrote|noted)"
_SAID_AT_END = re.compile(rf"(?:^|[,;]\s+|\bthat\s+){_NP}\s+{_SPEECH}\b[^,.;]*[.;]?\s*$", re.I)
_SAID_AT_START = re.compile(
    rf"^{_NP}(?:\s*,[^,]{{1,60}},)?\s+(?:has\s+|have\s+|had\s+)?{_SPEECH}\b", re.I
)
_ACCORDING_TO = re.compile(
    rf"\baccording\s+to\s+{_NP}(?=\s*(?:[,.;)]|$|\s(?:who|which|in|on|at)\b))", re.I
)
_TOLD = re.compile(r"\btold\s+([^,;:]{1,60}?)(?=\s+(?:that|on|in|by|about)\b|[,;:.]|$)")


def _source_name(phrase: str, lex: Lexicon) -> str | None:
    """A claimant's name from the phrase that introduces it, or None if it names no source."""
    phrase = phrase.strip(" ,.;:\"“”'")
    for pattern, name in lex.claimant_aliases:
        if pattern.search(phrase):
            return name
    words = phrase.split()
    if not words or len(words) > 8 or words[0].lower() in ("he", "she", "they", "it", "we", "i"):
        return None
    if not _SOURCE_HEAD.search(phrase):
        return None
    # Keep the noun phrase that ends at the source word: "two residents of the town" → "two residents".
    return phrase


def _claimants(text: str, lex: Lexicon) -> list[str]:
    """Who the sentence says makes the claim, in order: named agencies and sourcing phrases."""
    # (rank, position, name): the outlet a source spoke to comes first, as it relays the
    # claim ("local sources told SANA" reads SANA ← local sources).
    found: list[tuple[int, int, str]] = []
    relays: list[tuple[int, int]] = []
    for match in _TOLD.finditer(text):
        told = match.group(1).strip()
        name = _source_name(told, lex) or (
            told if told[:1].isupper() and len(told.split()) <= 4 else None
        )
        if name:
            found.append((0, match.start(1), name))
            relays.append(match.span(1))
    for pattern in (_ACCORDING_TO, _SAID_AT_END, _SAID_AT_START):
        for match in pattern.finditer(text):
            name = _source_name(match.group(1), lex)
            if name:
                found.append((1, match.start(1), name))
    for pattern, name in lex.claimant_aliases:
        for match in pattern.finditer(text):
            inside_relay = any(a <= match.start() < b for a, b in relays)
            if not inside_relay and _TOLD_BY.search(text[match.end() : match.end() + 30]) is None:
                found.append((1, match.start(), name))
    names: list[str] = []
    for _, _, name in sorted(found):
        if lex.claimant_generic.fullmatch(name) or name.lower() in _COMMON_SOURCES:
            name = name.lower()  # "Local sources said" at a sentence start is "local sources"
        if name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


_COMMON_SOURCES = frozenset(
    """residents witnesses activists medics doctors officials sources survivors relatives
    rescuers paramedics police locals eyewitnesses""".split()  # noqa: SIM905
)
_TOLD_BY = re.compile(r"^\W*(?:'s|’s)\b")


_REPORTING_BEFORE = re.compile(
    r"\b(?:said|says|told\s+(?:[\w’'-]+\s+){0,3}?|reported|announced|stated|added|confirmed|"
    r"wrote|tweeted|posted|issued\s+a\s+statement|in\s+a\s+statement)\s*$",
    re.I,
)


def _event_dates(text: str, published: dt.date | None) -> list[DateRef]:
    """Dates in a sentence, less those of the reporting ("officials said on Wednesday")
    and the start of a period ("since 2017")."""
    periods = [m.span() for m in _SINCE.finditer(text)]
    return [
        ref
        for ref in find_dates(text, published=published)
        if not _REPORTING_BEFORE.search(text[max(0, ref.start - 40) : ref.start].rstrip(" ,on"))
        and not any(a <= ref.start < b for a, b in periods)
    ]


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
    figures = analyse(text, lex, vague_numbers=vague_numbers)
    events = _labels(text, lex.events)
    relevant = figures.any or bool(events)
    return Facts(
        sentence=sentence,
        figures=figures,
        places=find_places(text, gazetteer) if relevant else [],
        dates=_event_dates(text, published) if relevant else [],
        events=events,
        weapons=_labels(text, lex.weapons) if relevant else [],
        targets=_labels(text, lex.targets) if relevant and events else [],
        perpetrator=_perpetrator(text, lex) if relevant else None,
        claimants=_claimants(text, lex) if relevant else [],
        hedges=[
            m.group(0).lower()
            for m in lex.hedges.finditer(text)
            if not _NOT_HEDGE.match(text[m.end() : m.end() + 20])
        ],
        contested=[m.group(0).lower() for m in lex.contest.finditer(text)],
        generic=bool(lex.generic.search(text) or _SINCE.search(text)),
        anaphoric=bool(lex.anaphora.search(text)),
        new_event=bool(lex.new_event.search(text)),
        same_admin=bool(_SAME_ADMIN.search(text)),
        index=index,
        event_at=_first_event(text, lex) if relevant else None,
    )


_ACCUSE = re.compile(r"\b(?:accused|blamed|held)\b", re.I)


def _accused(text: str, lex: Lexicon) -> str | None:
    """ "Residents accused government forces of firing the shells": the actor blamed."""
    match = _ACCUSE.search(text)
    return _perpetrator(" by " + text[match.end() :], lex) if match else None


def _first_event(text: str, lex: Lexicon) -> int | None:
    """Where the sentence first names the attack: dates are read nearest to it."""
    starts = [m.start() for item in lex.events if (m := item.pattern.search(text))]
    return min(starts) if starts else None


# -- dates -------------------------------------------------------------------------------


def _specific(dates: list[DateRef]) -> bool:
    """A date that points at one day (resolved, or a weekday or month-day awaiting a year)."""
    return any(
        d.precision == "day" or (d.hint or "").startswith(("weekday:", "month-day:")) for d in dates
    )


_DAYS_AGO: dict[str, tuple[int, int]] = {
    "relative:today": (0, 0),
    "relative:tonight": (0, 0),
    "relative:this morning": (0, 0),
    "relative:yesterday": (1, 1),
    "relative:last night": (0, 1),
    "relative:last week": (1, 13),
    "relative:this week": (0, 6),
    "relative:earlier this week": (0, 6),
    "relative:last month": (28, 62),
    "relative:earlier this month": (0, 31),
    "relative:this month": (0, 31),
    "relative:last year": (365, 731),
}


def _window(ref: DateRef) -> tuple[int, int] | None:
    """Days before publication a date expression can mean, when it is relative to it."""
    hint = ref.hint or ""
    if hint.startswith("weekday:"):
        return (0, 6)
    return _DAYS_AGO.get(hint)


def dates_conflict(a: DateRef, b: DateRef) -> bool:
    """True when two date expressions cannot be the same day."""
    if a.date is not None and b.date is not None:
        a_end, b_end = a.date_end or a.date, b.date_end or b.date
        return a_end < b.date or b_end < a.date
    if a.hint and b.hint and a.hint == b.hint:
        return False
    if (a.hint or "").startswith("month-day:") and (b.hint or "").startswith("month-day:"):
        return True
    if (a.hint or "").startswith("weekday:") and (b.hint or "").startswith("weekday:"):
        return a.hint.split(":")[1] != b.hint.split(":")[1]  # type: ignore[union-attr]
    wa, wb = _window(a), _window(b)
    if wa is None or wb is None:
        return False
    return wa[1] < wb[0] or wb[1] < wa[0]


# -- assembling mentions -----------------------------------------------------------------


@dataclass
class Draft:
    """A mention being built from one or more sentences."""

    facts: list[Facts] = field(default_factory=list)

    @property
    def place(self) -> PlaceRef | None:
        return next((f.incident_place for f in self.facts if f.incident_place), None)

    @property
    def date(self) -> DateRef | None:
        return next((f.date for f in self.facts if f.date), None)

    @property
    def numeric(self) -> bool:
        return any(f.figures.numeric for f in self.facts)

    @property
    def last(self) -> int:
        return self.facts[-1].index


def _same_place(a: PlaceRef, b: PlaceRef) -> bool:
    return bool(set(a.place_ids) & set(b.place_ids)) or a.surface.lower() == b.surface.lower()


def compatible(draft: Draft, facts: Facts) -> bool:
    """Whether a sentence goes on telling the open mention's incident."""
    if facts.new_event:
        return False
    place, date = draft.place, draft.date
    new_place = facts.incident_place
    if date is not None and facts.date is not None and dates_conflict(date, facts.date):
        return False
    mentions_old_place = place is not None and any(
        _same_place(place, p) for p in facts.places if p.role == "incident"
    )
    continues = facts.anaphoric or mentions_old_place
    known = [p for f in draft.facts for p in f.places]
    moved = (
        place is not None
        and new_place is not None
        and not any(_same_place(p, new_place) for p in known)
    )
    if moved and not continues:
        return False
    recounted = facts.figures.numeric and draft.numeric and (new_place is not None or facts.dates)
    if recounted and not continues:
        return False
    if facts.same_admin and draft.numeric:
        return False
    return facts.index - draft.last <= 3 or facts.anaphoric or mentions_old_place


def _combine(ranges: list[Range]) -> Range:
    """Several claims about one count: lowest lower bound to highest figure stated."""
    if not ranges:
        return Range()
    mins = [r.min for r in ranges if r.min is not None]
    highs = [v for r in ranges for v in (r.min, r.max) if v is not None]
    open_ended = any(r.max is None and r.min is not None for r in ranges)
    low = min(mins) if mins else None
    high = max(highs) if highs else None
    if open_ended and len({*mins, *(r.max for r in ranges if r.max is not None)}) <= 1:
        high = None  # one open-ended claim ("at least 10"): no upper bound was stated
    return Range(low, high)


_AIR_POWERS = {"US-led coalition", "Saudi-led coalition", "United States"}
_GROUND = re.compile(
    r"\b(?:gunmen|troops|soldiers|fighters|bomb(?:er)?s?\b|IED|mine|shell(?:s|ing)|artillery)", re.I
)


def _in_country(
    perpetrator: str | None, country: str | None, texts: list[str], lex: Lexicon
) -> str | None:
    """Name the actor as the article's setting implies: "coalition" in Yemen is Saudi-led."""
    if perpetrator == "government":
        return lex.governments.get(country or "", "government forces")
    if perpetrator == "US-led coalition" and (
        country == "YE" or any("Saudi" in t and "coalition" in t for t in texts)
    ):
        return "Saudi-led coalition"
    return perpetrator


def _victims(figures: list[Figures], texts: list[str]) -> str | None:
    kinds = set().union(*(f.victims for f in figures)) if figures else set()
    if "civilians" in kinds:
        return "civilians"
    if "military" in kinds:
        return "military"
    if "unknown" in kinds:
        return "unknown"
    if any(re.search(r"\bcivilians?\b", t, re.I) for t in texts):
        return "civilians"
    return None


class ArticleContext:
    """What earlier sentences of the article said about provinces and the country."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.admin: GazetteerPlace | None = None
        self.admin_mentioned: str | None = None
        self.country: str | None = None

    def note(self, facts: Facts) -> None:
        for ref in facts.places:
            if ref.role == "admin":
                found = self.gazetteer.admin1(ref.surface, self.country)
                if found is not None:
                    self.admin, self.admin_mentioned = found, ref.surface
                    self.country = found.country
            elif ref.role == "country" and self.country is None:
                found = self.gazetteer.admin1(ref.surface)
                hits = self.gazetteer.exact(ref.surface)
                country = next((h.country for h in hits if h.placetype == "country"), None)
                self.country = country or (found.country if found else None)


def _admin_for(facts: Facts, context: ArticleContext) -> tuple[GazetteerPlace | None, str | None]:
    ref = facts.admin
    if ref is not None:
        found = context.gazetteer.admin1(ref.surface, context.country)
        if found is not None:
            return found, ref.surface
    return context.admin, context.admin_mentioned


Admins = dict[int, tuple[GazetteerPlace | None, str | None]]


def _finish(
    draft: Draft,
    ordinal: int,
    admins: Admins,
    countries: dict[int, str | None],
    gazetteer: Gazetteer,
    lex: Lexicon,
    fallback: PlaceRef | None = None,
) -> Mention | None:
    facts = draft.facts
    if all(f.generic and not _specific(f.dates) for f in facts):
        return None
    figures = [f.figures for f in facts]
    texts = [f.sentence.text for f in facts]
    killed = _combine([r for f in figures for r in f.killed])
    injured = _combine([r for f in figures for r in f.injured])
    casualties = _combine([r for f in figures for r in f.casualties])
    if killed.max is not None and any(_TOLL_OPEN.search(t) for t in texts):
        killed = Range(killed.min, None)  # "the real toll is higher", "could rise"
    groups = max((f.killed_groups for f in figures), default=0)
    if not killed.known and groups:
        killed = Range(groups, None)
    if (
        casualties.known
        and killed.known
        and casualties.min in (killed.min, None)
        and casualties.max in (killed.max, None)
    ):
        casualties = Range()  # "casualties" used for the same deaths the report counts
    events = [e for f in facts for e in f.events]
    event = next((e for e in _EVENT_ORDER if e in events), None)
    targets = sorted({t for f in facts for t in f.targets})
    weapons = sorted({w for f in facts for w in f.weapons})
    harmed = any(f.any for f in figures)
    place_ref = draft.place
    has_admin = any(f.admin or f.same_admin for f in facts)
    if (
        place_ref is None
        and fallback is not None
        and not has_admin
        and any(f.figures.numeric for f in facts)
    ):
        place_ref = fallback  # counted harm with no place: where the article is set
    anchor = (
        next((f for f in facts if f.incident_place is place_ref), facts[0])
        if place_ref
        else facts[0]
    )
    admin, admin_mentioned = admins[anchor.index]
    same_admin = any(f.same_admin for f in facts)
    if place_ref is None and admin is None:
        return None
    if place_ref is None and not same_admin and not any(f.admin for f in facts):
        return None
    date_ref = draft.date
    unharmed = any(_NO_HARM.search(t) for t in texts)
    if not (
        harmed
        or (
            event
            and not unharmed
            and (_specific([date_ref] if date_ref else []) or targets or weapons)
        )
    ):
        return None
    near = None
    landmark = next((p for f in facts for p in f.places if p.role == "landmark"), None)
    country = countries[anchor.index]
    if landmark is not None:
        hits = gazetteer.exact(
            landmark.surface, country=country, admin1_id=admin.id if admin else None
        )
        near = hits[0] if hits else None
    place = resolve(
        place_ref.surface if place_ref else None,
        gazetteer,
        admin=admin,
        admin_mentioned=admin_mentioned,
        country=country,
        near=near,
    )
    claimants: list[str] = []
    for f in facts:
        claimants += [c for c in f.claimants if c not in claimants]
    perpetrator = _in_country(
        next((f.perpetrator for f in facts if f.perpetrator), None), country, texts, lex
    )
    if event == "attack" and perpetrator in _AIR_POWERS and not _GROUND.search(" ".join(texts)):
        event = "airstrike"  # "raids by the coalition": coalitions strike from the air
    children = next((f.children_killed for f in figures if f.children_killed is not None), None)
    women = next((f.women_killed for f in figures if f.women_killed is not None), None)
    return Mention(
        ordinal=ordinal,
        # The sentence that places the incident comes first: it is the mention's quote.
        evidence=tuple(
            Span(f.sentence.start, f.sentence.end)
            for f in sorted(facts, key=lambda f: (f is not anchor, f.index))
        ),
        event_type=event,
        date=date_ref.date if date_ref else None,
        date_end=(date_ref.date_end or date_ref.date) if date_ref else None,
        date_precision=date_ref.precision if date_ref else "unknown",
        date_hint=date_ref.hint if date_ref and date_ref.date is None else None,
        place=place,
        perpetrator=perpetrator,
        victims=_victims(figures, texts),
        killed=killed,
        injured=injured,
        casualties=casualties,
        children_killed=children,
        women_killed=women,
        vague=tuple(dict.fromkeys(v for f in figures for v in f.vague)),
        weapons=tuple(weapons),
        targets=tuple(targets),
        claimants=tuple(claimants),
        hedges=tuple(dict.fromkeys(h for f in facts for h in f.hedges)),
        contested=tuple(dict.fromkeys(c for f in facts for c in f.contested)),
        acknowledged=any(_ACKNOWLEDGED.search(t) for t in texts),
    )


def _strip_dateline(text: str) -> str:
    """Blank out a dateline: it names where the report was filed, not where harm occurred."""
    match = DATELINE.match(text)
    if match is None:
        return text
    return " " * match.end() + text[match.end() :]


def extract(
    document_text: str,
    article: Article,
    gazetteer: Gazetteer,
    *,
    vague_numbers: bool = False,
    lex: Lexicon | None = None,
) -> list[Mention]:
    """The mentions of incidents in one article, in the order the article tells them."""
    lex = lex or lexicon()
    context = ArticleContext(gazetteer)
    admins: Admins = {}
    countries: dict[int, str | None] = {}
    drafts: list[Draft] = []
    current: Draft | None = None
    cue = lex.candidate.search
    for index, sentence in enumerate(sentences(document_text, article, worth_splitting=cue)):
        text = _strip_dateline(sentence.text) if index == 0 else sentence.text
        facts = read_sentence(
            sentence, index, text, article.published, gazetteer, lex, vague_numbers=vague_numbers
        )
        context.note(facts)
        admins[index] = _admin_for(facts, context)
        countries[index] = context.country
        if not facts.relevant:
            close = current is not None and facts.index - current.last <= 1
            if (
                current is not None
                and (facts.anaphoric or close)
                and (facts.contested or facts.hedges or _accused(facts.sentence.text, lex))
            ):
                current.facts.append(replace(facts, perpetrator=_accused(facts.sentence.text, lex)))
            continue
        if facts.generic and not _specific(facts.dates):
            continue
        if current is not None and compatible(current, facts):
            current.facts.append(facts)
        else:
            current = Draft([facts])
            drafts.append(current)
    mentions: list[Mention] = []
    setting = _dateline_place(article.dateline, gazetteer)
    for position, draft in enumerate(drafts):
        earlier = (d.place for d in reversed(drafts[:position]) if d.place)
        fallback = setting or next(earlier, None)
        mention = _finish(draft, len(mentions), admins, countries, gazetteer, lex, fallback)
        if mention is not None:
            if mentions:
                mention = _relative_to(mention, mentions[-1])
            mentions.append(mention)
    return mentions


_SHIFT = {"relative:same-day": 0, "relative:day-before": -1, "relative:day-after": 1}


def _relative_to(mention: Mention, before: Mention) -> Mention:
    """Resolve "the same day" or "a day before" against the incident told just before."""
    shift = _SHIFT.get(mention.date_hint or "")
    if shift is None or before.date is None or before.date_precision != "day":
        return mention
    day = before.date + dt.timedelta(days=shift)
    return replace(mention, date=day, date_end=day, date_precision="day", date_hint=None)


def _dateline_place(dateline: str | None, gazetteer: Gazetteer) -> PlaceRef | None:
    """The place of a dateline ("RAQQA", "TAL AFAR, Iraq"), when the gazetteer knows it."""
    if not dateline:
        return None
    name = dateline.split(",")[0].strip().title()
    hits = gazetteer.exact(name)
    if not hits:
        return None
    return PlaceRef(0, 0, name, tuple(h.id for h in hits), "incident", True)
