"""Extraction: an article becomes mentions (one per alleged incident) and aggregate claims.

This module only wires the passes of `civharm.extract` together, in the order they run:
every sentence is read for its facts (`facts`); the article's geography is worked out from
the places they name (`geography`); neighbouring sentences about one event are grouped
(`events`) and made into mentions (`mentions`), totals into aggregate claims
(`aggregates`); retellings of one event are joined and province-level mentions refined
(`retellings`); a mention that names no attacker takes the one the article blames
(`actors`). Every mention keeps the spans of the sentences it was built from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from civharm.extract.actors import (
    accused,
    article_actor,
    attributed,
    group_anaphor,
    in_country,
)
from civharm.extract.aggregates import (
    aggregate_claim,
    carried_totals,
    retold_totals,
    round_ups,
)
from civharm.extract.clauses import split_clauses
from civharm.extract.disputes import settle_attributions
from civharm.extract.events import Draft, compatible, other_side, returns_to_lead, specific
from civharm.extract.facts import (
    SET_IN,
    Facts,
    loosely_placed,
    opens_elsewhere,
    places_in,
    read_sentence,
    told_apart,
)
from civharm.extract.geography import article_geography
from civharm.extract.lexicon import Lexicon, lexicon
from civharm.extract.listing import split_listed
from civharm.extract.mentions import (
    Admins,
    ArticleContext,
    admin_for,
    dateline_place,
    finish,
    relative_to,
)
from civharm.extract.names import is_caption, unlikely_name
from civharm.extract.places import PlaceRef
from civharm.extract.retellings import join_retellings, refine
from civharm.extract.sentences import sentences
from civharm.gazetteer import Gazetteer
from civharm.model import Aggregate, Article, Mention, Place
from civharm.stages.segment import dateline_at

VERSION = "extract-4"
_DATELINE_WITHIN = 6  # sentences after page furniture in which a dateline may still come
# "in a house there", "killed there": the place the sentence before named
_THERE = re.compile(
    r"\b(?:in|at|near|inside)\s+(?:the|a|an|their|his|her)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+there\b|"
    r"\b(?:killed|died|struck|hit|wounded|injured|landed|exploded)\s+there\b",
    re.I,
)
_NEAR = 4  # a sentence this close after a mention may say where its event was


# "Aug. 3 (UPI) --": a wire's dateline that gives the filing day and the agency, no place.
_DATED_LINE = re.compile(
    r"^\s*(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,\s*\d{4})?\s*\([A-Za-z .&/-]{1,30}\)\s*[-–—]+(?=\s)"
)


def _strip_dateline(text: str) -> str:
    """Blank out a dateline: it names where and when the report was filed, not where or
    when harm occurred."""
    match = dateline_at(text) or _DATED_LINE.match(text)
    if match is None:
        return text
    return " " * match.end() + text[match.end() :]


@dataclass(frozen=True)
class Extracted:
    """What one article claims: incidents as mentions, and totals as aggregate claims."""

    mentions: list[Mention]
    aggregates: list[Aggregate]


def _opens(text: str, index: int, article: Article) -> bool:
    """Whether a sentence opens with the article's dateline: the first one, the one that
    starts with the dateline's place when lines come before it, or, where segmentation saw
    none, an opening sentence that starts like one ("BAGHDAD: An airstrike …")."""
    if index == 0:
        return True
    place = (article.dateline or "").split(",")[0].strip()
    if place:
        return text.lstrip().upper().startswith(place.upper())
    return index <= _DATELINE_WITHIN and bool(dateline_at(text) or _DATED_LINE.match(text))


def extract(
    document_text: str,
    article: Article,
    gazetteer: Gazetteer,
    *,
    vague_numbers: bool = False,
    lex: Lexicon | None = None,
) -> list[Mention]:
    """The mentions of incidents in one article, in the order the article tells them."""
    return extract_article(
        document_text, article, gazetteer, vague_numbers=vague_numbers, lex=lex
    ).mentions


def extract_article(
    document_text: str,
    article: Article,
    gazetteer: Gazetteer,
    *,
    vague_numbers: bool = False,
    lex: Lexicon | None = None,
) -> Extracted:
    """The mentions and aggregate claims of one article, in the order it tells them."""
    lex = lex or lexicon()
    aggregates: list[Aggregate] = []
    cue = lex.candidate.search
    split = sentences(document_text, article, worth_splitting=cue)
    texts = [
        _strip_dateline(s.text) if _opens(s.text, index, article) else s.text
        for index, s in enumerate(split)
    ]
    once = [
        read_sentence(
            sentence,
            index,
            texts[index],
            article.published,
            gazetteer,
            lex,
            vague_numbers=vague_numbers,
        )
        for index, sentence in enumerate(split)
    ]
    once = carried_totals(once, texts)

    def listed(facts: list[Facts]) -> list[Facts]:
        # a toll a list adds up to ("… risen to 22, they are: …") may be retold beside it
        parts = [part for f in facts for part in split_listed(f, lex, vague_numbers=vague_numbers)]
        return round_ups(
            retold_totals(
                [one for f in parts for one in split_clauses(f, lex, vague_numbers=vague_numbers)]
            )
        )

    read = listed(once)
    geography = article_geography(
        document_text[article.body.start : article.body.end],
        gazetteer,
        title=article.title,
        dateline=article.dateline,
        places=[p.surface for facts in read for p in facts.places],
        homes=[home for f in read if (home := lex.homes.get(f.perpetrator or ""))],
    )
    if geography.country is not None and geography.country not in gazetteer.full_countries():
        # set where the gazetteer has no or only the larger places: "in X" is one (only the
        # places read again)
        read = listed([loosely_placed(f, texts[f.index], gazetteer, lex) for f in once])
    context = ArticleContext(gazetteer, prior=geography.country)
    admins: Admins = {}
    countries: dict[int, str | None] = {}
    drafts: list[Draft] = []
    wheres: list[Draft] = []
    # where a placeless event happened, told by a sentence of harm right after it ("the
    # child … was injured by shrapnel in the Al-Askari neighbourhood") that counts nobody
    told_where: dict[int, PlaceRef] = {}
    current: Draft | None = None
    seen: set[str] = set()
    last_named: str | None = None  # the actor most recently named, for "the group"
    opening: PlaceRef | None = None  # where the story is set before any harm is told
    for facts in read:
        index = facts.index
        if facts.relevant and facts.sentence.text in seen:
            continue  # a page that repeats its paragraphs tells each once
        seen.add(facts.sentence.text)
        if is_caption(facts.sentence.text):
            continue  # "Mourners carry the body of …": a photo's caption, not the report
        if facts.perpetrator is None and last_named and group_anaphor(facts.sentence.text):
            facts = replace(facts, perpetrator=last_named, firmness=2)
        if facts.perpetrator not in (None, "unknown"):
            last_named = facts.perpetrator
        context.note(facts)
        admins[index] = admin_for(facts, context)
        countries[index] = context.country
        if facts.figures.totals:
            aggregates.append(aggregate_claim(facts, len(aggregates)))
            if not facts.figures.any:
                continue  # a total alone never opens or joins a mention
        if not facts.relevant:
            here = facts.incident_place
            if (
                current is None
                and opening is None
                and here
                and SET_IN.match(facts.sentence.text, here.end)
            ):
                opening = here  # "Michel hid in his church in Kishishe, a town in …"
            if current is not None and here and facts.index - current.last <= _NEAR:
                wheres.append(Draft([facts]))  # may say where the open event was
                if not current.places and lex.harm_any.search(facts.sentence.text):
                    told_where.setdefault(id(current), here)
            close = current is not None and facts.index - current.last <= 1
            if (
                current is not None
                and (facts.anaphoric or close)
                and (facts.contested or facts.hedges or accused(facts.sentence.text, lex))
            ):
                current.facts.append(replace(facts, perpetrator=accused(facts.sentence.text, lex)))
            continue
        if facts.generic and not specific(facts.dates):
            # "17 civilians were killed in a series of raids on the Wahda neighbourhood":
            # a counted retelling of the open event stays with it; other talk is context
            if facts.figures.numeric and current is not None and compatible(current, facts):
                current.facts.append(facts)
            elif (
                current is not None
                and facts.anaphoric
                and facts.incident_place
                and not current.places
            ):
                # "The attack happened in Dera Ismail Khan, where militancy has spiked"
                told_where.setdefault(id(current), facts.incident_place)
            continue
        if current is not None and returns_to_lead(drafts, facts):
            drafts[0].facts.append(facts)
            continue
        if current is not None and compatible(current, facts, drafts[:-1]):
            current.facts.append(facts)
        else:
            if current is not None and other_side(current, facts):
                facts = replace(facts, new_event=True)  # told apart: never joined back
            current = Draft([facts])
            drafts.append(current)
            if facts.incident_place is None and facts.index and _THERE.search(facts.sentence.text):
                # "… had killed 17 people in a house there": where the sentence before was
                there = places_in(texts[facts.index - 1], gazetteer, lex)
                if before := next((p for p in there if p.role == "incident"), None):
                    told_where[id(current)] = before
    mentions: list[Mention] = []
    details: list[Mention] = []
    separate: list[bool] = []
    borrowed: list[bool] = []
    setting = dateline_place(article.dateline, gazetteer)
    city = geography.cities[0] if geography.cities else None
    named_city = PlaceRef(0, 0, city.name, (city.id,), "incident", True) if city else None
    for position, draft in enumerate(drafts):
        # A mention whose sentences name no place takes the place told just before it, else
        # the dateline's, else the place told just after it, else the city the article names.
        earlier = (d.place for d in reversed(drafts[:position]) if d.place)
        # a later event told as another ("a separate air strike") lends nothing back
        later = (d.place for d in drafts[position + 1 :] if d.place and not d.facts[0].new_event)
        fallback = (
            told_where.get(id(draft))
            or next(earlier, None)
            or setting
            or opening
            or next(later, None)
            or named_city
        )
        if opens_elsewhere(draft.facts[0].sentence.text):
            fallback = None  # "elsewhere, gunmen shot four police officers": not here
        elif told_apart(draft.facts[0]):
            fallback = setting  # "in a separate strike, …": not said to be where the last was
        mention = finish(
            draft, len(mentions), admins, countries, gazetteer, lex, fallback, geography=geography
        )
        if mention is None and draft.place is not None and not draft.facts[0].new_event:
            detail = finish(
                draft, 0, admins, countries, gazetteer, lex, geography=geography, telling=False
            )
            details += [detail] if detail is not None else []
        if mention is not None:
            if mentions:
                mention = relative_to(mention, mentions[-1])
            mentions.append(mention)
            separate.append(draft.facts[0].new_event)
            # no place of its own: it took the dateline's or a neighbour's (a province the
            # sentence names is its own)
            borrowed.append(
                draft.place is None
                and id(draft) not in told_where
                and mention.place.precision != "admin1"
            )
    body = document_text[article.body.start : article.body.end]
    mentions = [_named_plausibly(m, body) for m in mentions]
    for where in wheres:
        detail = finish(
            where, 0, admins, countries, gazetteer, lex, geography=geography, telling=False
        )
        details += [detail] if detail is not None else []
    mentions = join_retellings(mentions, separate, borrowed, is_city=gazetteer.is_city)
    mentions = refine(mentions, details, gazetteer.is_city)
    told = [(sentence.start, text) for sentence, text in zip(split, texts, strict=True)]
    mentions = settle_attributions(mentions, told, body, lex)
    blamed = article_actor([f.perpetrator for f in read if f.perpetrator], article.title, lex)
    mentions = [
        _in_setting(attributed(m, document_text, blamed, lex), geography.country, [body], lex)
        for m in mentions
    ]
    return Extracted(mentions, aggregates)


def _named_plausibly(mention: Mention, body: str) -> Mention:
    """A place kept only as written must read as a place name, or the mention keeps only
    the province it was placed in (if any)."""
    place = mention.place
    if place.gazetteer_id is not None or not place.mentioned:
        return mention
    if not unlikely_name(place.mentioned, body):
        return mention
    if place.precision == "admin1" and place.admin1:
        return replace(mention, place=replace(place, mentioned=place.admin1, name=place.admin1))
    return replace(mention, place=Place(country=place.country))


def _in_setting(mention: Mention, country: str | None, body: list[str], lex: Lexicon) -> Mention:
    """The actor as the article's setting names it, whichever pass found it: "the
    coalition" of a report from Yemen is the Saudi-led coalition."""
    where = mention.place.country or country
    named = in_country(mention.perpetrator, where, body, lex)
    suspects = tuple(
        dict.fromkeys(s for s in (in_country(x, where, body, lex) for x in mention.suspected) if s)
    )
    if named == mention.perpetrator and suspects == mention.suspected:
        return mention
    return replace(mention, perpetrator=named, suspected=suspects)
