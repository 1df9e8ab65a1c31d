"""Casualty figures in one sentence: who was killed or injured, how many, as ranges.

`find_quantities` finds the counts; this module decides what each count is of. A count is
of the killed, the injured, or both ("casualties", "killed and injured") by the harm word
nearest to it in its clause: right after it ("20 civilians were killed"), or right before
it ("killing 20", "the death toll rose to 20", "claimed the lives of 20"). Counts inside an
"including …" phrase, and counts of children or women, are sub-counts; when a sentence
gives only sub-groups, their sum is a lower bound of the total.
"""

from __future__ import annotations

import re

from civharm.extract.harm import (
    INCLUDING,
    LEFT_HARM,
    PART_AFTER,
    Figures,
    harm_in,
    inside_including,
)
from civharm.extract.lexicon import Lexicon
from civharm.extract.named_dead import children_by_age, named_with_ages
from civharm.extract.numbers import SMALL, count_value
from civharm.extract.people import PERSON, harmed_pronouns, people_lists, single_people
from civharm.extract.periods import MONTH, period_cue
from civharm.extract.quantities import Quantity, find_quantities
from civharm.model import Range

_CLAUSE_END = re.compile(
    r"[;:.!?]|,\s+(?:and|while|but|whereas|although|as|after|when|before)\b|\bwhile\b|\bbut\b"
)
# "the toll from Monday's raid on the market rose to 25", "put the number at 14".
_TOLL_BEFORE = re.compile(
    r"(?:\b(?P<kind>(?:death\s+)?toll|(?:estimates?|number|count)\s+of\s+(?:the\s+)?"
    r"(?:(?:civilians?|people|persons)\s+)?(?:dead|deaths|killed))"
    r"|\b(?:number|figure)|\bthe\s+(?P<dead>dead))\b[^.;]{0,150}?\b(?:rose|risen|climbed|reached|stood|ranged|ranging|put|numbered|"
    r"raised|increased|jumped|grew|was|is|at|to|from)\b(?:\s+(?:to|at|from))?\s*$",
    re.IGNORECASE,
)
_TOLL_REACH = 180  # "the number of civilians killed in … rose to 292": how far back the toll is
# A count standing alone before its verb or partitive: "at least 30 were killed", "five of them".
_BARE_COUNT = re.compile(
    # ("eight more settlements" counts places, not people)
    r"^[\s“”\"'’]*(?:$|[,;.)]|:(?!\d)|(?:were|was|are|is|had|have|has|"
    r"more(?!\s+(?:settlements|villages|towns|cities|houses|homes|buildings|areas|localities|"
    r"communities|districts|regions|shells|rockets|missiles|drones|strikes|raids|times)\b)|"
    r"others?|other|of|in|and|or|"
    r"dead|killed|died|wounded|injured|hurt|casualties|fatalities|deaths|martyrs|bodies|on|"
    r"last|this|so far|to|at)\b"
    # "raising to nine the number killed": the count of a toll named after it
    r"|the\s+(?:number\s+(?:of\s+)?(?:(?:people|civilians|persons)\s+)?(?:killed|dead)|"
    r"(?:death\s+)?toll)\b)",
    re.IGNORECASE,
)
# Nouns of things that are counted near casualty words: "two residential blocks", "42 strikes".
_OBJECTS = frozenset(
    """blocks block buildings building houses house homes home vehicles vehicle cars car trucks
    letters letter strikes strike airstrikes raids raid positions sites targets rockets shells
    missiles bombs mortars tanks weapons tents schools hospitals mosques shops stalls bridges
    roads villages towns days weeks months years hours times storeys floors rounds sorties
    tonnes tons kilometres kilometers miles metres meters percent dollars""".split()  # noqa: SIM905
)
_MEMBERS = re.compile(r"^\W*members\s+of\b", re.IGNORECASE)
# "two residents said", "three witnesses told": people speaking, not people harmed.
_SPEAKERS_AFTER = re.compile(
    r"^\s+(?:(?!(?:were|was|are|is|have|has|had|being|been)\b)[\w-]+\s+){0,2}?"
    r"(?:said|say|says|told|reported|described|recalled|added)\b",
    re.IGNORECASE,
)
# A toll this large is a total over a period or an area, even where the text does not say
# which ("the coalition says it has killed 10,000"): single attacks this deadly are rare
# enough that a reviewer is better served by an aggregate claim than by a map point.
LARGE_TOTAL = 1000
# "four were killed and one wounded": "one" standing for a person.
_ONE_HARMED = re.compile(
    r"^\s+(?:other\s+|more\s+)?(?:(?:was|were|is)\s+)?(?:\w+ly\s+)?(?:killed|wounded|injured|hurt|dead|died)\b",
    re.I,
)
# "rose to 14 martyrs": the toll's own noun says what it counts.
_DEAD_NOUN = re.compile(r"^\s+(?:martyrs|dead|deaths|fatalities|bodies|killed)\b", re.I)
# The harm word right after a count: "seven injured", "three others wounded".
_OWN_HARM_AFTER = re.compile(
    r"^\s+(?:(?:others?|more|people|civilians|persons)\s+)?(?:were\s+|was\s+)?"
    r"(killed|dead|died|injured|wounded|hurt)\b",
    re.I,
)
# A name or "aged" before a number: "Hamza, 15, died", "a boy aged 11", and a full name
# with the age in brackets: "Khalid Saleh (23) lost his life".
_AGE_BEFORE = re.compile(r"(?:\b[A-Z][\w'’-]+\s*,|\baged|\bage)\s*$")
_AS_MANY_HURT = re.compile(
    r"\bas\s+many\s+(?:others\s+|more\s+|people\s+)?(?:were\s+)?(?:wounded|injured|hurt)\b", re.I
)
_DATE_BEFORE = re.compile(rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s*$")
_BRACKETED_AGE = re.compile(r"\b[A-Z][\w'’-]+\s+[A-Z][\w'’-]+\s*\(\s*$")
# "members of one family", "one of the": "one" as a determiner, not a count.
_DETERMINER_ONE = re.compile(r"\b(?:of|from|in|with|for)\s+$", re.IGNORECASE)
_FAMILY_BEFORE = re.compile(r"\b(?:family|families|household)\s+of\s+$", re.IGNORECASE)
# The count's own noun, at most two words on and within its phrase: "nine (Syrian) children".
# Words between a count and its noun: adjectives, never another noun or a conjunction
# ("17 civilians including women" counts civilians, not women).
_ADJECTIVES = (
    r"(?:(?!(?:including|among|and|or|of|civilians?|people|persons?|residents|villagers|"
    r"members|others)\b)[\w-]+ +){0,2}?"
)
_CHILDREN = re.compile(
    rf"^[ “”\"'’]+{_ADJECTIVES}(?:children|child|kids|boys|girls|infants|babies|toddlers|minors|schoolchildren)\b",
    re.IGNORECASE,
)
_WOMEN = re.compile(rf"^[ “”\"'’]+{_ADJECTIVES}(?:women|woman|mothers)\b", re.IGNORECASE)
# Where a count's noun phrase ends: "25 dead before fighters stormed the hotel" counts
# no fighters.
_PHRASE_END = re.compile(r"[,;:.()]|\b(?:said|says|told|according|before|after|when|until)\b")
# "among the dead", "among the 19 wounded", "among 19 people killed"
_AMONG_TOLL = r"among\s+(?:the\s+|those\s+)?(?:[\d,]+\s+|[a-z]+\s+(?=people|civilians|others))?(?:people\s+|civilians\s+|others\s+)?"
_AMONG_DEAD = re.compile(rf"\b{_AMONG_TOLL}(?:dead|killed|victims|fatalities)\b", re.IGNORECASE)
_AMONG_INJURED = re.compile(rf"\b{_AMONG_TOLL}(?:injured|wounded)\b", re.IGNORECASE)
# "13 members of one family were among the dead", "eleven children were among the 19
# wounded": a part of a toll told elsewhere, or after it.
_AMONG_AFTER = re.compile(
    rf"^\s+(?:[\w-]+\s+){{0,6}}?(?:were|was)\s+(?:also\s+)?{_AMONG_TOLL}"
    r"(?:dead|killed|victims|fatalities|injured|wounded)\b",
    re.IGNORECASE,
)
_WEEKDAY_BRACKET = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s*\($", re.I)
# "three were missing", "two others are still missing under the rubble"
_OTHER_FATE_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,2}?(?:were|are|was|is|remain(?:ed)?)\s+(?:still\s+)?"
    r"(?:missing|unaccounted\s+for|trapped)\b|"
    # "with five members of the family abducted by the gunmen"
    r"^\s+(?:(?!and\b)[\w-]+\s+){0,4}?(?:abducted|kidnapped|taken\s+hostage)\b",
    re.I,
)
_OTHER_FATE_BEFORE = re.compile(
    r"\b(?:captur(?:e|ed|ing)|arrest(?:ed|ing)?|detain(?:ed|ing)?|rescu(?:e|ed|ing)|free(?:d|ing)?|"
    r"evacuat(?:e|ed|ing)|abduct(?:ed|ing)?|kidnapp?(?:ed|ing)?|deploy(?:ed|ing)?|"
    r"releas(?:e|ed|ing)|displac(?:e|ed|ing)|uproot(?:ed|ing)?|forc(?:ed|ing)\s+out|"
    r"(?:left|leaving|made|making)\s+homeless)\s+"
    r"(?:at\s+least\s+|about\s+|some\s+|nearly\s+|another\s+|more\s+than\s+|over\s+)?$",
    re.I,
)
# "a bus carrying 30 passengers": people aboard, not harmed, unless the count says it
# ("ambulances carried at least 22 injured people").
_HOLDING_BEFORE = re.compile(
    r"\b(?:carr(?:y|ies|ied|ying)|hous(?:es|ed|ing)|shelter(?:s|ed|ing))\s+"
    r"(?:at\s+least\s+|about\s+|some\s+|nearly\s+)?$",
    re.I,
)
_HARMED_AFTER = re.compile(r"^\s+(?:[\w-]+\s+)?(?:injured|wounded|dead|bodies|casualties)\b", re.I)
# "about 150 workers were there for the harvest": people present, not a toll, unless the
# same phrase says what befell them ("40 people who were inside were killed") or a harm
# comes just before ("killing four staff who were working in the warehouse").
_PRESENT_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,3}?(?:[\w-]+\s*,\s*including\s+[^,]{1,30},\s*)?(?:were|had\s+been)\s+"
    r"(?:there|present|inside|on\s+board|aboard|gathered|working|sitting|staying|sheltering|"
    r"living)\b[^,;.]*",
    re.I,
)
_WITH_ATTACKER = re.compile(
    r"^\s*(?:people|persons|civilians|others)?\s*,?\s*(?:including|among them)\s+the\s+"
    r"(?:suicide\s+)?(?:bomber|attacker|assailant|gunman)\b",
    re.I,
)
_MORE_AFTER = re.compile(r"^\s+(?:others|more|other\s+(?:people|civilians))\b", re.I)
# "80 deaths since January, including three children, and 156 injuries": a count joined to
# a total by "and", with no verb of its own, is that total's
_AND_BEFORE = re.compile(r",?\s+and\s+(?:at\s+least\s+|nearly\s+|about\s+|some\s+)?$", re.I)
_TOLL_NOUN = re.compile(
    r"^\s+(?:injuries|deaths|casualties|fatalities)\b(?!\s+(?:were|was|on|in))", re.I
)
# "four more people were killed when other shells struck nearby": added to the toll told.
_MORE_PEOPLE = re.compile(
    r"^\s+more\s+(?:people|persons|civilians|bodies|victims)?\s*(?:were\s+|have\s+been\s+)?"
    r"(?:\w+ly\s+)?(?:killed|died|dead)\b",
    re.I,
)
_ANOTHER = re.compile(
    r"\b(?:(?P<k>killed|killing)|wounded|wounding|injured|injuring)\s+another"
    r"(?=\s*(?:[.,;]|$)|\s+(?:in|on|at|near|when|as|during|after|while)\b)",
    re.I,
)
# "six civilians were killed and a seventh injured", "one was killed and another
# wounded": one more person, of the other harm.
_ORDINAL_ONE = re.compile(
    r"\b(?:(?:a|the)\s+(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)|another)"
    r"(?:\s+(?:person|man|woman|child|civilian|victim|one))?\s+(?:(?:was|is)\s+)?"
    r"(?:(?:also|later|critically|seriously|severely|badly|slightly)\s+)?"
    r"(?:(?P<k>killed|died)|injured|wounded|hurt)\b",
    re.I,
)
_ADVERBS = re.compile(r"^(?:\w+ly\s+)+", re.I)  # "12 Reportedly Killed"
# "four children aged 5 to 12 were killed", "two women died": the group is the subject
# (with an aside between: "six children – all under ten – lost their lives", "five
# children, who lived in the camp, died")
_ASIDE = r"(?:[\w-]+\s*(?:,|\s[–—])\s*[^,–—.;]{1,60}?\s*[,–—]\s+)?"
_GROUP_DIED = re.compile(
    rf"^\s+(?:[\w-]+\s+){{0,6}}?{_ASIDE}(?:were|have\s+been|had\s+been)\s+(?:\w+ly\s+)?"
    rf"(?:killed|shot\s+dead)\b"
    rf"|^\s+(?:[\w-]+\s+){{0,6}}?{_ASIDE}(?:died|perished|lost\s+their\s+lives|were\s+martyred)\b",
    re.I,
)
_BARE_KILLED = re.compile(r"^\s+(?:[\w-]+\s+)?(?:killed|shot\s+dead|dead)\b", re.I)
_THE_BEFORE = re.compile(r"(?<!among\s)\b(?:the|these|those|both)\s+$", re.I)
_BARE_VERB = re.compile(r"^\s+(?:were|was|are|had|have|died|dead|killed)\b", re.I)


def _victim_class(noun_phrase: str, lex: Lexicon) -> str | None:
    """The kind of people the first victim noun after a count names ("14 people before
    gunmen stormed": people)."""
    found = [
        (match.start(), labelled.label)
        for labelled in lex.victims
        if (match := labelled.pattern.search(noun_phrase))
    ]
    return min(found)[1] if found else None


# ", including three women and five children," and ", a child among them,": a part told
# inside the count's clause, which goes on past it ("25 people, including six children,
# have been killed since March")
_PART_INSIDE = re.compile(
    r",\s*(?:(?:including|among them|most of them)[^,]*|(?:[\w-]+\s+){1,5}?among\s+them),",
    re.IGNORECASE,
)


def _unparted(sentence: str) -> str:
    """The sentence with its inner parts blanked, offsets kept."""
    return _PART_INSIDE.sub(lambda m: "," + " " * (len(m.group(0)) - 1), sentence)


def _clause_after(sentence: str, start: int) -> str:
    """Text after a count up to the end of its clause, with any including-phrase removed."""
    rest = sentence[start:]
    match = _CLAUSE_END.search(rest)
    clause = rest[: match.start()] if match else rest
    # ", including three women and five children, were killed" → ", were killed"; so too
    # ", a child among them, were killed"
    return _PART_INSIDE.sub(",", clause)


def _in_including(sentence: str, q: Quantity) -> bool:
    return inside_including(sentence, q.start)


_TIME_AFTER = re.compile(
    r"\s*(?:in\s+the\s+(?:morning|afternoon|evening)(?=\s*[,;:)])|o['’]clock|[ap]\.?m\b\.?)", re.I
)
_OTHERS_HURT = re.compile(
    r"^\s+others\s+(?:were\s+|had\s+been\s+|have\s+been\s+)?(?:\w+ly\s+)?(?:injured|wounded|hurt)\b",
    re.I,
)
_COUNT_WORD = rf"(?:\d{{1,5}}|{'|'.join(SMALL)})"
_TOLL_FROM_TO = re.compile(
    rf"\b(?:death\s+)?toll\b[^.;]{{0,80}}?\bfrom\s+(?P<a>{_COUNT_WORD})\s+to\s+"
    rf"(?P<b>{_COUNT_WORD})\b",
    re.I,
)


def analyse(
    sentence: str, lex: Lexicon, *, vague_numbers: bool = False, of_list: str | None = None
) -> Figures:
    """The casualty figures one sentence gives; `of_list` is the harm of the sentence a
    part of a list was cut from ("… in addition to 5 civilians in Kafar Sajna")."""
    figures = Figures()
    if of_list is None and not lex.harm_any.search(sentence):
        return figures
    sentence_harm = of_list or harm_in(sentence, lex)
    listed = people_lists(sentence, figures)
    listed += single_people(sentence, figures, listed, lex, of_list=of_list)
    listed += harmed_pronouns(sentence, figures, listed)
    named_with_ages(sentence, figures, listed)
    head_harm: str | None = None
    head_total = False  # the last head count was a total
    group_kinds: set[bool] = set()  # counted groups told whole: children (True), women (False)
    unparted = _unparted(sentence)
    for q in find_quantities(sentence, vague_numbers=vague_numbers):
        if any(start <= q.start < end for start, end in listed):
            continue
        if not q.casualty_capable:
            continue
        after = sentence[q.end : q.end + 80]
        before = sentence[max(0, q.start - 30) : q.start]
        if _SPEAKERS_AFTER.match(after) or re.search(r"according to\s+$", before):
            continue
        if _AGE_BEFORE.search(before) and re.match(r"^\s*(?:,|years?\b|-year)", after):
            continue  # "Alaa Abu Taima, 28, was pronounced dead": an age, not a count
        if _BRACKETED_AGE.search(before) and after.startswith(")"):
            continue
        if _DATE_BEFORE.search(before) and 1900 <= (q.min or 0) <= 2100:
            continue  # "on January 21, 2022 killed at least 80": the year of a date
        if re.search(r"\d[-/]$", before):
            continue  # "2017-09 Five citizens killed": the month of a date, not a count
        if _WEEKDAY_BRACKET.search(before) and after.startswith(")"):
            continue  # "on Friday (3) killed five": the day of the month, as some papers write it
        if _TIME_AFTER.match(after):
            continue  # "at around four in the morning": a time, not a count
        if q.text.lower() in ("one", "a", "an") and (
            # "one of the strikes"; but "claiming the life of one person" counts
            (_DETERMINER_ONE.search(before) and not LEFT_HARM.search(before))
            or not (
                re.match(rf"^\s+(?:[\w-]+\s+){{0,2}}?{PERSON}\b", after, re.I)
                or _ONE_HARMED.match(after)
            )
        ):
            continue
        end = _PHRASE_END.search(after)
        window = " ".join((after[: end.start()] if end else after).split()[:6])
        if _OTHER_FATE_BEFORE.search(before) or _OTHER_FATE_AFTER.match(after):
            continue  # "captured three more militants", "three were missing": not harmed
        if _HOLDING_BEFORE.search(before) and not _HARMED_AFTER.match(after):
            continue
        present = _PRESENT_AFTER.match(after)
        if (
            present
            and not lex.harm_any.search(present.group(0))
            and not LEFT_HARM.search(sentence[max(0, q.start - 60) : q.start])
        ):
            continue
        victim = _victim_class(window, lex)
        if victim == "attackers":
            continue  # "security forces killed two gunmen": the attackers are not the toll
        if victim is None and _THE_BEFORE.search(before) and not _BARE_VERB.match(after):
            continue  # "killing the two and injuring another 14": people counted already
        if victim is None and _FAMILY_BEFORE.search(before):
            victim = "civilians"
        counted_thing = (
            victim is None
            and not _BARE_COUNT.match(after)
            and not lex.harm_any.match(_ADVERBS.sub("", after.strip(" “”\"'’")))
        )
        left = LEFT_HARM.search(sentence[max(0, q.start - 60) : q.start])
        harm: str | None = None
        # "… – all of them civilians – and over 100 others were injured": not a part
        including = _in_including(sentence, q) and not _OTHERS_HURT.match(after)
        own = _OWN_HARM_AFTER.match(after)
        if left and own and "," in left.group(0):
            # "One Killed, Seven Injured": the count's own word after it, not the one before
            harm = "injured" if own.group(1).lower() in ("injured", "wounded", "hurt") else "killed"
        elif left:
            harm = "killed" if left.group("k") else "injured" if left.group("i") else "casualties"
        elif toll := _TOLL_BEFORE.search(sentence[max(0, q.start - _TOLL_REACH) : q.start]):
            dead = toll.group("kind") or toll.group("dead") or _DEAD_NOUN.match(after)
            harm = "killed" if dead else sentence_harm
        elif including and head_harm is not None:
            harm = head_harm  # "14 killed, including six children": the head count's harm
        if harm is None:
            harm = harm_in(_clause_after(sentence, q.end), lex)
        if harm is None and _AMONG_DEAD.search(sentence[q.end :]):
            harm = "killed"
        if harm is None and _AMONG_INJURED.search(sentence[q.end :]):
            harm = "injured"
        sub = including or bool(PART_AFTER.match(after) or _AMONG_AFTER.match(after))
        if harm is None and (sub or victim) and sentence_harm:
            harm = sentence_harm
        if harm is None or counted_thing:
            continue  # "two residential blocks … killing 19": a count of things
        if not sub:
            head_harm = harm
        if victim:
            figures.victims.add(victim)
        figures.spans.append((q.start, q.end))
        if head_total and (
            sub
            or _MORE_AFTER.match(after)
            or (_AND_BEFORE.search(before) and _TOLL_NOUN.match(after))
        ):
            # "since 9 May, 25 were killed, including six children, and 76 others were
            # injured": the parts and the others of a total belong to it
            if not sub and (q.min is not None or q.max is not None):
                figures.totals.append((harm, Range(q.min, q.max)))
            continue
        cue = period_cue(unparted, q.start, q.end, lex.anaphora)
        if not sub:
            head_total = cue is not None or (q.min or 0) >= LARGE_TOTAL
        if cue is not None or (q.min or 0) >= LARGE_TOTAL:
            figures.period = figures.period or cue
            if q.min is not None or q.max is not None:
                figures.totals.append((harm, Range(q.min, q.max)))
            continue
        if q.vague:
            figures.vague.append(f"{harm}:{q.vague}")
            if q.min is None and q.max is None:
                continue
        value = Range(q.min, q.max)
        if harm == "killed" and _WITH_ATTACKER.match(after) and q.min:
            # "five people, including the bomber, died": the attacker is not a victim
            value = Range(q.min - 1, q.max - 1 if q.max else None)
        noun_after = after
        if part_of := PART_AFTER.match(after):
            # "two of the dead were children": the noun comes after the verb
            noun_after = re.sub(r"^\s*(?:were|was|are)\b", "", after[part_of.end() :])
        is_children = bool(_CHILDREN.match(after) or _CHILDREN.match(noun_after))
        is_women = bool(_WOMEN.match(after) or _WOMEN.match(noun_after)) and not is_children
        if (
            harm == "killed"
            and left is not None
            and not including
            and (is_children or is_women or sub)
            # ("… were killed, at least two of them beheaded": the part of a count told)
            and not (sub and "," in left.group(0))
        ):
            figures.killed.append(value)  # "killing three children", "killing five of them"
            sub = False
        if harm == "killed" and (sub or is_children or is_women):
            if (
                not sub
                and left is None
                and (
                    _GROUP_DIED.match(after)
                    # a headline: "Two women killed in shelling of Maryevka"
                    or (not sentence[: q.start].strip() and _BARE_KILLED.match(after))
                )
            ):
                figures.groups_whole = True
            if is_children and figures.children_killed is None:
                figures.children_killed = q.min if q.min is not None else q.max
            elif is_women and figures.women_killed is None:
                figures.women_killed = q.min if q.min is not None else q.max
            kind = is_children if (is_children or is_women) else None
            if q.min is not None and not (sub and kind in group_kinds):
                # "seven children, including four toddlers": the toddlers are of the seven
                figures.killed_groups += q.min
            if not sub and kind is not None:
                group_kinds.add(kind)
            continue
        if sub:
            continue
        if harm == "killed" and _MEMBERS.match(after) and INCLUDING.search(sentence[: q.start]):
            # "6 members of a family" next to other groups: a group, summed when no total.
            figures.killed_groups += q.min or 0
            continue
        if harm == "killed" and _MORE_PEOPLE.match(after):
            figures.killed_more.append(value)  # "four more people were killed": on top
            continue
        {"killed": figures.killed, "injured": figures.injured, "casualties": figures.casualties}[
            harm
        ].append(value)
    for one in _ANOTHER.finditer(sentence):
        # "Israeli gunfire on the town killed another.": one more person
        (figures.killed if one.group("k") else figures.injured).append(Range(1, 1))
        figures.spans.append(one.span())
    for one in _ORDINAL_ONE.finditer(sentence):
        # counted only beside a count of the other harm: "the sixth died" after five
        # killed is the same toll told again, not one more
        same, other = (
            (figures.killed, figures.injured)
            if one.group("k")
            else (figures.injured, figures.killed)
        )
        if not same and other:
            same.append(Range(1, 1))
            figures.spans.append(one.span())
    if not figures.injured and _AS_MANY_HURT.search(sentence):
        # "two children killed and as many wounded": as many wounded as were killed
        told = figures.killed[-1:] or (
            [Range(figures.killed_groups, figures.killed_groups)] if figures.killed_groups else []
        )
        figures.injured += told
    if not figures.killed and (update := _TOLL_FROM_TO.search(sentence)):
        # "the death toll was revised upwards, from five to six": both claims, as a range
        low, high = (count_value(update.group(g)) for g in ("a", "b"))
        if low is not None and high is not None and low < high:
            figures.killed.append(Range(low, high))
            figures.spans.append(update.span("b"))
    children_by_age(sentence, figures)
    if figures.totals and not (figures.killed or figures.injured or figures.casualties):
        # every count was a total: the children and women among them are the total's
        figures.killed_groups, figures.children_killed, figures.women_killed = 0, None, None
    return figures
