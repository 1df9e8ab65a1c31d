"""Find date expressions in a sentence and resolve them against the article's published date.

Pure functions. Regular expressions (compiled once) find the spans and resolve them with
plain calendar arithmetic; dateparser is used only by `parse_published`, as a last resort on
a short header string that already contains a four-digit year (never on running text: there
it reads "killing 20" as the 20th of the month).

`DateRef.date`/`date_end` are the first and last day of the period meant, both inclusive; a
``"day"`` reference has ``date == date_end``. Unresolved references have both ``None``,
precision ``"unknown"`` and a ``hint``.

Conventions
-----------
* **No published date, no guessing.** Today's date is never used. Without ``published``,
  weekdays, relative expressions and month-days without a year stay unresolved with a hint;
  explicit full dates ("Nov. 12, 2017", "2017-11-12") still resolve.
* **Weekdays** ("on Tuesday", "Tuesday night", "late on Monday", "around midnight on Friday",
  "Friday's strikes") mean the most recent such day *on or before* the published date. A
  weekday equal to the published day is that same day: wire copy names the day ("on
  Tuesday") for events of the day it is filed. "last Tuesday" is strictly before (1-7 days
  back), "next Tuesday" strictly after, "Tuesday of last week" the Tuesday of the previous
  Monday-Sunday week.
* **Month-day without a year** ("On November 15") is the most recent such date on or before
  the published date, so "December 30" in an article of January 3 is the previous year's.
  A month without a day ("in March") is the most recent such month on or before the
  published month ("last March": strictly before it).
* **Relative days**: "today", "this morning", "tonight" → published day; "yesterday",
  "last night" → the day before; "overnight" → day before to published day; "N days ago" →
  published - N.
* **Relative periods**: "last week" → previous Monday-Sunday (precision week); "this week",
  "earlier this week" → Monday of the published week to the published day; "last weekend" →
  the previous Saturday-Sunday (week precision); "this month", "earlier this month" → first
  of the month to the published day (month); "last month" → the whole previous month;
  "this year", "earlier this year" → 1 January to the published day (year); "last year" →
  the previous calendar year; "N weeks ago" → the Monday-Sunday week containing published -
  7N; "N months ago" → that calendar month; "N years ago" → that calendar year.
* **Relative to another event** ("the day before", "a day later", "earlier in the day",
  "that day", "two days earlier", "the previous week") cannot be resolved from the published
  date: precision unknown, hint ``relative:day-before`` / ``relative:day-after`` /
  ``relative:same-day`` / ``relative:N-days-before`` / ``relative:N-days-after`` /
  ``relative:week-before`` / ``relative:week-after``. The caller anchors them.
* **Numeric dates** "12/11/2017" are read day-first only when the first number is over 12,
  month-first only when the second is; otherwise they stay unresolved with hint
  ``numeric:12/11/2017``.

Hints: ``weekday:Tuesday`` (``weekday:Tuesday:last``, ``:next``, ``:last-week``,
``:this-week`` when qualified), ``month-day:11-15``, ``month:03``, ``day-of-month:20``,
``relative:<phrase>`` (lower case, e.g. ``relative:last week``, ``relative:3 days ago``) and
the event-relative codes above.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from civharm.date_patterns import (
    _AGO_RE,
    _DAY_OF_MONTH_RE,
    _DMY_RE,
    _EVENT_RELATIVE,
    _ISO_RE,
    _MDY_RE,
    _MONTH_ALONE_RE,
    _MONTH_YEAR_RE,
    _MONTHS,
    _N_DAYS_EVENT_RE,
    _NUMERIC_RE,
    _RELATIVE,
    _SMALL_NUMBERS,
    _WEEKDAY_NAMES,
    _WEEKDAY_RE,
    _WEEKDAYS,
    _YEAR_RANGE_RE,
    _YEAR_RE,
)

__all__ = ["DateRef", "find_dates", "parse_published"]


@dataclass(frozen=True)
class DateRef:
    """One date expression: ``sentence[start:end] == text``."""

    start: int
    end: int
    text: str
    date: dt.date | None
    date_end: dt.date | None
    precision: str  # "day" | "week" | "month" | "year" | "unknown"
    hint: str | None = None


# --------------------------------------------------------------------------- calendar helpers


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + delta
    return idx // 12, idx % 12 + 1


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _month_num(text: str) -> int:
    return _MONTHS[text.rstrip(".").lower()]


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _recent_month_day(m: int, d: int, published: dt.date) -> dt.date | None:
    """The most recent m-d on or before ``published`` (None for an impossible day)."""
    for back in range(0, 9):
        cand = _safe_date(published.year - back, m, d)
        if cand is not None and cand <= published:
            return cand
    return None


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


# --------------------------------------------------------------------------- finders


# Places and bodies named after a day: "April 7 Camp", "26 September Street", "July 7 road".
_NAMED_AFTER_DAY = re.compile(
    r"\s*(?:street|road|camp|hospital|stadium|square|brigade|bridge|school|university|"
    r"mosque|roundabout|junction|avenue|park|hall|movement|revolution|neighbou?rhood)\b",
    re.IGNORECASE,
)


def _ref(
    sentence: str,
    span: tuple[int, int],
    d: dt.date | None,
    e: dt.date | None,
    prec: str,
    hint: str | None = None,
) -> DateRef:
    s, t = span
    if d is None:
        e, prec = None, "unknown"
    return DateRef(s, t, sentence[s:t], d, e, prec, hint)


def _explicit(sentence: str, published: dt.date | None) -> list[DateRef]:
    out: list[DateRef] = []
    for m in _ISO_RE.finditer(sentence):
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d is not None:
            out.append(_ref(sentence, m.span(), d, d, "day"))
    for m in _NUMERIC_RE.finditer(sentence):
        a, b, y = int(m["a"]), int(m["b"]), _year(m["y"])
        if a > 12 or a == b:
            d = _safe_date(y, b, a)
        elif b > 12:
            d = _safe_date(y, a, b)
        else:
            out.append(_ref(sentence, m.span(), None, None, "unknown", f"numeric:{m.group()}"))
            continue
        if d is not None:
            out.append(_ref(sentence, m.span(), d, d, "day"))
    for rx in (_MDY_RE, _DMY_RE):
        for m in rx.finditer(sentence):
            mon, day = _month_num(m["mon"]), int(m["d"])
            day2 = int(m["d2"]) if m["d2"] else day
            if not 1 <= day <= day2 <= 31:
                continue
            span = (m.start(), m.end())
            if _NAMED_AFTER_DAY.match(sentence, m.end()):
                continue  # "April 7 Camp", "the 26 September Street": a name, not a date
            if m["y"]:
                y = int(m["y"])
                d, e = _safe_date(y, mon, day), _safe_date(y, mon, day2)
            elif published is not None:
                e = _recent_month_day(mon, day2, published)
                d = _safe_date(e.year, mon, day) if e is not None else None
            else:
                out.append(
                    _ref(sentence, span, None, None, "unknown", f"month-day:{mon:02d}-{day:02d}")
                )
                continue
            if d is not None and e is not None:
                out.append(_ref(sentence, span, d, e, "day"))
    for m in _MONTH_YEAR_RE.finditer(sentence):
        y, mon = int(m["y"]), _month_num(m["mon"])
        out.append(_ref(sentence, m.span(), dt.date(y, mon, 1), _month_end(y, mon), "month"))
    for m in _MONTH_ALONE_RE.finditer(sentence):
        mon = _month_num(m["mon"])
        span = m.span("m") if m["mod"] is None else (m.start(), m.end())
        if published is None:
            out.append(_ref(sentence, span, None, None, "unknown", f"month:{mon:02d}"))
            continue
        y = published.year if mon <= published.month else published.year - 1
        mod = (m["mod"] or "").lower()
        if mod == "last" and mon == published.month:
            y -= 1
        elif mod == "next":
            y = published.year if mon > published.month else published.year + 1
        out.append(_ref(sentence, span, dt.date(y, mon, 1), _month_end(y, mon), "month"))
    for m in _YEAR_RANGE_RE.finditer(sentence):
        y1, y2 = int(m["y1"]), int(m["y2"])
        if y1 < y2:
            out.append(_ref(sentence, m.span(), dt.date(y1, 1, 1), dt.date(y2, 12, 31), "year"))
    for m in _YEAR_RE.finditer(sentence):
        y = int(m["y"])
        out.append(_ref(sentence, m.span("y"), dt.date(y, 1, 1), dt.date(y, 12, 31), "year"))
    for m in _DAY_OF_MONTH_RE.finditer(sentence):
        day = int(m["d"])
        span = (m.start() + 3, m.end())  # "the 20th"
        if published is None or not 1 <= day <= 31:
            out.append(_ref(sentence, span, None, None, "unknown", f"day-of-month:{day}"))
            continue
        cand: dt.date | None = None
        for back in range(0, 12):
            yy, mm = _shift_month(published.year, published.month, -back)
            cand = _safe_date(yy, mm, day)
            if cand is not None and cand <= published:
                break
        out.append(_ref(sentence, span, cand, cand, "day"))
    return out


def _weekdays(sentence: str, published: dt.date | None) -> list[DateRef]:
    out: list[DateRef] = []
    for m in _WEEKDAY_RE.finditer(sentence):
        wd = _WEEKDAYS[m["wd"].lower()]
        mod = (m["mod"] or "").lower()
        week = (m["week"] or "").lower()
        qual = f":{week}-week" if week else (f":{mod}" if mod in ("last", "next") else "")
        if published is None:
            hint = f"weekday:{_WEEKDAY_NAMES[wd]}{qual}"
            out.append(_ref(sentence, m.span("all"), None, None, "unknown", hint))
            continue
        if week:
            shift = {"last": -7, "this": 0, "next": 7}[week]
            d = _monday(published) + dt.timedelta(days=shift + wd)
        else:
            back = (published.weekday() - wd) % 7
            if mod == "last" and back == 0:
                back = 7
            if mod == "next":
                d = published + dt.timedelta(days=(wd - published.weekday()) % 7 or 7)
            else:
                d = published - dt.timedelta(days=back)
        out.append(_ref(sentence, m.span("all"), d, d, "day"))
    return out


def _relative(sentence: str, published: dt.date | None) -> list[DateRef]:
    out: list[DateRef] = []
    for rx, code in _EVENT_RELATIVE:
        for m in rx.finditer(sentence):
            out.append(_ref(sentence, m.span(), None, None, "unknown", code))
    for m in _N_DAYS_EVENT_RE.finditer(sentence):
        n = _count(m["n"])
        way = "before" if m["dir"].lower() in ("before", "earlier") else "after"
        out.append(_ref(sentence, m.span(), None, None, "unknown", f"relative:{n}-days-{way}"))
    for m in _AGO_RE.finditer(sentence):
        hint = f"relative:{_norm(m.group())}"
        n_text = _norm(m["n"])
        if published is None or n_text in ("a few", "several", "a couple of"):
            out.append(_ref(sentence, m.span(), None, None, "unknown", hint))
            continue
        n, unit = _count(n_text), m["u"].lower()
        if unit == "day":
            d = published - dt.timedelta(days=n)
            out.append(_ref(sentence, m.span(), d, d, "day"))
        elif unit == "week":
            mon = _monday(published - dt.timedelta(days=7 * n))
            out.append(_ref(sentence, m.span(), mon, mon + dt.timedelta(days=6), "week"))
        elif unit == "month":
            y, mo = _shift_month(published.year, published.month, -n)
            out.append(_ref(sentence, m.span(), dt.date(y, mo, 1), _month_end(y, mo), "month"))
        else:
            y = published.year - n
            out.append(_ref(sentence, m.span(), dt.date(y, 1, 1), dt.date(y, 12, 31), "year"))
    for rx, code in _RELATIVE:
        for m in rx.finditer(sentence):
            if published is None:
                hint = f"relative:{_norm(m.group())}"
                out.append(_ref(sentence, m.span(), None, None, "unknown", hint))
                continue
            d, e, prec = _resolve_relative(code, published)
            out.append(_ref(sentence, m.span(), d, e, prec))
    return out


def _count(text: str) -> int:
    text = _norm(text)
    return int(text) if text.isdigit() else _SMALL_NUMBERS.get(text, 1)


def _resolve_relative(code: str, p: dt.date) -> tuple[dt.date, dt.date, str]:
    one = dt.timedelta(days=1)
    if code == "0d":
        return p, p, "day"
    if code == "-1d":
        return p - one, p - one, "day"
    if code == "-2d":
        return p - 2 * one, p - 2 * one, "day"
    if code == "overnight":
        return p - one, p, "day"
    if code == "last-week":
        mon = _monday(p) - 7 * one
        return mon, mon + 6 * one, "week"
    if code == "last-weekend":
        sat = _monday(p) - 2 * one
        return sat, sat + one, "week"
    if code == "this-week":
        return _monday(p), p, "week"
    if code == "this-month":
        return p.replace(day=1), p, "month"
    if code == "last-month":
        y, m = _shift_month(p.year, p.month, -1)
        return dt.date(y, m, 1), _month_end(y, m), "month"
    if code == "this-year":
        return dt.date(p.year, 1, 1), p, "year"
    # last-year
    return dt.date(p.year - 1, 1, 1), dt.date(p.year - 1, 12, 31), "year"


# cheap substring tests that let most sentences skip most regexes
_HAS_DIGIT = re.compile(r"\d").search
_MONTH_CUES = tuple(
    name[:3] for name in calendar.month_name[1:]
)  # "Jan" … "Dec", capitalised as in running text
_RELATIVE_CUES = (
    "day", "night", "week", "month", "year", "ago", "morning", "afternoon", "evening",
)  # fmt: skip


_NOT_EVENT_BEFORE = re.compile(
    r"\b(?:born|founded|established|built|opened)\s+(?:(?:in|on)\s+)?$"
    # "the toll rose to 11 on Saturday": when the toll was told, not when the attack was
    r"|\b(?:rose|risen|climbed|increased|jumped|reached)\s+to\s+(?:at\s+least\s+)?\d+\s+on\s+$",
    re.IGNORECASE,
)
# "the November 27 truce", "the March 2020 ceasefire": a date naming something else
_NOT_EVENT_AFTER = re.compile(
    r"\s*(?:truce|ceasefire|cease-fire|agreement|deal|accord|elections?|summit)\b", re.I
)


def find_dates(sentence: str, *, published: dt.date | None) -> list[DateRef]:
    """Date expressions of ``sentence`` resolved against ``published`` (see module doc)."""
    if isinstance(published, dt.datetime):
        published = published.date()
    cands: list[DateRef] = []
    low = sentence.lower()
    if _HAS_DIGIT(sentence) or any(m in sentence for m in _MONTH_CUES):
        cands.extend(_explicit(sentence, published))
    if "day" in sentence:  # every weekday name ends in "day"
        cands.extend(_weekdays(sentence, published))
    if any(cue in low for cue in _RELATIVE_CUES):
        cands.extend(_relative(sentence, published))
    # "a child born in 2015", "a school built in 1998": not when anything happened
    cands = [
        r
        for r in cands
        if not _NOT_EVENT_BEFORE.search(sentence[max(0, r.start - 40) : r.start])
        and not _NOT_EVENT_AFTER.match(sentence, r.end)
    ]
    # keep the longest of overlapping candidates, leftmost first
    cands.sort(key=lambda r: (r.start, -(r.end - r.start)))
    out: list[DateRef] = []
    last_end = -1
    for ref in cands:
        if ref.start >= last_end:
            out.append(ref)
            last_end = ref.end
    return out


# --------------------------------------------------------------------------- published

_MONTH_WORD_RE = re.compile(r"[A-Za-z]+")
_HAS_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def parse_published(text: str) -> dt.date | None:
    """The calendar date of a header or metadata string, or None.

    Handles "November 12th, 2017", "12 November 2017", "2017-11-12", "Nov 12, 2017 10:32
    GMT", "Sunday, 12 November 2017", ISO datetimes, and (through dateparser, on short
    strings with a four-digit year only) other languages' month names. Relative strings
    ("3 hours ago") and ambiguous numeric dates give None.
    """
    t = " ".join(text.split())[:200]
    if not t:
        return None
    m = _ISO_RE.search(t)
    if m is not None:
        return _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    t = _MONTH_WORD_RE.sub(
        lambda w: w.group().capitalize() if w.group().lower().rstrip(".") in _MONTHS else w.group(),
        t,
    )
    refs = find_dates(t, published=None)
    for ref in refs:
        if ref.precision == "day" and ref.date is not None:
            return ref.date
    if any(r.hint and r.hint.startswith("numeric:") for r in refs):
        return None
    years = set(_HAS_YEAR_RE.findall(t))
    if not years or len(t) > 80:
        return None
    return _dateparser_date(t, years)


def _dateparser_date(text: str, years: set[str]) -> dt.date | None:
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        got = dateparser.parse(
            text,
            settings={
                "REQUIRE_PARTS": ["day", "month", "year"],
                "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DATES_FROM": "past",
            },
        )
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if got is None or str(got.year) not in years:
        return None
    return dt.date(got.year, got.month, got.day)
