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
from dataclasses import dataclass, field

from civharm.extract.lexicon import Lexicon
from civharm.extract.periods import period_cue
from civharm.extract.quantities import Quantity, find_quantities
from civharm.model import Range

# A harm word directly before a count: "killing 20", "death toll rose to 20", "lives of 20".
_LEFT_HARM = re.compile(
    r"(?:\b(?P<c2>kill(?:ing|ed)\s+(?:and|or)\s+(?:wound|injur)(?:ing|ed)|dead\s+(?:and|or)\s+"
    r"(?:wounded|injured))|\b(?P<k>kill(?:ing|ed|s)?|martyr(?:ing|ed)|claim(?:ing|ed) the lives of|"
    r"(?:death|casualty) toll\b(?:\s+\w+){0,4}?|dead|deaths?|fatalities|executing|executed)|"
    r"\b(?P<i>injur(?:ing|ed|es|e)|wound(?:ing|ed|s)?|maiming|(?:the )?(?:injured|wounded))|"
    r"\b(?P<c>casualties|victims))"
    r"[\s,:“”\"'’]*(?:of|to|at|as high as|reached|rose to|climbed to|stood at|ranging from|"
    r"numbering|was|is|to some)?[\s“”\"'’]*"
    r"(?:(?:another|a\s+further|further|an?\s+additional|additional|his|her|their|its)\s+)?"
    r"(?:(?:a|an|the|whole|entire)\s+(?:family|families|household|group)\s+of\s+)?$",
    re.IGNORECASE,
)
_INCLUDING = re.compile(
    r"\b(?:including|among them|among whom|of whom|of which|of them|most of them|mostly|"
    r"among the victims were|"
    r"among the (?:dead|killed|injured|wounded) (?:were|was))\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    r"[;:.!?]|,\s+(?:and|while|but|whereas|although|as|after|when|before)\b|\bwhile\b|\bbut\b"
)
# "the toll from Monday's raid on the market rose to 25", "put the number at 14".
_TOLL_BEFORE = re.compile(
    r"(?:\b(?P<kind>(?:death\s+)?toll|(?:estimates?|number|count)\s+of\s+(?:the\s+)?"
    r"(?:(?:civilians?|people|persons)\s+)?(?:dead|deaths|killed))"
    r"|\b(?:number|figure))\b[^.;]{0,150}?\b(?:rose|risen|climbed|reached|stood|ranged|ranging|put|"
    r"raised|increased|jumped|grew|was|is|at|to|from)\b(?:\s+(?:to|at|from))?\s*$",
    re.IGNORECASE,
)
_TOLL_REACH = 180  # "the number of civilians killed in … rose to 292": how far back the toll is
# A count standing alone before its verb or partitive: "at least 30 were killed", "five of them".
_BARE_COUNT = re.compile(
    r"^[\s“”\"'’]*(?:$|[,;.)]|(?:were|was|are|is|had|have|has|more|others?|other|of|in|and|or|"
    r"dead|killed|died|wounded|injured|hurt|casualties|fatalities|deaths|martyrs|bodies|on|"
    r"last|this|so far|to|at)\b)",
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
# "four of them", "two of the dead", "children among them": a part of a count already given.
_PART_AFTER = re.compile(
    r"^\s+(?:of\s+(?:them|whom|those|the\s+(?:dead|killed|victims|injured|wounded|casualties))\b|"
    r"(?:(?!(?:most|many|some|all|half|killed|injured|wounded|dead|died|were|was)\b)[\w-]+\s+){0,2}?"
    r"(?:among|of)\s+(?:them|whom)\b)",
    re.IGNORECASE,
)
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
# The harm word right after a count: "seven injured", "three others wounded".
# "rose to 14 martyrs": the toll's own noun says what it counts.
_DEAD_NOUN = re.compile(r"^\s+(?:martyrs|dead|deaths|fatalities|bodies|killed)\b", re.I)
_OWN_HARM_AFTER = re.compile(
    r"^\s+(?:(?:others?|more|people|civilians|persons)\s+)?(?:were\s+|was\s+)?"
    r"(killed|dead|died|injured|wounded|hurt)\b",
    re.I,
)
# A name or "aged" before a number: "Hamza, 15, died", "a boy aged 11".
_AGE_BEFORE = re.compile(r"(?:\b[A-Z][\w'’-]+\s*,|\baged|\bage)\s*$")
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
    rf"^[ “”\"'’]+{_ADJECTIVES}(?:children|child|kids|boys|girls|infants|babies|minors)\b",
    re.IGNORECASE,
)
_WOMEN = re.compile(rf"^[ “”\"'’]+{_ADJECTIVES}(?:women|woman|mothers)\b", re.IGNORECASE)
_PHRASE_END = re.compile(r"[,;:.()]|\b(?:said|says|told|according)\b")
_AMONG_DEAD = re.compile(r"\bamong the (?:dead|killed|victims|fatalities)\b", re.IGNORECASE)
_AMONG_INJURED = re.compile(r"\bamong the (?:injured|wounded)\b", re.IGNORECASE)
_JOINED = re.compile(
    r"^\s*(?:and|or|/|&)\s+(?:(?:left|also|seriously|critically|badly)\s+)?$", re.IGNORECASE
)


_SMALL = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_PERSON = (
    r"(?:civilians?|people|persons?|men|man|women|woman|children|child|boys?|girls?|babies|baby|"
    r"infants?|sons?|daughters?|brothers?|sisters?|mothers?|fathers?|wife|wives|husbands?|"
    r"patients?|nurses?|doctors?|medics?|paramedics?|shepherds?|farmers?|fishermen|fisherman|"
    r"teachers?|students?|pupils?|workers?|drivers?|relatives?|cousins?|neighbou?rs?|"
    r"grandmothers?|grandfathers?|grandsons?|granddaughters?|journalists?|volunteers?|"
    r"rescuers?|policemen|policeman|soldiers?|guards?|fighters?|members?)"
)
_NUM = r"(?:\d{1,4}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_ADJ = r"(?:(?!(?:and|or|of|them|whom|the|were|was|are|is|who|in|at|on)\b)[a-z-]+\s+){0,2}?"
# Each item carries its own count or a possessive: "three patients", "a nurse", "his sons".
_ITEM = rf"(?:(?:his|her|their)\s+(?:{_NUM}\s+)?|{_NUM}\s+){_ADJ}{_PERSON}\b"
# "three patients and a nurse", "a woman and her two children": people counted item by item.
_PEOPLE_LIST = re.compile(
    rf"\b(?P<list>{_ITEM}(?:(?:\s*,\s*|\s+and\s+|\s*,\s+and\s+){_ITEM})+)", re.I
)
_LIST_ITEM = re.compile(
    rf"(?:(?P<poss>his|her|their)\s+(?:(?P<pn>{_NUM})\s+)?|(?P<n>{_NUM})\s+){_ADJ}(?P<noun>{_PERSON})\b",
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
}
_HARM_BEFORE_LIST = re.compile(
    r"\b(?:kill(?:ing|ed|s)?|(?:shot|stabbed|beaten) dead|claim(?:ing|ed) the lives of)\s+(?:at least\s+)?$",
    re.I,
)
_HARM_AFTER_LIST = re.compile(
    r"^[\s,]*(?:(?:were|was|had been|have been|are)\s+(?:\w+\s+)?(?:killed|shot dead|"
    r"found dead|pulled dead)|(?:\w+ly\s+)?(?:died|perished|lost their lives|were killed))\b",
    re.I,
)
# One person counted in words: "a child", "an eight-year-old boy", "one 13-year-old girl".
_SINGULAR = (
    r"(?:civilian|person|man|woman|child|boy|girl|baby|infant|toddler|teenager|teen|youth|"
    r"mother|father|son|daughter|brother|sister|grandmother|grandfather|wife|husband|"
    r"farmer|shepherd|driver|nurse|doctor|paramedic|medic|journalist|student|pupil|teacher|"
    r"worker|resident|villager|policeman|soldier|fighter|pedestrian|passer-by|passerby|"
    r"fisherman|volunteer|rescuer|patient|worshipper|shopkeeper|vendor|guard|relative|"
    r"neighbou?r|labourer|laborer|herder|rider|motorcyclist|cyclist|passenger|occupant)"
)
# A vehicle's one occupant is counted with "the" or "its": "killing its driver".
_OCCUPANT = r"(?:its|the)(?=\s+(?:driver|rider|motorcyclist|cyclist|occupant)\b)"
_SINGLE = re.compile(
    rf"\b(?:a|an|one|a\s+single|only\s+one|another|{_OCCUPANT})\s+"
    r"(?:(?!(?:of|the|and|or|who|in|at|was|were|is)\b)[\w-]+\s+){0,3}?"
    rf"(?P<noun>{_SINGULAR})\b",
    re.I,
)
_OTHER_FATE_BEFORE = re.compile(
    r"\b(?:captur(?:e|ed|ing)|arrest(?:ed|ing)?|detain(?:ed|ing)?|rescu(?:e|ed|ing)|free(?:d|ing)?|"
    r"evacuat(?:e|ed|ing)|abduct(?:ed|ing)?|kidnapp?(?:ed|ing)?|deploy(?:ed|ing)?|"
    r"releas(?:e|ed|ing))\s+(?:at\s+least\s+|about\s+|some\s+|nearly\s+|another\s+)?$",
    re.I,
)
_WITH_ATTACKER = re.compile(
    r"^\s*(?:people|persons|civilians|others)?\s*,?\s*(?:including|among them)\s+the\s+"
    r"(?:suicide\s+)?(?:bomber|attacker|assailant|gunman)\b",
    re.I,
)
_MORE_AFTER = re.compile(r"^\s+(?:others|more|other\s+(?:people|civilians))\b", re.I)
_ANOTHER = re.compile(
    r"\b(?:(?P<k>killed|killing)|wounded|wounding|injured|injuring)\s+another(?=\s*(?:[.,;]|$))",
    re.I,
)
_THE_BEFORE = re.compile(r"\b(?:the|these|those|both)\s+$", re.I)
_BARE_VERB = re.compile(r"^\s+(?:were|was|are|had|have|died|dead|killed)\b", re.I)
_STATED_AGE = re.compile(r"\b(\d{1,3})[- ]years?[- ]old\b", re.I)
_ADULT = 18
_AMONG_AFTER = re.compile(
    r"^\s*(?:was|were|is)\s+(?:also\s+)?among\s+(?:the|those)\s+(?:dead|killed|victims|fatalities)",
    re.I,
)
_SINGLE_HARM_AFTER = re.compile(
    r"^\s*(?:,[^,]{0,60},\s*)?(?:(?:was|has\s+been|had\s+been|is)\s+)?(?:\w+ly\s+)?"
    r"(?:(?:reported|said\s+to\s+have\s+been|confirmed|believed\s+to\s+have\s+been)\s+)?"
    r"(?P<harm>killed|died|dead|shot\s+dead|lost\s+(?:his|her)\s+life|wounded|injured|hurt)\b",
    re.I,
)


def _count_list(text: str) -> tuple[int, int, int] | None:
    """Total, women and children in a list of people; None when an item has no count."""
    total = women = children = 0
    for item in _LIST_ITEM.finditer(text):
        number = item.group("n") or item.group("pn")
        noun = item.group("noun").lower()
        plural = noun.endswith(("s", "men", "children"))
        if number is None:
            if plural:
                break  # "his sons": how many is not said; the list ends here
            count = 1
        else:
            count = int(number) if number.isdigit() else _SMALL[number.lower()]
        total += count
        women += count if noun in _WOMEN_NOUNS else 0
        children += count if noun in _CHILD_NOUNS else 0
    return (total, women, children) if total else None


@dataclass
class Figures:
    """What one sentence (or one mention, once merged) says about casualties."""

    killed: list[Range] = field(default_factory=list)
    injured: list[Range] = field(default_factory=list)
    casualties: list[Range] = field(default_factory=list)
    children_killed: int | None = None
    women_killed: int | None = None
    killed_groups: int = 0
    vague: list[str] = field(default_factory=list)
    victims: set[str] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)
    # Counts over a period or an area ("since March"): aggregate claims, not this event's.
    totals: list[tuple[str, Range]] = field(default_factory=list)
    period: str | None = None

    @property
    def any(self) -> bool:
        return bool(
            self.killed or self.injured or self.casualties or self.vague or self.killed_groups
        )

    @property
    def numeric(self) -> bool:
        return bool(self.killed or self.injured or self.casualties or self.killed_groups)


def _victim_class(noun_phrase: str, lex: Lexicon) -> str | None:
    """The kind of people the first victim noun after a count names ("14 people before
    gunmen stormed": people)."""
    found = [
        (match.start(), labelled.label)
        for labelled in lex.victims
        if (match := labelled.pattern.search(noun_phrase))
    ]
    return min(found)[1] if found else None


def _harm_in(text: str, lex: Lexicon) -> str | None:
    """The harm a stretch of text speaks of: killed, injured or casualties (both)."""
    killed = lex.killed.search(text)
    injured = lex.injured.search(text)
    both = lex.casualties.search(text)
    if killed and injured:
        first, second = sorted((killed, injured), key=lambda m: m.start())
        if _JOINED.match(text[first.end() : second.start()]):
            return "casualties"
    hits = [
        (m.start(), kind)
        for m, kind in ((killed, "killed"), (injured, "injured"), (both, "casualties"))
        if m
    ]
    if not hits:
        return None
    return min(hits)[1]


def _clause_after(sentence: str, start: int) -> str:
    """Text after a count up to the end of its clause, with any including-phrase removed."""
    rest = sentence[start:]
    match = _CLAUSE_END.search(rest)
    clause = rest[: match.start()] if match else rest
    # ", including three women and five children, were killed" → ", were killed"
    return re.sub(
        r",\s*(?:including|among them|most of them)[^,]*,", ",", clause, flags=re.IGNORECASE
    )


def _in_including(sentence: str, q: Quantity) -> bool:
    return _inside_including(sentence, q.start)


def _inside_including(sentence: str, position: int) -> bool:
    """Whether a position falls inside an "including …" phrase that has not closed yet."""
    before = sentence[max(0, position - 60) : position]
    matches = list(_INCLUDING.finditer(before))
    if not matches:
        return False
    between = before[matches[-1].end() :]
    # The phrase closes at punctuation, a verb, a closing quote or another harm verb
    # ('killing "mostly women and children" and injuring 11 others').
    return not re.search(
        r"[;.,”\"]|\bwere\b|\bwas\b|\b(?:and\s+)?(?:injuring|wounding|killing|leaving)\b", between
    )


def _lists(sentence: str, figures: Figures) -> list[tuple[int, int]]:
    """Killed people counted as a list ("killing three patients and a nurse"); their spans."""
    used: list[tuple[int, int]] = []
    for match in _PEOPLE_LIST.finditer(sentence):
        start, end = match.span("list")
        before, after = sentence[max(0, start - 40) : start], sentence[end : end + 40]
        part = bool(
            _PART_AFTER.match(after)
            or re.match(r"^\s+(?:(?:were|was)\s+)?among\b", after, re.IGNORECASE)
        )
        part = part or _inside_including(sentence, start)
        killed = bool(_HARM_BEFORE_LIST.search(before) or _HARM_AFTER_LIST.match(after))
        if not (killed or part):
            continue
        counted = _count_list(match.group("list"))
        if counted is None:
            continue
        total, women, children = counted
        if part:
            figures.killed_groups += total
            if women and figures.women_killed is None:
                figures.women_killed = women
            if children and figures.children_killed is None:
                figures.children_killed = children
        else:
            figures.killed.append(Range(total, total))
            figures.victims.add("civilians")
            if women and figures.women_killed is None:
                figures.women_killed = women
            if children and figures.children_killed is None:
                figures.children_killed = children
        used.append((start, end))
    return used


def _singles(
    sentence: str, figures: Figures, listed: list[tuple[int, int]], lex: Lexicon
) -> list[tuple[int, int]]:
    """People counted one at a time without a digit: "a child was killed", "killing an
    elderly man". Ages inside the phrase ("an eight-year-old boy") are not counts."""
    used: list[tuple[int, int]] = []
    for match in _SINGLE.finditer(sentence):
        start, end = match.span()
        if any(s < end and start < e for s, e in listed):
            continue
        before = sentence[max(0, start - 60) : start]
        left = _LEFT_HARM.search(before)
        after = _SINGLE_HARM_AFTER.match(sentence[end : end + 80])
        noun = match.group("noun").lower()
        if noun in _CHILD_NOUNS and (age := _STATED_AGE.search(match.group(0))):
            noun = "child" if int(age.group(1)) < _ADULT else "adult"  # "an 18-year-old girl"
        part = _inside_including(sentence, start) or _AMONG_AFTER.match(sentence[end : end + 60])
        if part and _harm_in(sentence, lex) == "killed":
            # "including a five-year-old girl", "a woman was among those killed": a sub-count
            figures.killed_groups += 1
            if noun in _CHILD_NOUNS | {"toddler"}:
                figures.children_killed = (figures.children_killed or 0) + 1
            elif noun in _WOMEN_NOUNS:
                figures.women_killed = (figures.women_killed or 0) + 1
            used.append((start, end))
            continue
        if left and (left.group("k") or left.group("i")):
            harm = "killed" if left.group("k") else "injured"
        elif after:
            word = after.group("harm").lower()
            harm = "injured" if word in ("wounded", "injured", "hurt") else "killed"
        else:
            continue
        (figures.killed if harm == "killed" else figures.injured).append(Range(1, 1))
        if noun not in ("soldier", "fighter", "guard", "policeman"):
            figures.victims.add("civilians")
        if harm == "killed" and noun in _CHILD_NOUNS | {"toddler"}:
            figures.children_killed = (figures.children_killed or 0) + 1
        elif harm == "killed" and noun in _WOMEN_NOUNS:
            figures.women_killed = (figures.women_killed or 0) + 1
        figures.spans.append((start, end))
        used.append((start, end))
    return used


def analyse(sentence: str, lex: Lexicon, *, vague_numbers: bool = False) -> Figures:
    """The casualty figures one sentence gives."""
    figures = Figures()
    if not lex.harm_any.search(sentence):
        return figures
    sentence_harm = _harm_in(sentence, lex)
    listed = _lists(sentence, figures)
    listed += _singles(sentence, figures, listed, lex)
    head_harm: str | None = None
    head_total = False  # the last head count was a total
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
        if q.text.lower() in ("one", "a", "an") and (
            _DETERMINER_ONE.search(before)
            or not (
                re.match(rf"^\s+(?:[\w-]+\s+){{0,2}}?{_PERSON}\b", after, re.I)
                or _ONE_HARMED.match(after)
            )
        ):
            continue
        end = _PHRASE_END.search(after)
        window = " ".join((after[: end.start()] if end else after).split()[:6])
        if _OTHER_FATE_BEFORE.search(before):
            continue  # "captured three more militants", "rescued 40 people": not harmed
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
            and not lex.harm_any.match(after.strip(" “”\"'’"))
        )
        left = _LEFT_HARM.search(sentence[max(0, q.start - 60) : q.start])
        harm: str | None = None
        including = _in_including(sentence, q)
        own = _OWN_HARM_AFTER.match(after)
        if left and own and "," in left.group(0):
            # "One Killed, Seven Injured": the count's own word after it, not the one before
            harm = "injured" if own.group(1).lower() in ("injured", "wounded", "hurt") else "killed"
        elif left:
            harm = "killed" if left.group("k") else "injured" if left.group("i") else "casualties"
        elif toll := _TOLL_BEFORE.search(sentence[max(0, q.start - _TOLL_REACH) : q.start]):
            dead = toll.group("kind") or _DEAD_NOUN.match(after)
            harm = "killed" if dead else sentence_harm
        elif including and head_harm is not None:
            harm = head_harm  # "14 killed, including six children": the head count's harm
        if harm is None:
            harm = _harm_in(_clause_after(sentence, q.end), lex)
        if harm is None and _AMONG_DEAD.search(sentence[q.end :]):
            harm = "killed"
        if harm is None and _AMONG_INJURED.search(sentence[q.end :]):
            harm = "injured"
        sub = including or bool(_PART_AFTER.match(after))
        if harm is None and (sub or victim) and sentence_harm:
            harm = sentence_harm
        if harm is None or counted_thing:
            continue  # "two residential blocks … killing 19": a count of things
        if not sub:
            head_harm = harm
        if victim:
            figures.victims.add(victim)
        figures.spans.append((q.start, q.end))
        if head_total and (sub or _MORE_AFTER.match(after)):
            # "since 9 May, 25 were killed, including six children, and 76 others were
            # injured": the parts and the others of a total belong to it
            if not sub and (q.min is not None or q.max is not None):
                figures.totals.append((harm, Range(q.min, q.max)))
            continue
        cue = period_cue(sentence, q.start, q.end, lex.anaphora)
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
        if part_of := _PART_AFTER.match(after):
            # "two of the dead were children": the noun comes after the verb
            noun_after = re.sub(r"^\s*(?:were|was|are)\b", "", after[part_of.end() :])
        is_children = bool(_CHILDREN.match(after) or _CHILDREN.match(noun_after))
        is_women = bool(_WOMEN.match(after) or _WOMEN.match(noun_after)) and not is_children
        if (
            harm == "killed"
            and left is not None
            and not including
            and (is_children or is_women or sub)
        ):
            figures.killed.append(value)  # "killing three children", "killing five of them"
            sub = False
        if harm == "killed" and (sub or is_children or is_women):
            if is_children and figures.children_killed is None:
                figures.children_killed = q.min if q.min is not None else q.max
            elif is_women and figures.women_killed is None:
                figures.women_killed = q.min if q.min is not None else q.max
            if q.min is not None:
                figures.killed_groups += q.min
            continue
        if sub:
            continue
        if harm == "killed" and _MEMBERS.match(after) and _INCLUDING.search(sentence[: q.start]):
            # "6 members of a family" next to other groups: a group, summed when no total.
            figures.killed_groups += q.min or 0
            continue
        {"killed": figures.killed, "injured": figures.injured, "casualties": figures.casualties}[
            harm
        ].append(value)
    for one in _ANOTHER.finditer(sentence):
        # "Israeli gunfire on the town killed another.": one more person
        (figures.killed if one.group("k") else figures.injured).append(Range(1, 1))
        figures.spans.append(one.span())
    if figures.totals and not (figures.killed or figures.injured or figures.casualties):
        # every count was a total: the children and women among them are the total's
        figures.killed_groups, figures.children_killed, figures.women_killed = 0, None, None
    return figures
