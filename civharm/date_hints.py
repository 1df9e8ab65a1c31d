"""Date hints in words, for people: "weekday:Tuesday" reads "a Tuesday, publication date unknown".

A hint (see `civharm.dates`) is what is left of a date expression that could not be resolved,
mostly because the article states no publication date. Reviewers should read what the
report said and why it has no date, never an internal token.
"""

from __future__ import annotations

import calendar

__all__ = ["describe"]

UNKNOWN = "publication date unknown"

_WEEKDAY_FORMS = {
    "": "a {day}",
    "last": "last {day}",
    "next": "next {day}",
    "last-week": "{day} of the week before",
    "this-week": "{day} of the week of publication",
    "next-week": "{day} of the week after",
}
# Hints relative to another event the article tells, not to the publication date.
_EVENT_RELATIVE = {
    "day-before": "the day before another event in the report",
    "day-after": "the day after another event in the report",
    "same-day": "the same day as another event in the report",
    "week-before": "the week before another event in the report",
    "week-after": "the week after another event in the report",
}


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _month(number: str) -> str | None:
    return calendar.month_name[int(number)] if number.isdigit() and 1 <= int(number) <= 12 else None


def describe(hint: str | None) -> str:
    """The hint in words; an unknown form is shown as written, after "date unclear"."""
    if not hint:
        return "date unknown"
    kind, _, rest = hint.partition(":")
    if kind == "weekday":
        day, _, qualifier = rest.partition(":")
        form = _WEEKDAY_FORMS.get(qualifier)
        if form is not None and day:
            return f"{form.format(day=day)}, {UNKNOWN}"
    elif kind == "month-day":
        month, _, day = rest.partition("-")
        name = _month(month)
        if name and day.isdigit():
            return f"{int(day)} {name}, year unknown ({UNKNOWN})"
    elif kind == "month" and (name := _month(rest)):
        return f"{name}, year unknown ({UNKNOWN})"
    elif kind == "day-of-month" and rest.isdigit():
        return f"the {_ordinal(int(rest))} of a month, {UNKNOWN}"
    elif kind == "numeric":
        return f"{rest} (day and month order unclear)"
    elif kind == "relative":
        return _relative(rest)
    return f"date unclear ({hint})"


def _relative(rest: str) -> str:
    if rest in _EVENT_RELATIVE:
        return _EVENT_RELATIVE[rest]
    count, _, way = rest.partition("-days-")
    if count.isdigit() and way in ("before", "after"):
        return f"{count} days {way} another event in the report"
    return f"“{rest}”, {UNKNOWN}"
