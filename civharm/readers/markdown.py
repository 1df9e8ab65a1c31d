"""Markdown: strip the syntax, keep link text, and remember headings and `---` separators.

The segmenter needs the structure that stripping removes, so headings and separators are
returned as offsets into the stripped text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from civharm.errors import EmptyInput, InputError
from civharm.model import Heading, SourceDocument, Structure
from civharm.readers.bounded import DEFAULT_MAX_BYTES
from civharm.readers.decoding import decode

_RULE = re.compile(r"^\s{0,3}(?:-\s*){3,}$|^\s{0,3}(?:\*\s*){3,}$|^\s{0,3}(?:_\s*){3,}$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_CODE = re.compile(r"`([^`]*)`")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_HEADING = re.compile(r"^#{1,6} \S", re.MULTILINE)
_MD_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]*\)")
_MD_BOLD = re.compile(r"\*\*[^*\n]+\*\*")
_MD_RULE = re.compile(r"^(?:-{3,}|\*{3,})\s*$", re.MULTILINE)


def strip_inline(line: str) -> str:
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _REF_LINK.sub(r"\1", line)
    line = _CODE.sub(r"\1", line)
    previous = None
    while previous != line:
        previous = line
        line = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", line)
    return line


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
            line = strip_inline(match.group(2))
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
