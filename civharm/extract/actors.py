"""Who is alleged to have done it: the perpetrators of a sentence, actors from
`rules/actors.toml` named in an agent position ("by X", "X warplanes", "X killed"). Who
says so is `claimants.py`'s.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from itertools import pairwise

from civharm.extract.lexicon import Lexicon, initials
from civharm.model import Mention

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
    r"\b(?:full\s+of|packed\s+with|carrying)\s+(?:the\s+)?$|"  # "a truck full of X officials"
    r"\b(?:against|on|targeting|targeted|struck|hit|at)\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|the\s+(?:same|following|next)\s+day)\b)(?:the\s+)?"
    r"(?:(?!(?:in|by|from|during|amid|after|when|as)\b)\w+\s+){0,2}$|"
    r"\b(?:killing|killed|kills|wounding|injuring)\s+(?:at\s+least\s+)?(?:\d+|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|several|dozens\s+of|scores\s+of|many)\s+(?:suspected\s+)?$|"
    # "exploded at a patrol of the pro-government Hashd al-Shaabi": whose patrol was hit
    r"\b(?:at|on|targeting|targeted|struck|hit|against)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?"
    r"(?:patrol|convoy|checkpoint|position|base|vehicle|post|outpost|unit|headquarters)s?\s+of\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)


# "an American-made bomb", "a French-built missile": the weapon's maker, not the attacker.
_MAKER_AFTER = re.compile(
    r"^[-\s]*(?:made|built|manufactured|supplied|produced|designed|origin)\b", re.I
)
# "the district held by the Islamic State group", "ISIS-held", "an ISIS stronghold".
# A side of the fighting named as the one that holds or loses ground, or as the one fought.
_SIDE_BEFORE = re.compile(
    r"\b(?:captur|recaptur|retak|liberat|seiz|wrest|reclaim|expel|oust|driv(?:e|ing)\s+out|"
    r"fight(?!er)(?:ing|s)?|battl(?:e|ing)|offensive\s+against|campaign\s+against|war\s+(?:on|against))"
    r"\w*\b[^.;]{0,80}$",
    re.I,
)
# "work to capture the city from the Islamic State group": the side a place is taken from,
# even after "from", which otherwise names an attacker; the sides of a battle.
# "factions supported by Turkish forces": the patron of the side that acted, not the agent.
_PATRON_BEFORE = re.compile(
    r"\b(?:supported|backed|trained|armed|funded|equipped|sponsored)\s+by\s+(?:the\s+)?$", re.I
)
_TAKEN_FROM = re.compile(
    r"\b(?:captur|recaptur|retak|liberat|seiz|wrest|reclaim|expel|oust|driv(?:e|ing)\s+out)"
    r"\w*\b[^.;]{0,80}\bfrom\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$"
    # "as a battle between the Syrian military and ISIS forces was raging": a side
    r"|\b(?:battles?|fighting|clashes|war|fight)\s+between\b[^.;]{0,60}$",
    re.I,
)
# "its troops had responded to an attack by al-Shabaab": the attack that provoked the act
# told is another event; its attacker is not this one's.
_PROVOKED_BEFORE = re.compile(
    r"\b(?:respon(?:ded|ding|se)\s+to|retaliat\w*\s+(?:for|against)|in\s+retaliation\s+for)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:attack|ambush|assault|fire|"
    r"bombing|shelling)\s+(?:by|from)\s+(?:the\s+)?$",
    re.I,
)
# "held by the GNA", and "home to the GNA foreign ministry": whose place it is
_HELD_BEFORE = re.compile(
    r"\b(?:(?:held|controlled|occupied|run|besieged|dominated|ruled)\s+by|home\s+to)\s+"
    r"(?:the\s+)?$",
    re.I,
)
_HELD_AFTER = re.compile(
    r"^(?:[’']s)?[-\s]*(?:held|controlled|run|occupied|stronghold|bastion|territory|enclave|"
    r"pocket|hideouts?|positions?|bases?|headquarters|offices|compound|palace|residence|targets?|"
    r"control|linked|affiliated|allied|aligned|inspired)\b",
    re.I,
)
# "relatives of ISIS members were among the dead": the victims' affiliation.
_AFFILIATION_BEFORE = re.compile(
    r"\b(?:relatives|families|family|wives|widows|children|members|sons|daughters|supporters|"
    r"suspected|alleged)\s+(?:of\s+)?(?:the\s+)?$|"
    r"\b(?:station|channel|agency|media|spokes(?:man|woman|person)|officials?|leader|television|"
    r"TV|outlet|office|ministry)\s+(?:of|for)\s+(?:the\s+)?(?:[\w-]+\s+)?$",
    re.I,
)
# "Suspected Russian strikes": the attacker, named as suspected (not "suspected ISIS members").
_SUSPECTED_MEANS = re.compile(
    r"\b(?:suspected|alleged)\s+[\w.’'-]+(?:\s+[\w.’'-]+)?\s+(?:-led\s+)?(?:war ?planes?|jets?|"
    r"aircraft|drones?|strikes?|air ?strikes?|air\s+raids?|raids?|shelling|bombing|missiles?|"
    r"artillery)\b",
    re.I,
)
# "… were among the dead", "al-Shabaab fighters had been killed": the actor's people are
# the victims, not the attackers.
_AFFILIATION_AFTER = re.compile(
    r"^\s*(?:members|fighters|militants|families|suspects)?\s*(?:were|was)\s+among\b|"
    r"^\s*(?:fighters|militants|members|insurgents|rebels|soldiers|troops|gunmen|commanders?|"
    r"leaders?)\s+(?:had\s+been|have\s+been|were|was)\s+(?:\w+ly\s+)?(?:killed|wounded|injured)\b|"
    # "Four Somali soldiers were killed": the actor's own people are the dead
    r"^\s*(?:had\s+been|have\s+been|were|was)\s+(?:\w+ly\s+)?(?:killed|wounded|injured)\b|"
    # "a truck full of Somali government officials": the actor's people, not its fighters
    r"^\s*(?:officials?|ministers?|employees|staff|lawmakers|MPs|delegates?|diplomats?)\b",
    re.I,
)
# "the GNA's health ministry spokesman said": who speaks, unless it claims the act.
_SPOKESMAN_AFTER = re.compile(
    r"^[’']s\s+(?:[\w-]+\s+){0,3}?(?:spokes(?:man|woman|person)|ministry|minister|officials?|"
    r"media\s+(?:office|centre|center)|statement)\b",
    re.I,
)
# "the GNA said", "Huthi rebels blaming the attack on the coalition": who speaks or blames.
_SPEAKER_AFTER = re.compile(
    r"^[’']?s?\s*(?:(?!(?:are|is|were|was|been|be)\b)[\w-]+,?\s+){0,2}?"
    r"(?:said(?!\s+to\b)|says|told|announced|reported|denied|claimed\s+that|added|stated|"
    r"accused|blamed|blaming|accusing|condemned|confirmed)\b",
    re.I,
)
_PERSON_AFTER = re.compile(
    r"^\s*(?:serviceman|servicemen|president|prime\s+minister|minister|embassy|officials?|"
    r"citizens?|civilians?|nationals?|people|residents|journalists?|women|woman|men|man|"
    r"children|child|family|families|doctors?|aid\s+workers?|volunteers?|villagers?|"
    r"farmers?|farm\s+workers?|workers?|students?|teenagers?|girls?|boys?|babies|baby|"
    r"mothers?|fathers?|couple|nurses?|paramedics?|reporters?|photographers?|pilgrims?|"
    r"tourists?|passengers?|hostages?|settlers?)\b",
    re.I,
)
# "The Coalition said its strike …", "… a strike it carried out": the speaker admits the act.
_OWN_ACT = re.compile(
    r"^[’']?s?\s*(?:[\w-]+\s+){0,2}?(?:confirmed|admitted|acknowledged|announced|said\s+it\s+had)\s+"
    r"(?:killing|carrying\s+out|conducting|striking|targeting)\b|"
    r"\b(?:its|their)\s+(?:[\w-]+\s+){0,2}?(?:strikes?|raids?|air\s*strikes?|aircraft|jets|"
    r"warplanes|drones?|forces|troops|fighters|artillery)\b|\b(?:it|they)\s+(?:had\s+)?"
    r"(?:carried\s+out|conducted|launched|struck|fired)\b|"
    r"\bwe\s+(?:have\s+)?(?:killed|attacked|carried\s+out|targeted|struck|shelled)\b",
    re.I,
)
_ACCUSER_AFTER = re.compile(r"^\s*(?:[\w-]+\s+){0,2}?(?:blam|accus)\w*\b", re.I)
# "the OSCE Special Monitoring Mission (SMM) to Ukraine", "the UN envoy to Yemen", "arms
# deliveries to Israel": where someone is sent or something goes, not who attacked.
_DESTINATION_BEFORE = re.compile(
    r"\b(?:missions?|envoys?|ambassadors?|delegations?|representatives?|observers|monitors|"
    r"visits?|trips?|aid|assistance|deliveries|shipments|weapons|arms)\s+(?:\([^()]{1,12}\)\s+)?"
    r"to\s+(?:the\s+)?$"
    # "most of whom were evacuated to Turkey", "fled to Poland": where people went
    r"|\b(?:evacuated|transferred|taken|airlifted|flown|rushed|referred|fled|flee|fleeing|"
    r"crossed|returned|moved|sent|deported)\s+(?:[\w-]+\s+){0,3}?(?:to|into)\s+(?:the\s+)?$",
    re.I,
)
# "Metula, Israel's northernmost town": the country a place is in
_PLACE_OWNED_AFTER = re.compile(
    r"^[’']s\s+(?:[\w-]+most\s+|largest\s+|biggest\s+|second[- ]largest\s+|main\s+)?"
    r"(?:town|city|village|port|capital|region|province|border|north|south|east|west|coast)\b",
    re.I,
)
# "the head of the Ukraine monitoring mission", "the Syria war": a country naming an office
# or a war, not a party to it
_OFFICE_AFTER = re.compile(
    r"^\s+(?:(?:human\s+rights\s+)?monitoring\s+mission|mission|office|team|country\s+director|"
    r"director|desk|bureau|programme|program|researcher|representative|envoy|coordinator|"
    r"correspondent|analyst|expert|war|conflict|crisis)\b",
    re.I,
)
# "the conflict in eastern Ukraine": a country named as where, not as who.
_WHERE_BEFORE = re.compile(
    r"\b(?:in|across|throughout|inside)\s+(?:the\s+)?(?:(?:north|south|east|west|central)(?:ern)?"
    r"(?:[- ](?:north|south|east|west)(?:ern)?)?\s+)?$"
    # "in Pulwama, India": the country of the place before it
    r"|\b(?:in|at|near|of)\s+(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?,\s*$",
    re.I,
)
# "pointed to the coalition as responsible", "held Russia responsible": blamed.
_RESPONSIBLE_AFTER = re.compile(r"^\s*(?:as\s+)?(?:responsible|to\s+blame|accountable)\b", re.I)
_CLAIM_AFTER = re.compile(
    r"^(?:\s+[A-Z][\w-]*){0,3}[’']s?\s+(?:claims?|statement|account|assertion|version|"
    r"allegations?|report)\b"
)
# "AMISOM accused of killing seven civilians", "troops have been accused of shooting": the
# accused is the alleged attacker, not an accuser.
_ACCUSED_AFTER = re.compile(
    r"^\W*(?:(?:forces|troops|soldiers)\s+)?(?:(?:is|are|was|were|has\s+been|have\s+been|"
    r"stands?|stood)\s+)?accused\s+of\s+(?:[\w-]+\s+){0,2}?(?:killing|shooting|bombing|"
    r"attacking|targeting|shelling|massacring|carrying\s+out|executing)\b",
    re.I,
)
_BLAMED_BEFORE = re.compile(
    r"\bblam(?:e|ed|es|ing)\s+(?:[\w-]+\s+){0,4}?on\s+(?:the\s+)?$|\baccus(?:e|ed|es|ing)\s+"
    r"(?:the\s+)?$",
    re.I,
)
# "either Russian or Syrian government jets", "the coalition and the Houthis blamed each other".
_OR_BETWEEN = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:or|and/or)\s+(?:the\s+|by\s+(?:the\s+)?)?$", re.I
)
_EITHER = re.compile(
    r"\beither\s+(?:the\s+)?([A-Z]\w+)\b[^,;.]{0,30}?\bor\s+(?:the\s+)?([A-Z]\w+)\b"
)
_MUTUAL = re.compile(
    r"\b(?:blamed|accused)\s+(?:each\s+other|one\s+another)|\btraded\s+(?:blame|accusations)\b|"
    r"\b(?:unclear|not\s+clear|unknown|undetermined)\s+(?:whether|if)\b",
    re.I,
)


_WORD_START = re.compile(r"(?<![\w-])[^\W\d_]")


def actor_names(text: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """Where the text names actors, as (start, end, name), the longest name where several
    overlap ("U.S.-led coalition" over "U.S."). Only the actors whose names start with a
    word's first letters are tried at that word."""
    kept: list[tuple[int, int, str]] = []
    end_of_last = 0
    for word in _WORD_START.finditer(text):
        start = word.start()
        if start < end_of_last:
            continue
        best: tuple[int, str] | None = None
        for actor in lex.actor_index.get(initials(text[start : start + 8]), ()):
            match = actor.pattern.match(text, start)
            if match is not None and (best is None or match.end() > best[0]):
                best = (match.end(), actor.label)
        if best is not None:
            kept.append((start, best[0], best[1]))
            end_of_last = best[0]
    return kept


def _agents(text: str, lex: Lexicon) -> list[tuple[int, int, int, str]]:
    """Actors that could be the attacker, as (score, start, end, name): 3 "by X", 2 "X
    warplanes", 1 named; makers, holders of a place, victims and targets left out."""
    agents = []
    kept = actor_names(text, lex)
    for start, end, label in kept:
        before, after = text[max(0, start - 40) : start], text[end : end + 40]
        if _VICTIM_BEFORE.search(before) and not (
            _AGENT_BEFORE.search(before) or _BLAMED_BEFORE.search(before)  # "blamed on X"
        ):
            continue
        if (
            _MAKER_AFTER.match(after)
            or _PATRON_BEFORE.search(before)
            or _HELD_BEFORE.search(before)
            or _DESTINATION_BEFORE.search(before)
            or (
                text[start:end] in lex.countries
                and bool(
                    _WHERE_BEFORE.search(before)
                    or _OFFICE_AFTER.match(after)
                    or _PLACE_OWNED_AFTER.match(after)
                )
            )
            or _PROVOKED_BEFORE.search(before)
            or _HELD_AFTER.match(after)
            or (
                _AFFILIATION_BEFORE.search(before)
                and not _SUSPECTED_MEANS.search(text, max(0, start - 15), end + 40)
            )
            or _AFFILIATION_AFTER.match(after)
        ):
            continue
        accused = _ACCUSED_AFTER.match(text[end : end + 80])
        speaks = (_SPEAKER_AFTER.match(after) or _SPOKESMAN_AFTER.match(after)) and not (
            _OWN_ACT.search(text[end:], 0) or _OWN_ACT.search(text[: max(0, start)], 0)
        )
        if not accused and (speaks or _ACCUSER_AFTER.match(after)):
            continue  # "the GNA said", "Huthi rebels blaming the attack on …": a claimant
        if _CLAIM_AFTER.match(after):
            continue  # "supporting the Ukrainian Armed Forces' claim": whose account it is
        blamed = _BLAMED_BEFORE.search(before) or accused or _RESPONSIBLE_AFTER.match(after)
        score = (
            3 if _AGENT_BEFORE.search(before) or blamed else 2 if _AGENT_AFTER.match(after) else 1
        )
        if score == 1 and text[start:end] in lex.nationalities and _PERSON_AFTER.match(after):
            continue  # "a Ukrainian serviceman", "the Turkish president": not an attack's agent
        window = text[max(0, start - 90) : start]
        if _TAKEN_FROM.search(window) or (score == 1 and _SIDE_BEFORE.search(window)):
            continue  # "the offensive to recapture Mosul from the armed group …": the other side
        agents.append((score, start, end, label))
    return agents


def suspected(text: str, lex: Lexicon) -> tuple[str, ...]:
    """The parties of an unresolved attribution ("either X or Y"), in the order named;
    empty when the sentence blames one actor or none."""
    return _suspects(text, _agents(text, lex), lex)


def _suspects(text: str, agents: list[tuple[int, int, int, str]], lex: Lexicon) -> tuple[str, ...]:
    names: list[str] = []
    for (_, _, end, label), (_, start, _, other) in pairwise(agents):
        if label != other and _OR_BETWEEN.match(text[end:start]):
            names += [n for n in (label, other) if n not in names]
    if not names and _MUTUAL.search(text):
        names = list(dict.fromkeys(label for *_, label in agents))
    if not names and (either := _EITHER.search(text)):
        found = [lex.nationalities.get(w) for w in either.group(1, 2)]
        names = [n for n in dict.fromkeys(found) if n]
    return tuple(names) if len(names) > 1 else ()


def attribution(text: str, lex: Lexicon) -> tuple[str | None, tuple[str, ...], int]:
    """The perpetrator and the suspects of a sentence, reading its actors once, and how
    firmly the sentence names the perpetrator: 3 "by X", 2 "X warplanes", 1 only named."""
    agents = _agents(text, lex)
    suspects = _suspects(text, agents, lex)
    if suspects:
        return "unknown", suspects, 3
    if agents and unclaimed(text):
        # "No group has claimed the attack, but the Islamic State, in most cases, …": a guess
        return "unknown", tuple(dict.fromkeys(label for *_, label in agents)), 2
    best: tuple[int, str] | None = None
    for score, _, _, label in agents:
        if best is None or score > best[0]:
            best = (score, label)
    return (best[1], (), best[0]) if best else (None, (), 0)


def perpetrator(text: str, lex: Lexicon) -> str | None:
    """The actor named in an agent position: "by X", "X warplanes", "X-led", "X killed";
    "unknown" when the sentence leaves several suspected."""
    return attribution(text, lex)[0]


_ACCUSE = re.compile(r"\b(?:accused|blamed|held\s+(?:\w+\s+)?(?:responsible|accountable))\b", re.I)
_CLAIMED = re.compile(
    r"\b(?:claimed|claims|claiming|has\s+claimed|admitted|took|takes|accepted)\s+"
    r"(?:responsibility|credit)\b|\bclaimed\s+(?:the|an?)\s+(?:attack|bombing|strike)\b|"
    r"\bsaid\s+it\s+(?:had\s+)?(?:carried\s+out|was\s+behind|conducted)\b",
    re.I,
)


def accused(text: str, lex: Lexicon) -> str | None:
    """ "Residents accused government forces of firing the shells": the actor blamed;
    "al-Shabaab claimed responsibility": the actor that says it did it."""
    if match := _ACCUSE.search(text):
        return perpetrator(" by " + text[match.end() :], lex)
    if match := _CLAIMED.search(text):
        agents = _agents(text[: match.start()], lex)
        return agents[-1][3] if agents else None
    return None


_UNCLAIMED = re.compile(
    r"\bno\s+(?:one|group|party|side|organi[sz]ation)\s+(?:has\s+|had\s+)?(?:immediately\s+|yet\s+|so\s+far\s+)?"
    r"(?:claimed|taken|took|admitted)\b|\bit\s+(?:was|is)\s+(?:not\s+|un)clear\s+who\b|"
    r"\bunclaimed\b|\bno\s+(?:immediate\s+)?claim\s+of\s+responsibility\b|"
    r"\b(?:nobody|no\s+one)\s+(?:has\s+)?(?:immediately\s+|yet\s+)?claimed\b|"
    r"\b(?:blamed|accused)\s+(?:each\s+other|one\s+another)\b",
    re.I,
)


def unclaimed(text: str) -> bool:
    """ "No one immediately claimed responsibility", "both sides blamed each other": the
    attacker is explicitly unknown."""
    return bool(_UNCLAIMED.search(text))


# "On June 5, the group killed at least five people": the armed group the text just named.
_GROUP_AGENT = re.compile(
    r"\b[Tt]he\s+(?:(?:militant|armed|extremist|jihadist|insurgent|terror|terrorist|rebel|"
    r"Islamist)\s+)?(?:group|militants|insurgents|extremists|jihadists|militia)\s+"
    r"(?:(?:has|have|had|also|later|then)\s+)?(?:killed|attacked|claimed|carried\s+out|"
    r"launched|fired|stormed|detonated|bombed|shelled|struck)\b"
)


def group_anaphor(text: str) -> bool:
    """Whether a sentence names its attacker only as "the group" or "the militants"."""
    return _GROUP_AGENT.search(text) is not None


def article_actor(named: list[str], title: str | None, lex: Lexicon) -> str | None:
    """The attacker an article blames throughout: the one its headline names as the agent,
    else the one named in most of its sentences (twice at least, and more than any
    other). A mention that names nobody is taken to be about the same attacker."""
    agents = _agents(title, lex) if title else []
    if agents and not _suspects(title or "", agents, lex):
        score, _, _, headline = max(agents, key=lambda a: a[0])  # the first of the best
        if score >= 2:
            return headline
    counts = Counter(n for n in named if n not in ("unknown", "government"))
    if not counts:
        return None
    (best, n), *rest = counts.most_common(2)
    return best if n >= 2 and (not rest or rest[0][1] < n) else None


def attributed(mention: Mention, text: str, blamed: str | None, lex: Lexicon) -> Mention:
    """A mention that names no attacker: "unknown" where the text says nobody claimed it,
    "unknown" with both sides suspected where the dead fell in clashes the article says
    were between two parties, else the attacker the article blames throughout, if any."""
    if mention.perpetrator is not None:
        return mention
    told = [text[span.start : span.end] for span in mention.evidence]
    if any(unclaimed(t) for t in told):
        return replace(mention, perpetrator="unknown")
    if any(_CLASHES.search(t) for t in told):
        sides = _sides(text, lex)
        if len(sides) >= 2:
            return replace(mention, perpetrator="unknown", suspected=sides)
    return replace(mention, perpetrator=blamed) if blamed else mention


# "Heavy clashes in Aden have left nine more people dead": harm in fighting between sides,
# which the article names elsewhere ("clashes between government forces and the STC").
_CLASHES = re.compile(r"\b(?:clash(?:es|ed)?|fighting|gunfights?|crossfire)\b", re.I)
_BETWEEN = re.compile(
    r"\b(?:clash(?:es)?|fighting|battles?|gunfights?)\s+(?:[\w-]+\s+){0,3}?between\s+"
    r"([^.;]{3,160}?)\s+and\s+([^.;]{3,160}?)(?=[.;,]|\s+(?:in|on|at|near|over|erupted|since)\b|$)",
    re.I,
)


def _sides(text: str, lex: Lexicon) -> tuple[str, ...]:
    """The two parties of the first "clashes between X and Y" that names an actor on each
    side, in the order named."""
    for match in _BETWEEN.finditer(text):
        sides = []
        for group in (1, 2):
            named = [n for *_, n in actor_names(match.group(group), lex) if n != "unknown"]
            if named:
                sides.append(named[-1])
        if len(sides) == 2 and sides[0] != sides[1]:
            return tuple(sides)
    return ()


def in_country(
    perpetrator: str | None, country: str | None, texts: list[str], lex: Lexicon
) -> str | None:
    """Name the actor as the article's setting implies: "coalition" in Yemen is Saudi-led."""
    if perpetrator == "government":
        return lex.governments.get(country or "", "government forces")
    if perpetrator in lex.by_setting:
        return lex.by_setting[perpetrator].get(country or "")
    if perpetrator == "US-led coalition" and (
        country == "YE" or any("Saudi" in t and "coalition" in t for t in texts)
    ):
        return "Saudi-led coalition"
    return perpetrator
