"""The word tables and regular expressions that `civharm.dates` finds date expressions
with, compiled once; kept apart so the finders read without 150 lines of patterns first.
"""

from __future__ import annotations

import calendar
import re

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name[1:], start=1):
    _MONTHS[_name.lower()] = _i
    _MONTHS[_name[:3].lower()] = _i
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY_NAMES = list(calendar.day_name)

_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
_NUM = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"

# --------------------------------------------------------------------------- regexes

_ISO_RE = re.compile(
    r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d-])"
)
_NUMERIC_RE = re.compile(
    r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/]|\.\d)"
)
_MDY_RE = re.compile(
    rf"(?:{_WD},?\s+)?(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}}){_ORD}"
    rf"(?:\s*(?:-|–|to)\s*(?P<d2>\d{{1,2}}){_ORD})?(?:,?\s+(?P<y>\d{{4}}))?(?![\d:])"
)
_DMY_RE = re.compile(
    rf"(?<![\d,.])(?:{_WD},?\s+)?(?P<d>\d{{1,2}}){_ORD}"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<d2>\d{{1,2}}){_ORD})?(?:\s+of)?\s+(?P<mon>{_MONTH})"
    rf"(?:,?\s+(?P<y>\d{{4}}))?(?!\d)"
)
_MONTH_YEAR_RE = re.compile(
    rf"(?i:(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)[\s-]+)?"
    rf"(?<!\d\s)(?P<mon>{_MONTH})(?:\s+of)?,?\s+(?P<y>\d{{4}})(?!\d)"
)
_MONTH_ALONE_RE = re.compile(
    rf"\b(?:(?P<mod>(?i:last|this|next))\s+|(?i:in|since|until|till|by|during|throughout|"
    rf"from|before|after|of|early|mid|late|the\s+end\s+of|the\s+beginning\s+of)[\s-]+)"
    rf"(?P<m>(?i:(?:early|mid|late)[\s-]+)?(?P<mon>{_MONTH}))(?!\s*\d)(?!\s+of\s+\d)"
)
_YEAR_RE = re.compile(
    r"\b(?i:in|during|since|until|till|by|throughout|from|before|after|early|late|mid|of)"
    r"[\s-]+(?P<y>(?:19|20)\d\d)\b(?!\s*(?:-|–)\s*\d)(?!,\d)"
)
_YEAR_RANGE_RE = re.compile(
    r"\b(?:(?i:between|from)\s+)?(?P<y1>(?:19|20)\d\d)\s*(?:-|–|(?i:to|and|until)\s)\s*"
    r"(?P<y2>(?:19|20)\d\d)\b"
)
_WEEKDAY_RE = re.compile(
    rf"""(?P<all>
      (?i:(?:late|early)\s+(?:on\s+)?
        |(?:around|about|at|shortly\s+(?:after|before)|just\s+(?:after|before)|after|before)\s+
         (?:midnight|dawn|noon|midday|dusk|sunset|sunrise|daybreak)\s+(?:on\s+)?)?
      (?:(?P<mod>(?i:last|this|next|past))\s+)?
      (?P<wd>{_WD})(?!\w)(?!\s+(?:Times|Telegraph|Express|Mirror|Post|Herald)\b)
      (?i:\s+(?:morning|afternoon|evening|night|dawn|noon))?
      (?:\s+(?i:of\s+)?(?P<week>(?i:last|this|next))\s+(?i:week))?
    )""",
    re.VERBOSE,
)
_DAY_OF_MONTH_RE = re.compile(
    r"\b(?i:on)\s+the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:-|–|to\b|and\b))(?!\s+(?:of|"
    r"century|anniversary|floor|storey|story|time|day|week|month|year|round|session|attempt|"
    r"attack|strike|brigade|division|regiment|battalion|birthday|consecutive|straight)\b)"
)

_EVENT_RELATIVE: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:(?:on\s+)?the\s+(?:same|very\s+same)\s+day|(?:on\s+)?that\s+(?:same\s+)?day"
            r"|(?:earlier|later)\s+(?:in|on)\s+(?:the|that)\s+day|the\s+same\s+(?:night|evening))\b",
            re.I,
        ),
        "relative:same-day",
    ),
    (
        re.compile(
            r"\b(?:(?:on\s+)?the\s+(?:day|night|evening)\s+before(?!\s+yesterday)"
            r"|(?:a|one)\s+day\s+(?:before|earlier)|the\s+(?:previous|preceding|prior)\s+"
            r"(?:day|night|evening)"
            # "the raid comes a day after helicopters killed 30": the other event was before
            r"|(?:comes|came|follows|followed)\s+(?:just\s+|only\s+)?(?:a|one)\s+day\s+after)\b",
            re.I,
        ),
        "relative:day-before",
    ),
    (
        re.compile(
            r"\b(?:(?:on\s+)?the\s+(?:day|night|evening)\s+after|(?:a|one)\s+day\s+(?:later|after)"
            r"|the\s+(?:next|following|subsequent)\s+(?:day|night|morning|evening))\b",
            re.I,
        ),
        "relative:day-after",
    ),
    (
        re.compile(
            r"\b(?:the\s+week\s+before|the\s+(?:previous|preceding|prior)\s+week"
            r"|(?:a|one)\s+week\s+(?:before|earlier))\b",
            re.I,
        ),
        "relative:week-before",
    ),
    (
        re.compile(
            r"\b(?:the\s+week\s+after|the\s+(?:next|following)\s+week"
            r"|(?:a|one)\s+week\s+(?:later|after))\b",
            re.I,
        ),
        "relative:week-after",
    ),
)
_N_DAYS_EVENT_RE = re.compile(
    rf"\b(?P<n>{_NUM})\s+days\s+(?P<dir>before|earlier|later|after)\b", re.I
)
_AGO_RE = re.compile(
    rf"\b(?P<n>{_NUM}|a\s+few|several|a\s+couple\s+of)\s+(?P<u>day|week|month|year)s?\s+ago\b",
    re.I,
)
_RELATIVE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bthe\s+day\s+before\s+yesterday\b", re.I), "-2d"),
    (
        re.compile(
            r"\b(?:(?:earlier|later)\s+)?today\b|\bthis\s+(?:morning|afternoon|evening)\b"
            r"|\btonight\b",
            re.I,
        ),
        "0d",
    ),
    (
        re.compile(
            r"\byesterday(?:\s+(?:morning|afternoon|evening|night))?\b|\blast\s+night\b", re.I
        ),
        "-1d",
    ),
    (re.compile(r"\bovernight\b", re.I), "overnight"),
    (re.compile(r"\blast\s+weekend\b", re.I), "last-weekend"),
    (re.compile(r"\b(?:the\s+)?(?:last|past)\s+week\b(?!\s+of)", re.I), "last-week"),
    (re.compile(r"\b(?:(?:earlier|later)\s+)?this\s+week\b", re.I), "this-week"),
    (re.compile(r"\b(?:the\s+)?last\s+month\b", re.I), "last-month"),
    (
        re.compile(
            r"\b(?:(?:earlier|later)\s+)?this\s+month\b"
            r"|\b(?:at\s+)?the\s+(?:start|beginning)\s+of\s+(?:this|the)\s+month\b",
            re.I,
        ),
        "this-month",
    ),
    (re.compile(r"\b(?:the\s+)?last\s+year\b", re.I), "last-year"),
    (
        re.compile(
            r"\b(?:(?:earlier|later)\s+)?this\s+year\b"
            r"|\b(?:at\s+)?the\s+(?:start|beginning)\s+of\s+(?:this|the)\s+year\b",
            re.I,
        ),
        "this-year",
    ),
)
