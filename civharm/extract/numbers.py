"""Numbers written in digits or words, with their spans: the first step of reading a count.

`quantities.py` decides what each number says (a bound, a range, a unit, a vague term);
this module only finds the numbers and their values. text2num turns words into digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

SMALL = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = ["hundred", "thousand", "million", "billion"]
NUMWORD = "|".join(sorted(SMALL + TENS + SCALES, key=len, reverse=True))
RUN = rf"(?:{NUMWORD})(?:(?:\s*-\s*|\s+and\s+|\s+)(?:{NUMWORD}))*\b"

# three passes instead of one alternation: each starts with a cheap test, and the digit and
# dozen passes only run when the sentence has a digit or the word "dozen"
DIGITS_RE = re.compile(
    r"(?P<digits>(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![.,]?\d))"
    r"(?:\s+(?P<dscale>thousand|million|billion)\b)?",
    re.IGNORECASE,
)
DOZEN_RE = re.compile(
    rf"(?<![\w-])(?P<dozen>(?:half\s+an?|an?|{RUN})\s+dozen\b)(?!s)", re.IGNORECASE
)
WORDS_RE = re.compile(
    rf"(?<![\w-])(?P<words>(?:an?\s+(?=(?:hundred|thousand|million|billion)\b))?{RUN})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Core:
    """A number found in a sentence: its span, value, and whether it was written in digits."""

    start: int
    end: int
    value: int | None  # None for a bare decimal
    digits: bool
    plain4: bool  # four plain digits, a possible year


def words_value(text: str) -> int | None:
    norm = re.sub(r"^an?\s+", "one ", text.lower().strip())
    norm = re.sub(r"\s+", " ", norm)
    try:
        return int(text2num(norm, "en"))
    except ValueError:
        return None


def count_value(text: str) -> int | None:
    """A count written in digits or in words ("12", "twelve")."""
    return int(text) if text.isdigit() else words_value(text)


def split_run(start: int, text: str) -> list[tuple[int, int, int]]:
    """Split a run of number words that text2num rejects ("five and six") into numbers."""
    tokens = [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"\w+", text)]
    out: list[tuple[int, int, int]] = []
    i = 0
    # first try cutting at every "and": "one hundred and two hundred" → 100, 200
    pieces: list[list[tuple[int, int, str]]] = [[]]
    for tok in tokens:
        if tok[2].lower() == "and":
            pieces.append([])
        else:
            pieces[-1].append(tok)
    for piece in pieces:
        i = 0
        while i < len(piece):
            for j in range(len(piece), i, -1):
                s, e = piece[i][0], piece[j - 1][1]
                chunk = " ".join(t[2] for t in piece[i:j])
                val = words_value(chunk)
                if val is not None:
                    out.append((s, e, val))
                    i = j
                    break
            else:
                i += 1
    return out
