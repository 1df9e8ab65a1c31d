"""Sentences of an article, located by character offsets in the document.

spaCy's blank English pipeline with the rule-based sentencizer splits each body paragraph;
boilerplate lines are skipped, so no caption or bio is read as a report.

Text that never ends a sentence (a table flattened by a PDF reader, or hostile input) is cut
into pieces so that the per-sentence rules, some of which look at the rest of the sentence
from every figure, stay linear in the article (issue #9): a paragraph is given to spaCy in
pieces of at most `MAX_PARAGRAPH_CHARS`, and a sentence longer than `MAX_SENTENCE_CHARS` is
read as consecutive pieces of at most that length, each cut after the last space that fits
(or hard, when there is none). Real report sentences are far shorter (the longest in the
seeds and extraction cases is under 800 characters).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from civharm.model import Article


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@cache
def _nlp() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


MAX_PARAGRAPH_CHARS = 100_000
MAX_SENTENCE_CHARS = 2_000


def pieces(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """`text` cut into consecutive pieces of at most `limit` characters, with their offsets.

    Each cut falls after the last whitespace character that fits, or at `limit` when the
    piece has none; joined together the pieces are `text` again.
    """
    start = 0
    while len(text) - start > limit:
        cut = start + limit
        space = max(text.rfind(c, start, cut) for c in " \t\n")
        if space > start:
            cut = space + 1
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


_NO_END = re.compile(r"(?:[^.!?:;\"”’)\]]|\b(?:the|of|a|an|and|to|in|by|on|for|with|from|at))$")


def paragraphs(document_text: str, article: Article) -> Iterator[tuple[int, str]]:
    """Body paragraphs that are not boilerplate, with their document offsets.

    A line that stops mid-sentence and runs on in lower case (a PDF's hard wrap) is joined
    to the next; the newline becomes a space, so offsets stay those of the document.
    """
    skip = {(s.start, s.end) for s in article.boilerplate}
    offset = article.body.start
    block: list[tuple[int, str]] = []
    for line in document_text[article.body.start : article.body.end].split("\n"):
        end = offset + len(line)
        keep = bool(line.strip()) and (offset, end) not in skip
        if block and keep and _NO_END.search(block[-1][1].rstrip()) and line.lstrip()[:1].islower():
            block.append((offset, line))
        else:
            if block:
                yield block[0][0], " ".join(text for _, text in block)
            block = [(offset, line)] if keep else []
        offset = end + 1
    if block:
        yield block[0][0], " ".join(text for _, text in block)


def sentences(
    document_text: str, article: Article, *, worth_splitting: Callable[[str], object] | None = None
) -> list[Sentence]:
    """Split the article's paragraphs into sentences with document offsets.

    Paragraphs for which `worth_splitting` is false (no word of harm or attack in them)
    stay whole: they are read only for context, and splitting is most of the cost.
    """
    paras = [
        (offset + at, piece)
        for offset, text in paragraphs(document_text, article)
        for at, piece in pieces(text, MAX_PARAGRAPH_CHARS)
    ]
    split = [p for p in paras if worth_splitting is None or worth_splitting(p[1])]
    docs = dict(zip((o for o, _ in split), _nlp().pipe(t for _, t in split), strict=True))
    out: list[Sentence] = []
    for offset, text in paras:
        doc = docs.get(offset)
        if doc is None:
            for at, piece in pieces(text, MAX_SENTENCE_CHARS):
                stripped = piece.strip()
                if stripped:
                    start = offset + at + len(piece) - len(piece.lstrip())
                    out.append(Sentence(start, start + len(stripped), stripped))
            continue
        for sent in doc.sents:
            for at, piece in pieces(sent.text, MAX_SENTENCE_CHARS):
                base = offset + sent.start_char + at
                for part_start, part in _clauses(piece):
                    clause = part.strip()
                    if clause:
                        start = base + part_start + (len(part) - len(part.lstrip()))
                        out.append(Sentence(start, start + len(clause), clause))
    return out


# Semicolons, and ", while" before a clause that tells its own harm ("…, while three others
# died in a nearby village"): wires pack two incidents into one sentence.
_JOINT = re.compile(r";\s+|,\s+while\s+")
_OWN_HARM = re.compile(
    r"\b(?:killed|killing|died|dead|wounded|wounding|injured|injuring|martyred)\b", re.I
)


_PLACE_FIRST = re.compile(r"(?:in|at|on|near)\s+\S")


def _clauses(text: str) -> list[tuple[int, str]]:
    """Split at semicolons joining two full clauses, and at ", while" before a clause with a
    harm of its own."""
    parts: list[tuple[int, str]] = []
    start = 0
    for match in _JOINT.finditer(text):
        left, right = text[start : match.start()], text[match.end() :]
        head = right.split(",")
        # ", while in al-Khaldieh neighborhood, 10 civilians were injured": the place first
        told = ",".join(head[:2]) if _PLACE_FIRST.match(right) else head[0]
        own = match.group(0).startswith(";") or _OWN_HARM.search(told)
        if len(left.split()) >= 5 and len(right.split()) >= 5 and own:
            parts.append((start, left + match.group(0).rstrip()))
            start = match.end()
    parts.append((start, text[start:]))
    return parts
