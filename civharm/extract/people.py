"""People counted in words: lists ("three patients and a nurse", "a woman and her two
children") and single persons ("a child was killed", "killing an elderly man", "killing its
driver"), with the women and children among them. Ages inside the phrase are not counts.
"""

from __future__ import annotations

import re

from civharm.extract.harm import (
    LEFT_HARM,
    PART_AFTER,
    Figures,
    harm_in,
    inside_including,
    last_harm,
)
from civharm.extract.lexicon import Lexicon, load_rules
from civharm.extract.numbers import SMALL
from civharm.model import Range

_SMALL = {
    "a": 1, "an": 1, "another": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
PERSON = (
    r"(?:civilians?|people|persons?|men|man|women|woman|children|child|boys?|girls?|babies|baby|"
    r"infants?|sons?|daughters?|brothers?|sisters?|mothers?|fathers?|wife|wives|husbands?|"
    r"patients?|nurses?|doctors?|medics?|paramedics?|shepherds?|farmers?|fishermen|fisherman|"
    r"teachers?|students?|pupils?|workers?|drivers?|relatives?|cousins?|neighbou?rs?|"
    r"grandmothers?|grandfathers?|grandsons?|granddaughters?|journalists?|volunteers?|"
    r"rescuers?|policemen|policeman|soldiers?|guards?|fighters?|members?|nieces?|nephews?|"
    r"grandchildren|grandchild|passengers?|couples?|adults?|activists?|reporters?|photographers?|"
    r"monks?|priests?|imams?|engineers?|employees?|residents?|villagers?|inhabitants?|herders?|"
    r"traders?|worshippers?)"
)
_NUM = r"(?:\d{1,4}|a|an|another|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# ("her 20-year-old son": an age is an adjective too)
_ADJ = (
    r"(?:(?!(?:and|or|of|them|whom|the|were|was|are|is|who|in|at|on)\b)"
    r"(?:[a-z-]+|\d{1,3}-year-old)\s+){0,2}?"
)
# Each item carries its own count or a possessive: "three patients", "a nurse", "his sons".
# "killing him, his wife and two sons": the pronoun is one item of the list.
_PRONOUN_ITEM = r"(?:him|her)\b(?=\s*,|\s+and\b)"
# "the driver and two passengers": a vehicle's one driver is an item with "the".
_THE_ONE = (
    r"(?:the|its)\s+(?:driver|rider|pilot|motorcyclist|village\s+(?:head|chief)|headman|mukhtar|"
    r"imam|pastor)\b"
)
# In a list, "others" counted is one item too ("my son and six others"), unless they are
# the injured beside the dead ("six children, and 47 others wounded").
_LISTED = (
    PERSON[:-1] + r"|others(?!\s+(?:(?:were|was|have\s+been|had\s+been)\s+)?(?:\w+ly\s+)?"
    r"(?:injured|wounded|hurt)))"
)
# A person named by a given name, perhaps described: "Fatima", "Mustafa, a taxi driver,".
_GIVEN = "|".join(
    re.escape(g) for g in sorted(load_rules("names.toml")["given"], key=len, reverse=True)
)
# A word of a person's name after the first: "Ishtawi", "al-Masri", "bin" (case-sensitive)
NAME_WORD = r"(?-i:[A-Z][\w’'-]+|al-[\w’'-]+|el-[\w’'-]+|bin|bint)"
_NAMED = (
    rf"(?-i:(?:{_GIVEN})(?:\s+{NAME_WORD}){{0,4}})"
    r"(?:\s*,\s*(?:an?|the)\s+(?:[\w-]+\s+){0,2}[\w-]+\s*,|\s*,\s*\d{1,2}\s*,)?"
)
# The age a monitor writes after a name: "Mohammad Malaka, 3, and his mother".
_NAMED_AGE = re.compile(r",\s*(\d{1,2})\s*,\s*$")
# "two of his passengers": a count of the named person's companions.
_OF_WHOSE = r"(?:of\s+(?:his|her|their)\s+)?"
# "a mother and son", "a man and wife": the second of a pair needs no count of its own
_PAIRED = r"(?<=\band\s)(?:son|daughter|wife|husband|baby|brother|sister)\b(?!\s+of\b)"
_ITEM = (
    rf"(?:{_PRONOUN_ITEM}|{_THE_ONE}|{_NAMED}|{_PAIRED}|"
    rf"(?:(?:my|our|his|her|their)\s+(?:{_NUM}\s+)?|{_NUM}\s+{_OF_WHOSE}){_ADJ}{_LISTED}\b"
    rf"(?!\s+{PERSON}\b)"  # "two civilian drivers": the noun is the last word
    r"(?:\s+of\s+(?:a|one|the\s+same)\s+family)?)"  # "the four children of one family"
)
# "three patients and a nurse", "a woman and her two children": people counted item by item.
_PEOPLE_LIST = re.compile(
    rf"\b(?P<list>{_ITEM}(?:(?:\s*,\s*|\s+and\s+|\s*,\s+and\s+|"
    # "his sister with her son", "his sister with 3 of her children"
    rf"\s+with\s+(?=(?:his|her|their|{_NUM}\s+of\s+(?:his|her|their))\b))"
    rf"{_ITEM})+)",
    re.I,
)
_LIST_ITEM = re.compile(
    rf"(?P<pron>\b{_PRONOUN_ITEM}|\b{_THE_ONE}|\b{_NAMED})|"
    rf"(?:(?P<poss>my|our|his|her|their)\s+(?:(?P<pn>{_NUM})\s+)?|(?P<n>{_NUM})\s+{_OF_WHOSE}){_ADJ}"
    rf"(?P<noun>{_LISTED})\b(?!\s+{PERSON}\b)|(?P<paired>{_PAIRED})",
    re.I,
)
_WOMEN_NOUNS = {
    "woman",
    "women",
    "mother",
    "mothers",
    "wife",
    "wives",
    "grandmother",
    "grandmothers",
}
_CHILD_NOUNS = {
    "child",
    "children",
    "boy",
    "boys",
    "girl",
    "girls",
    "baby",
    "babies",
    "infant",
    "infants",
    "toddler",
    "toddlers",
}
_HARM_BEFORE_LIST = re.compile(
    r"\b(?:kill(?:ing|ed|s)?|(?:shot|stabbed|beaten) dead|claim(?:ing|ed|s)? the li(?:fe|ves) of|bodies\s+of|"
    r"(?:the\s+)?deaths?\s+of|lost|t(?:ook|aking|akes)\s+the\s+lives\s+of)\s+(?:at least\s+)?"
    r"(?:(?:an?|one|the)\s+family\s+of\s+)?$",  # "killing a family of two adults and …"
    re.I,
)
_LEAVING = re.compile(r"\b(?:leav(?:ing|es?)|left)\s+$", re.I)  # "leaving a woman and a girl dead"
_HARM_AFTER_LIST = re.compile(
    # "the driver and two passengers of a minibus were killed"
    r"^(?:\s+(?:of|on|in)\s+(?:an?|the|one|their|his|her)\s+(?:[\w-]+\s+)?[\w-]+)?[\s,]*"
    # "two adults and three children, local residents who were killed", "a mother and son
    # — said to be aged around 60 and 30 — were killed"
    r"(?:(?:[\w-]+\s+){1,3}?who\s+|[—–][^—–.;]{1,80}?[—–]\s*)?"
    r"(?:(?:were|was|had been|have been|are)\s+(?:\w+\s+)?(?:killed|shot dead|"
    r"found dead|pulled dead)|(?:\w+ly\s+)?(?:died|perished|lost their lives|were killed)"
    # "were captured by the troops and killed on the spot"
    r"|(?:were|was)\s+(?:[\w-]+\s+){1,6}?and\s+(?:then\s+|later\s+)?(?:killed|shot dead|executed))\b",
    re.I,
)
# One person counted in words: "a child", "an eight-year-old boy", "one 13-year-old girl".
_SINGULAR = (
    r"(?:civilian|citizen|person|man|woman|child|boy|girl|baby|infant|toddler|teenager|teen|youth|"
    r"mother|father|son|daughter|brother|sister|grandmother|grandfather|wife|husband|"
    r"farmer|shepherd|driver|nurse|doctor|paramedic|medic|journalist|student|pupil|teacher|"
    r"worker|resident|villager|policeman|soldier|fighter|militant|pedestrian|passer-by|passerby|"
    r"agent|officer|official|employee|"
    r"fisherman|volunteer|rescuer|patient|worshipper|shopkeeper|vendor|guard|relative|"
    r"neighbou?r|labourer|laborer|herder|rider|motorcyclist|cyclist|passenger|occupant|"
    r"grandson|granddaughter|nephew|niece|cousin|uncle|aunt|"
    # "an Israeli was killed", but not "an Israeli airstrike": a nationality is a person only
    # as the phrase's last word
    r"(?:Palestinian|Syrian|Iraqi|Yemeni|Libyan|Somali|Afghan|Ukrainian|Lebanese|Israeli|Kurd)"
    r"(?=\s*(?:[,.;)]|$|(?:was|were|and|who|had|has|is|died|killed|wounded|injured)\b))|"
    # "including a 7-year-old": the age alone names the person
    r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen)-year-old(?=\s*(?:[,.;)]|$|(?:was|were|and|who)\b)))"
)
# A vehicle's one occupant is counted with "the" or "its": "killing its driver".
_OCCUPANT = r"(?:its|the)(?=\s+(?:driver|rider|motorcyclist|cyclist|occupant)\b)"
# One relative named by whose they are: "his daughter was injured", "Abu Hatab's son".
_KIN = (
    r"(?:son|daughter|wife|husband|mother|father|brother|sister|grandmother|grandfather|"
    r"grandson|granddaughter|nephew|niece|cousin|uncle|aunt|child|baby)"
)
_POSSESSOR = rf"(?:his|her|their|[a-z][\w-]*['’]s)(?=\s+(?:[\w-]+\s+){{0,2}}?{_KIN}\b)"
_SINGLE = re.compile(
    rf"\b(?:a|an|one|a\s+single|only\s+one|another|{_OCCUPANT}|{_POSSESSOR})\s+"
    r"(?:(?!(?:of|the|and|or|who|in|at|was|were|is)\b)[\w-]+\s+){0,3}?"
    rf"(?P<noun>{_SINGULAR})\b"
    # "an Iraqi family", "a Somali army officer": a people word used as an adjective
    r"(?!\s+(?:family|families|household|clan|tribe|army|government|forces|troops|official|"
    r"officials|militia|group|national|citizen|civilian|man|woman|child|boy|girl|teenager|"
    r"soldier|farmer|journalist|doctor|worker|driver|student))",
    re.I,
)
# "a projectile hit the house of Ahmed …, killing him and wounding his wife": the person
# the sentence named, counted by the pronoun (a list "him, his wife and …" is read above).
_HARMED_PRONOUN = re.compile(
    r"\b(?:(?P<k>kill(?:ing|ed)|shooting\s+dead|shot\s+dead)|wound(?:ing|ed)|injur(?:ing|ed))"
    r"\s+(?P<who>him|her)\b",
    re.I,
)
# "… a 73-year-old woman was staying. Unfortunately, she died": the person told about,
# counted by the pronoun that is the subject of the harm.
_PRONOUN_HARMED = re.compile(
    r"\b(?P<who>[Ss]he|[Hh]e)\s+(?:later\s+)?(?:(?P<k>died|was\s+killed|was\s+shot\s+dead|"
    r"succumbed)|was\s+(?:seriously\s+|badly\s+|lightly\s+)?(?:wounded|injured))\b"
)
_STATED_AGE = re.compile(r"\b(\d{1,3})[- ]years?[- ]old\b", re.I)
ADULT = 18  # a person of this age or more is no child
_AMONG_AFTER = re.compile(
    r"^\s*(?:(?:was|were|is)\s+(?:also\s+)?(?:(?:said|reported|believed|thought)\s+to\s+be\s+)?"
    r"among\s+(?:the|those)\s+(?:dead|killed|victims|fatalities)|among\s+them\b)",
    re.I,
)
_SINGLE_HARM_AFTER = re.compile(
    # "a woman named Shefaa, about forty, was hit by two bullets"
    r"^\s*(?:(?:named|called)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s*)?(?:,[^,]{0,110},\s*)?(?:(?:was|has\s+been|had\s+been|is)\s+)?(?:\w+ly\s+)?"
    r"(?:(?:reported|said\s+to\s+have\s+been|confirmed|believed\s+to\s+have\s+been)\s+)?"
    r"(?P<harm>killed|died|dead|shot\s+dead|lost\s+(?:his|her)\s+life|martyred|wounded|injured|"
    r"hurt|hit\s+by\s+(?:a\s+|two\s+|stray\s+|a\s+stray\s+)?(?:bullets?|shrapnel|sniper)|"
    # "a 70-year-old woman suffered gunshot wounds"
    r"(?:suffered|sustained|received)\s+(?:[\w-]+\s+){0,2}?(?:wounds|injuries))\b",
    re.I,
)


def _count_list(text: str) -> tuple[int, int, int] | None:
    """Total, women and children in a list of people; None when an item has no count."""
    total = women = children = 0
    after_name = -1  # where the last item that was a person's name ended
    named = 0  # names still to come that only name the people just counted
    for item in _LIST_ITEM.finditer(text):
        if item.group("pron") and named and item.group("pron")[:1].isupper():
            named -= 1  # "two cousins, Khaled, 8, and Rami, 15": the two, by name
            continue
        if item.group("pron"):
            total += 1
            if (age := _NAMED_AGE.search(item.group("pron"))) and int(age.group(1)) < ADULT:
                children += 1
            after_name = item.end() if item.group("pron")[0].isupper() else -1
            continue
        number = item.group("n") or item.group("pn")
        if (
            after_name >= 0
            and text[after_name : item.start()].strip() == ","
            and (number or "").lower() in ("a", "an")
        ):
            after_name = -1
            continue  # "Mohamud Salad, a banana farmer and …": who the person is, not another
        after_name = -1
        noun = (item.group("noun") or item.group("paired")).lower()
        plural = noun.endswith(("s", "men", "children"))
        if number is None:
            if plural:
                break  # "his sons": how many is not said; the list ends here
            count = 1
        else:
            count = _count_of(number)
            named = count if plural and count > 1 else 0
        if noun in ("couple", "couples"):
            count *= 2  # "a couple and their son": three people
        total += count
        women += count if noun in _WOMEN_NOUNS else 0
        children += count if noun in _CHILD_NOUNS else 0
    return (total, women, children) if total else None


# One person harmed and named, then described: "killed Ahmed Saleh, a 40-year-old farmer".
_NAMED_PERSON = re.compile(
    r"\b(?:(?P<k>kill(?:ing|ed)|shooting\s+dead|shot\s+dead)|wound(?:ing|ed)|injur(?:ing|ed))\s+"
    r"(?P<who>(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|On|In|At)\b)"
    r"(?:[A-Z][\w’'-]+\s+){0,4}?[A-Z][\w’'-]+)\s*,\s*(?:an?|the)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?{_SINGULAR}\b"
)


# "Mohammad Ibrahim al-Masri, 14, died when …": a person named with the age after the name,
# as monitors list the dead (two names at least, so "Gaza, 14," is no one).
_NAMED_AGED = re.compile(
    rf"(?-i:\b[A-Z][\w’'-]+(?:\s+{NAME_WORD}){{1,6}})"
    r",\s*(?P<age>\d{1,2})\s*,\s+(?:(?:was|had\s+been)\s+(?:\w+ly\s+)?"
    r"(?P<k>killed|shot\s+dead|martyred|pronounced\s+dead)|(?P<d>died|succumbed)"
    r"|(?:was|had\s+been)\s+(?:\w+ly\s+)?(?:wounded|injured))\b",
    re.I,
)


# "killing reporter Murad Mirza", "shot dead the activist Ali Nasser": one person, named
# after what they did
_TITLED_PERSON = re.compile(
    r"\b(?:(?P<k>kill(?:ing|ed)|shooting\s+dead|shot\s+dead)|wound(?:ing|ed)|injur(?:ing|ed))\s+"
    r"(?:the\s+)?(?:[a-z]+\s+)?(?:reporter|journalist|photographer|photojournalist|cameraman|"
    r"doctor|nurse|paramedic|teacher|activist|farmer|driver|student|engineer|lawyer|"
    r"volunteer|medic|imam|preacher|shepherd)\s+(?P<who>(?-i:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)"
    r"{0,3}))",
    re.I,
)

# "killing 66-year-old U Aung Kyaw Zan", "killed 9-year-old Rima": one person, named after
# the age
_AGED_THEN_NAMED = re.compile(
    r"\b(?:(?P<k>kill(?:ing|ed)|shooting\s+dead|shot\s+dead)|wound(?:ing|ed)|injur(?:ing|ed))\s+"
    r"(?P<who>(?P<age>\d{1,2})-year-old\s+(?-i:[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]+){0,4}))",
    re.I,
)


def harmed_pronouns(
    sentence: str, figures: Figures, listed: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """One person harmed, named before and counted by the pronoun ("killing him", "she
    died"), or named right after the harm and described ("killing Ahmed Saleh, a farmer")."""
    used: list[tuple[int, int]] = []
    for match in (
        *_HARMED_PRONOUN.finditer(sentence),
        *_NAMED_PERSON.finditer(sentence),
        *_TITLED_PERSON.finditer(sentence),
        *_AGED_THEN_NAMED.finditer(sentence),
        *_PRONOUN_HARMED.finditer(sentence),
    ):
        start, end = match.span("who")
        if any(s < end and start < e for s, e in listed + used):
            continue
        (figures.killed if match.group("k") else figures.injured).append(Range(1, 1))
        age = match.groupdict().get("age")  # "killing 9-year-old Rima"
        if age is not None and int(age) < ADULT and match.group("k"):
            figures.children_killed = (figures.children_killed or 0) + 1
        figures.victims.add("civilians")
        figures.spans.append((start, end))
        used.append((start, end))
    for match in _NAMED_AGED.finditer(sentence):
        start, end = match.span()
        if any(s < end and start < e for s, e in listed + used):
            continue
        killed = bool(match.group("k") or match.group("d"))
        (figures.killed if killed else figures.injured).append(Range(1, 1))
        if killed and int(match.group("age")) < ADULT:
            figures.children_killed = (figures.children_killed or 0) + 1
        figures.victims.add("civilians")
        figures.spans.append(match.span("age"))
        used.append((start, end))
    return used


_SPEAKS_AFTER = re.compile(
    r"\s*,?\s*(?:said|says|reported|reports|told|added|wrote|stated|announced)\b", re.I
)
# A list that opens on a count: "three civilians, a child", followed by "among them".
_COUNT_THEN_PART = re.compile(rf"\s*(?:\d+|{'|'.join(SMALL[1:12])})\b[^,]*,", re.I)  # 2-12


_NAME_GOES_ON = re.compile(r"(?-i:[A-Z][\w’'-]*)\s+$")


# A count just before a list set off by a dash or a colon: the list says who they were.
_COUNT_WORD = re.compile(rf"\b{_NUM}\b", re.I)
_UP_TO_LIST = re.compile(r"\s+(?:[\w-]+\s+){0,4}?[\w-]+\s*(?:[–—:]|\s-)\s*$")


def _count_of(word: str) -> int:
    return int(word) if word.isdigit() else _SMALL[word.lower()]


def _restated(before: str, total: int) -> int | None:
    """Where in `before` a count of `total` people stands that the list after it names
    ("five members of one family – a man, …"), or None."""
    for count in _COUNT_WORD.finditer(before):
        if _count_of(count.group(0)) == total and _UP_TO_LIST.match(before, count.end()):
            return count.start()
    return None


def people_lists(sentence: str, figures: Figures) -> list[tuple[int, int]]:
    """Killed people counted as a list ("killing three patients and a nurse"); their spans."""
    used: list[tuple[int, int]] = []
    for match in _PEOPLE_LIST.finditer(sentence):
        start, end = match.span("list")
        listed = match.group("list")
        if _SPEAKS_AFTER.match(sentence, end):
            # "three people, Oleksandr Prokudin, the governor, reported", "a shepherd and his
            # two sons, their relatives said": the last item is who speaks
            items = list(_LIST_ITEM.finditer(listed))
            if len(items) < 3:
                continue
            cut = len(listed[: items[-1].start()].rstrip(" ,").removesuffix(" and"))
            listed, end = listed[:cut], start + cut
        before, after = sentence[max(0, start - 40) : start], sentence[end : end + 80]
        if listed[:1].isupper() and _NAME_GOES_ON.search(before):
            continue  # "in Khan Younis, Yousef Hamdan, 13, died": a place's name, then a person
        if _COUNT_THEN_PART.match(listed) and re.match(r"\s+among\s+them\b", after, re.IGNORECASE):
            continue  # "three civilians, a child among them": one count and its part
        part = bool(
            PART_AFTER.match(after)
            or re.match(r"^\s+(?:(?:were|was)\s+)?among\b", after, re.IGNORECASE)
        )
        part = part or inside_including(sentence, start)
        counted = _count_list(listed)
        if counted is None:
            continue
        total, women, children = counted
        # "killed five members of one family – a man, his wife and three children": the
        # count, told again by the list; the harm may come before the count
        restated = _restated(before, total)
        told_at = start - len(before) + restated if restated is not None else start
        if restated is not None:
            after = re.sub(r"^\s*[–—]", "", after)  # "… – a man, … – were killed"
        killed = bool(
            _HARM_BEFORE_LIST.search(sentence[max(0, told_at - 40) : told_at])
            or _HARM_AFTER_LIST.match(after)
            or (_LEAVING.search(before) and re.match(r"\s+dead\b", after))
        )
        if not (killed or part):
            continue
        if restated is not None:
            if killed and part:
                figures.groups_whole = True  # "of which five members – …": all the dead
            elif killed:
                figures.killed.append(Range(total, total))
        elif part:
            figures.killed_groups += total
        else:
            figures.killed.append(Range(total, total))
            figures.victims.add("civilians")
        if women and figures.women_killed is None:
            figures.women_killed = women
        if children and figures.children_killed is None:
            figures.children_killed = children
        used.append((start, end))
    return used


def single_people(
    sentence: str,
    figures: Figures,
    listed: list[tuple[int, int]],
    lex: Lexicon,
    *,
    of_list: str | None = None,
) -> list[tuple[int, int]]:
    """People counted one at a time without a digit: "a child was killed", "killing an
    elderly man". Ages inside the phrase ("an eight-year-old boy") are not counts.
    `of_list` is the harm of a list the text is a part of ("… and a woman in Zardna")."""
    used: list[tuple[int, int]] = []
    for match in _SINGLE.finditer(sentence):
        start, end = match.span()
        if any(s < end and start < e for s, e in listed):
            continue
        before = sentence[max(0, start - 60) : start]
        left = LEFT_HARM.search(before)
        after = _SINGLE_HARM_AFTER.match(sentence[end : end + 160])
        noun = match.group("noun").lower()
        if noun.endswith("-year-old"):  # the words are all under 18
            age_of = noun.split("-")[0]
            noun = "child" if not age_of.isdigit() or int(age_of) < ADULT else "person"
        if noun in _CHILD_NOUNS and (age := _STATED_AGE.search(match.group(0))):
            noun = "child" if int(age.group(1)) < ADULT else "adult"  # "an 18-year-old girl"
        part = inside_including(sentence, start) or _AMONG_AFTER.match(sentence[end : end + 60])
        part_harm = last_harm(sentence[:start], lex) or harm_in(sentence, lex)
        if part and part_harm == "killed":
            # "including a five-year-old girl", "a woman was among those killed": a sub-count
            figures.killed_groups += 1
            if noun in _CHILD_NOUNS:
                figures.children_killed = (figures.children_killed or 0) + 1
            elif noun in _WOMEN_NOUNS:
                figures.women_killed = (figures.women_killed or 0) + 1
            used.append((start, end))
            continue
        if left and (left.group("k") or left.group("i")):
            harm = "killed" if left.group("k") else "injured"
        elif after:
            word = after.group("harm").lower()
            hurt = not word.startswith(("killed", "died", "dead", "shot", "lost", "martyred"))
            harm = "injured" if hurt else "killed"
        elif of_list in ("killed", "injured"):
            harm = of_list
        else:
            continue
        (figures.killed if harm == "killed" else figures.injured).append(Range(1, 1))
        if noun not in ("soldier", "fighter", "militant", "guard", "policeman", "agent", "officer"):
            figures.victims.add("civilians")
        if harm == "killed" and noun in _CHILD_NOUNS:
            figures.children_killed = (figures.children_killed or 0) + 1
        elif harm == "killed" and noun in _WOMEN_NOUNS:
            figures.women_killed = (figures.women_killed or 0) + 1
        figures.spans.append((start, end))
        used.append((start, end))
    return used
