"""Markdown: strip the syntax, keep link text, and remember headings and `---` separators.

The segmenter needs the structure that stripping removes, so headings and separators are
returned as offsets into the stripped text.

Every pattern here runs in time linear in the line (issue #9): bracket texts and link
targets may not contain the bracket that starts or ends the next one, so failed attempts
never rescan the rest of the line; emphasis is matched by `_strip_emphasis`, a scanner over
precomputed delimiter positions instead of a lazy `.+?` that rescanned to the end of the
line from every unclosed `*`; and nested emphasis is unwrapped at most `_EMPHASIS_PASSES`
times.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path

from civharm.errors import EmptyInput, InputError
from civharm.model import Heading, SourceDocument, Structure
from civharm.readers.bounded import DEFAULT_MAX_BYTES
from civharm.readers.decoding import decode

_RULE = re.compile(r"^\s{0,3}(?:-\s*){3,}$|^\s{0,3}(?:\*\s*){3,}$|^\s{0,3}(?:_\s*){3,}$")
# The heading text is trimmed in `_heading_text`: `(.*?)\s*#*\s*$` was cubic in a run of spaces.
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^)\]]*\)")
_LINK = re.compile(r"\[([^\[\]]+)\]\((?:[^()\]]|\([^)\]]*\))*\)")
_REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\]]*\]")
_DOUBLE = re.compile(r"(?=(\*\*|__))")
_OPENER = re.compile(r"(?<![\w*])\*(?!\s)")
_CLOSER = re.compile(r"(?<!\s)\*(?![\w*])")
_EMPHASIS_PASSES = 8
_CODE = re.compile(r"`([^`]*)`")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_HEADING = re.compile(r"^#{1,6} \S", re.MULTILINE)
_MD_LINK = re.compile(r"\[[^\[\]\n]+\]\([^)\]\s]*\)")
_MD_BOLD = re.compile(r"\*\*[^*\n]+\*\*")
_MD_RULE = re.compile(r"^(?:-{3,}|\*{3,})\s*$", re.MULTILINE)


def strip_inline(line: str) -> str:
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _REF_LINK.sub(r"\1", line)
    line = _CODE.sub(r"\1", line)
    for _ in range(_EMPHASIS_PASSES):
        if "*" not in line and "_" not in line:
            break
        stripped = "\n".join(_strip_emphasis(part) for part in line.split("\n"))
        if stripped == line:
            break
        line = stripped
    return line


def _strip_emphasis(line: str) -> str:
    """One pass of `(\\*\\*|__)(.+?)\\1|(?<![\\w*])\\*(?!\\s)(.+?)(?<!\\s)\\*(?![\\w*])`.sub.

    Same leftmost, lazy matches as that pattern on a line without newlines, but each
    closing delimiter is found by bisection in lists built once, so an unclosed opener
    costs a lookup instead of a scan to the end of the line.
    """
    doubles: dict[str, list[int]] = {"**": [], "__": []}
    for m in _DOUBLE.finditer(line):
        doubles[m.group(1)].append(m.start())
    openers = {m.start() for m in _OPENER.finditer(line)}
    closers = [m.start() for m in _CLOSER.finditer(line)]
    candidates = sorted(openers.union(doubles["**"], doubles["__"]))
    out: list[str] = []
    done = 0
    index = 0
    while index < len(candidates):
        start = candidates[index]
        index += 1
        if start < done:
            continue
        end = -1
        delimiter = line[start : start + 2]
        if delimiter in doubles:
            positions = doubles[delimiter]
            at = bisect_left(positions, start + 3)
            if at < len(positions):
                close = positions[at]
                end, inner = close + 2, line[start + 2 : close]
        if end < 0 and start in openers:
            at = bisect_left(closers, start + 2)
            if at < len(closers):
                close = closers[at]
                end, inner = close + 1, line[start + 1 : close]
        if end >= 0:
            out.append(line[done:start])
            out.append(inner)
            done = end
    out.append(line[done:])
    return "".join(out)


def _heading_text(text: str) -> str:
    """A heading's text without its closing `#`s: what `(.*?)\\s*#*\\s*$` captured."""
    return text.rstrip().rstrip("#").rstrip()


def to_text(markdown: str) -> tuple[str, Structure]:
    """Plain text of a markdown page, with the headings and separators it had."""
    out: list[str] = []
    headings: list[Heading] = []
    breaks: list[int] = []
    offset = 0
    for raw in markdown.split("\n"):
        if _RULE.match(raw):
            breaks.append(offset)
            line = ""
        elif match := _HEADING.match(raw):
            headings.append(Heading(offset, len(match.group(1))))
            line = strip_inline(_heading_text(match.group(2)))
        else:
            line = strip_inline(_QUOTE.sub("", raw))
        out.append(line)
        offset += len(line) + 1
    return "\n".join(out), Structure(tuple(headings), tuple(breaks))


def looks_like_markdown(text: str) -> bool:
    """Two or more markdown constructs (headings, links, bold, rules) in the first 20 KB."""
    head = text[:20_000]
    signals = (
        len(_MD_HEADING.findall(head))
        + len(_MD_LINK.findall(head))
        + len(_MD_BOLD.findall(head))
        + len(_MD_RULE.findall(head))
    )
    return signals >= 2


def read(
    name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[SourceDocument | InputError]:
    yield from read_text(name, data, media_type="text/markdown", markdown=True)


def read_text(
    name: str, data: bytes, *, media_type: str, markdown: bool | None
) -> Iterator[SourceDocument | InputError]:
    """Decode a text file; strip markdown when `markdown`, or when None and it looks like it."""
    try:
        content, notes = decode(name, data)
    except InputError as exc:
        yield exc
        return
    structure = Structure()
    if markdown or (markdown is None and looks_like_markdown(content)):
        content, structure = to_text(content)
    if not content.strip():
        yield EmptyInput(name, "no text once control characters and markup are removed")
        return
    yield SourceDocument(
        doc_id=Path(name).name,
        origin=name,
        data=data,
        media_type=media_type,
        text=content,
        structure=structure,
        notes=notes,
    )
