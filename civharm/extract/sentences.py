"""Sentences of an article, located by character offsets in the document.

spaCy's blank English pipeline with the rule-based sentencizer splits each body paragraph;
boilerplate lines are skipped, so no caption or bio is read as a report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from civharm.model import Article, Span


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


def sentences(document_text: str, article: Article) -> list[Sentence]:
    """Split the article's paragraphs into sentences with document offsets."""
    paras = list(paragraphs(document_text, article))
    out: list[Sentence] = []
    for (offset, _), doc in zip(paras, _nlp().pipe(text for _, text in paras), strict=True):
        for sent in doc.sents:
            base = offset + sent.start_char
            for part_start, part in _clauses(sent.text):
                text = part.strip()
                if text:
                    start = base + part_start + (len(part) - len(part.lstrip()))
                    out.append(Sentence(start, start + len(text), text))
    return out


_SEMICOLON = re.compile(r";\s+")


def _clauses(text: str) -> list[tuple[int, str]]:
    """Split at semicolons joining two full clauses: wires pack two incidents into one sentence."""
    parts: list[tuple[int, str]] = []
    start = 0
    for match in _SEMICOLON.finditer(text):
        left, right = text[start : match.start()], text[match.end() :]
        if len(left.split()) >= 5 and len(right.split()) >= 5:
            parts.append((start, left + ";"))
            start = match.end()
    parts.append((start, text[start:]))
    return parts


def sentence_span(sentence: Sentence) -> Span:
    return Span(sentence.start, sentence.end)
