"""Adversarial lines take time linear in their length (#9 item 5).

Each test times one hostile line of about 1 MB (fewer where the work per character is large)
against a plain line of the same length processed the same way, in the same test, and
asserts a ratio, never an absolute time: a pattern that rescans the rest of the line from
every opener, or backtracks over a run, makes the hostile line orders of magnitude slower.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from civharm import Project
from civharm.extract.periods import _clause_span
from civharm.extract.sentences import MAX_SENTENCE_CHARS, pieces, sentences
from civharm.gazetteer import Gazetteer
from civharm.model import Article, SourceDocument, Span, Structure
from civharm.readers import markdown
from civharm.stages.extract import extract_article
from civharm.stages.segment import segment

SIZE = 1_000_000
# Extraction does much more per character: a smaller line, still far past where a
# quadratic rule shows (a sentence of 80 KB with a count every 10 characters took 13 s).
EXTRACT_SIZE = 200_000
# The hostile line may be this many times slower than the plain one, plus a constant (s).
RATIO = 5
SLACK = 0.5


def _seconds(work: Callable[[], object]) -> float:
    """The best of two runs, so that one pause of the machine does not fail a test."""
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def _line(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _assert_linear(hostile: Callable[[], object], plain: Callable[[], object]) -> None:
    plain_s = _seconds(plain)
    hostile_s = _seconds(hostile)
    assert hostile_s < RATIO * plain_s + SLACK, (hostile_s, plain_s)


@pytest.mark.parametrize(
    "unit",
    [
        "*a ",  # the case: an opener with no closer rescanned the line (quadratic)
        "**a ",  # a `**` opener with no closing `**`
        "[a ",  # link text with no `]`: every `[` scanned to the end of the line
        "[a](",  # a link target with no `)`
        "![a](",  # an image target with no `)`
        "[a][",  # a reference link with no closing `]`
    ],
)
def test_regex_linear_markdown_reader_unclosed_markup(unit: str) -> None:
    # the plain line has as much markup, all of it closed: the same amount of stripping
    closed = {"*a ": "*a* ", "**a ": "**a** ", "[a ": "[a] ", "[a](": "[a](b)", "![a](": "![a](b)"}
    plain = _line(closed.get(unit, "[a][b]"))
    hostile = _line(unit)
    _assert_linear(lambda: markdown.to_text(hostile), lambda: markdown.to_text(plain))


def test_regex_linear_markdown_heading_with_a_run_of_spaces() -> None:
    # `(.*?)\s*#*\s*$` tried every split of a run of spaces at every position (cubic)
    hostile = "# a" + " " * (SIZE // 100) + "b"
    plain = "# a" + "b" * (SIZE // 100) + "b"
    _assert_linear(lambda: markdown.to_text(hostile), lambda: markdown.to_text(plain))
    assert markdown.to_text("# Title ##  ")[0] == "Title"


def test_regex_linear_markdown_nested_emphasis_is_unwrapped_a_bounded_number_of_times() -> None:
    # each pass unwraps one level: a million nested `**` would take a million passes
    hostile = "**" * (SIZE // 4) + "a" + "**" * (SIZE // 4)
    plain = _line("**a** ", len(hostile))
    _assert_linear(lambda: markdown.to_text(hostile), lambda: markdown.to_text(plain))
    # real nesting is still unwrapped completely
    assert markdown.strip_inline("***a*** and **_b_** and *__c__*") == "a and _b_ and c"


def test_regex_linear_markdown_emphasis_matches_the_old_pattern() -> None:
    # the scanner replaces a regular expression: same output on a grid of small lines
    import itertools
    import re

    old = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
    for size in range(7):
        for chars in itertools.product("*_ a", repeat=size):
            line = "".join(chars)
            expected, previous = line, None
            while previous != expected:
                previous = expected
                expected = old.sub(lambda m: m.group(2) or m.group(3) or "", expected)
            assert markdown.strip_inline(line) == expected, line


def test_regex_linear_ingest_markdown_file(tmp_path: Path, project: Project) -> None:
    # the case through the whole ingest of a .md file (read, segment, extract)
    head = "# Report\n\nThree civilians were killed in Aleppo on Monday, residents said.\n\n"
    (tmp_path / "hostile.md").write_text(head + _line("*a ", SIZE // 4) + "\n")
    (tmp_path / "plain.md").write_text(head + _line("*a* ", SIZE // 4) + "\n")

    runs = iter(range(100))

    def ingest(name: str) -> Callable[[], object]:
        def work() -> object:
            # a fresh copy each time: a file already ingested is recognised and skipped
            copy = tmp_path / f"{next(runs)}-{name}"
            copy.write_text(f"{next(runs)}\n" + (tmp_path / name).read_text())
            return project.ingest([copy])

        return work

    _assert_linear(ingest("hostile.md"), ingest("plain.md"))


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


def _extract(text: str, gazetteer: Gazetteer) -> Callable[[], object]:
    text = "Three civilians were killed in Aleppo on Monday. " + text + "\n"
    article = Article(
        ordinal=0,
        span=Span(0, len(text)),
        body=Span(0, len(text)),
        text=text,
        published=dt.date(2024, 1, 1),
    )
    return lambda: extract_article(text, article, gazetteer)


@pytest.mark.parametrize(
    "unit",
    [
        "Abu Bakr Salem ",  # capitalised words: name and place patterns
        "1,234, ",  # digits and commas: number patterns
        "men, women and ",  # an "and"-joined list
        "a, ",  # a comma list
        "a. ",  # a million "sentences"
        "killed ",  # harm words with no count
        "in the village of ",  # place cues with no place
    ],
)
def test_regex_linear_extraction_hostile_sentence(unit: str, gazetteer: Gazetteer) -> None:
    plain = _line("lorem ipsum dolor sit amet ", EXTRACT_SIZE)
    _assert_linear(_extract(_line(unit, EXTRACT_SIZE), gazetteer), _extract(plain, gazetteer))


def test_regex_linear_extraction_spaces(gazetteer: Gazetteer) -> None:
    # a run of spaces in one sentence
    plain = _line("lorem ipsum dolor sit amet ", EXTRACT_SIZE)
    _assert_linear(_extract("a" + " " * EXTRACT_SIZE, gazetteer), _extract(plain, gazetteer))


def test_regex_linear_extraction_many_counts_in_one_sentence(gazetteer: Gazetteer) -> None:
    # thousands of counts in one sentence: each looked for its clause from the sentence's
    # start (quadratic); the work per count is large, so this one compares two sizes
    size = 20_000
    small = _extract(_line("3 killed, ", size), gazetteer)
    large = _extract(_line("3 killed, ", 2 * size), gazetteer)
    _assert_linear(large, lambda: (small(), small()))


SEGMENT_SIZE = SIZE // 10
_SPACES = " " * SEGMENT_SIZE


@pytest.mark.parametrize(
    "line",
    [
        "---" + _SPACES + "x",  # a separator's `-\s*` then `\s*$`: quadratic in the spaces
        "\f" * SEGMENT_SIZE + "x",  # form feeds: `^\s*` then `\f\s*`
        "ALEPPO" + _SPACES + "x",  # a dateline's `\s*,?\s*(…)?\s*`: cubic in the spaces
        "Source: ab" + _SPACES + "x",  # `(.{2,80}?)\s*[.]?\s*$`: 80 × quadratic
        "By " + "Aand " * (SEGMENT_SIZE // 5) + "x",  # "Aand" read as a name or name + "and"
        "By" + _SPACES + "x",  # `\s*:?\s+`
        "share" + _SPACES + "x",  # boilerplate `\s*:?` then `\s*$`
        "advert" + _SPACES + "x",  # boilerplate `\s*-?` then `\s*$`
        "comments" + _SPACES + "x",  # boilerplate `\s*(?:\(\d+\))?` then `\s*$`
        "(AP Photo " * (SEGMENT_SIZE // 10),  # a caption credit searched from every "("
        _line("Abu Bakr Salem ", SEGMENT_SIZE),  # capitalised words: titles and bylines
        _line("1,234, ", SEGMENT_SIZE),  # digits and commas: dates
    ],
)
def test_regex_linear_segment_hostile_line(line: str) -> None:
    # segmentation reads each line for headers, datelines, separators and boilerplate
    def run(text: str) -> Callable[[], object]:
        doc = SourceDocument(
            doc_id="x",
            origin="x",
            data=b"",
            media_type="text/plain",
            text="Market Struck\n\n" + text + "\n\nThree civilians were killed on Monday.\n",
            structure=Structure(),
        )
        return lambda: segment(doc)

    _assert_linear(run(line), run(_line("lorem ipsum dolor sit amet ", len(line))))


def test_regex_linear_segment_separators_unchanged() -> None:
    from civharm.stages.segment import DATELINE, _is_separator

    assert _is_separator("  - - -  ") and _is_separator("\f") and _is_separator(" \f ")
    assert not _is_separator("--") and not _is_separator("--- x") and not _is_separator("  ")
    match = DATELINE.match("ALEPPO , Syria (Reuters) - Shelling")
    assert match is not None and match.group(1) == "ALEPPO , Syria"


def test_regex_linear_sentences_cut_an_overlong_sentence() -> None:
    # a sentence longer than MAX_SENTENCE_CHARS is read as pieces, with document offsets
    text = "Three were killed " + "x " * MAX_SENTENCE_CHARS + "in Aleppo."
    article = Article(ordinal=0, span=Span(0, len(text)), body=Span(0, len(text)), text=text)
    found = sentences(text, article)
    assert len(found) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in found)
    assert all(text[s.start : s.end] == s.text for s in found)
    assert found[0].text.startswith("Three were killed") and found[-1].text.endswith("Aleppo.")


@pytest.mark.parametrize(
    "text",
    [
        "a b c d",  # shorter than the limit: one piece
        "abcdefghij",  # no space: hard cuts
        "ab cd ef gh ij kl",  # cuts after the last space that fits
    ],
)
def test_regex_linear_pieces_join_back(text: str) -> None:
    found = list(pieces(text, 4))
    assert "".join(p for _, p in found) == text
    assert all(len(p) <= 4 and text[at : at + len(p)] == p for at, p in found)


def test_regex_linear_clause_span_matches_a_scan_from_the_start() -> None:
    # the clause of a count is looked up in one scan of the sentence; it must be the
    # clause a scan from the sentence's start to the count would give
    import itertools

    from civharm.extract.periods import _CLAUSE_END

    words = [",", " ", "  ", ".", ";", "and", "while", "x", "3", ", including"]
    for size in range(4):
        for parts in itertools.product(words, repeat=size):
            sentence = "".join(parts)
            for start in range(len(sentence) + 1):
                ends = [m.end() for m in _CLAUSE_END.finditer(sentence, 0, start)]
                after = _CLAUSE_END.search(sentence, start)
                expected = (ends[-1] if ends else 0, after.start() if after else len(sentence))
                assert _clause_span(sentence, start, start) == expected, (sentence, start)
