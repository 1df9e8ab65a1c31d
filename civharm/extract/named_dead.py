"""The dead named one by one with their ages, as monitors list them: "killed Hamza Ishtawi
(17) and Hasan Shalabi (14)", "killing A, 57, B, 27, and C, aged 40", and the children
among a toll whose every dead person is named with an age.
"""

from __future__ import annotations

import re

from civharm.extract.harm import Figures
from civharm.extract.people import ADULT, NAME_WORD
from civharm.model import Range

# "Mohammad Areef, 9, and Amir, 11": a name with the age after it, as monitors list the dead
_AGED_NAME = re.compile(
    rf"(?-i:[A-Z][\w’'-]+)(?:\s+{NAME_WORD})*"
    r"\s*(?:,\s*(\d{1,2})\s*,|\((\d{1,2})\))"  # "Amir, 11," or, as PCHR writes, "Amir (11)"
)
# "Israeli forces killed Hamza Ishtawi (17), from al-Zaytoun, and Hasan Shalabi (14)": the
# dead named one by one with their ages in brackets
_KILLED_NAMED = re.compile(
    r"\b(?:kill(?:ed|ing)|shot\s+dead|(?:the\s+)?deaths?\s+of)\s+(?=(?-i:[A-Z]))", re.I
)
# ("killing Al-Dei Abuelsheikh, 57, Mohammed Ali, 27, and Abubakr Abuelsheikh, aged 40")
_NAMED_WITH_AGE = re.compile(
    r"(?-i:(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][\w’'-]+"
    rf"(?:\s+{NAME_WORD}){{0,6}})\s*(?:\((\d{{1,2}})\)|,\s*(?:aged\s+)?(\d{{1,2}})\b(?![.,]\d))"
)
_BETWEEN_NAMED = re.compile(r"(?:,[^.;:()]{0,60}?)?(?:,\s*|\s+)and\s+$|,\s*$")


def named_with_ages(sentence: str, figures: Figures, listed: list[tuple[int, int]]) -> None:
    """The dead named one by one after the harm, each with the age, in brackets or not."""
    for harm in _KILLED_NAMED.finditer(sentence):
        ages: list[int] = []
        at = harm.end()
        named = _NAMED_WITH_AGE.match(sentence, at)
        while named is not None:
            ages.append(int(named.group(1) or named.group(2)))
            after = _NAMED_WITH_AGE.search(sentence, named.end(), named.end() + 100)
            gap = sentence[named.end() : after.start()] if after else ""
            if after is None or re.search(r"[.;:]", gap) or not _BETWEEN_NAMED.search(gap):
                break
            named = after
        if not ages or any(s < harm.end() < e for s, e in listed):
            continue
        figures.killed.append(Range(len(ages), len(ages)))
        figures.victims.add("civilians")
        young = sum(age < ADULT for age in ages)
        if young and figures.children_killed is None:
            figures.children_killed = young


def children_by_age(sentence: str, figures: Figures) -> None:
    """The children among a toll whose dead are each named with their age ("two brothers,
    Mohammad, 9, and Amir, 11, were killed"): those under 18, when every one is named."""
    if figures.children_killed is not None or len(figures.killed) != 1:
        return
    told = figures.killed[0]
    if told.min is None or told.min != told.max:
        return
    ages = [int(m.group(1) or m.group(2)) for m in _AGED_NAME.finditer(sentence)]
    if len(ages) == told.min and (young := sum(age < ADULT for age in ages)):
        figures.children_killed = young
