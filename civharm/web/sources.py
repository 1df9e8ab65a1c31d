"""The sources of an incident as its page shows them: one copy of each story, with the
outlets that carried it, the exact evidence sentences marked, and who claimed what.

An incident's stored `sources` list every copy of a syndicated story and quote each
mention's first sentence only. A reviewer needs the sentences the figures came from, each
word that gave a value marked by kind, one copy of a story with the list of outlets that
carried it, and every claim and denial with the name of whoever made it. All text from
documents reaches the page escaped: marks are built from escaped pieces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from civharm.claims import Claim, Sentence, as_date, read_evidence
from civharm.model import Range

__all__ = ["figures_text", "marked", "source_groups"]

LABELS = {
    "figure": "figure",
    "place": "place",
    "date": "date",
    "perpetrator": "alleged perpetrator",
    "claimant": "claimant",
}


def source_groups(project: Any, incident_id: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """`stories`: one entry per story (copies grouped), each with its copies and marked
    evidence; `claims` and `denials`: who said what, across the stories."""
    rows = {row["key"]: row for row in project.store.mentions(incident=incident_id)}
    documents: dict[str, dict[str, Any]] = {}
    groups: dict[Any, list[dict[str, Any]]] = {}
    for source in record.get("sources") or []:
        key = source.get("mention_key")
        row = rows.get(key)
        if row is None:
            continue
        sha = str(key).split(":", 1)[0]
        if sha not in documents:
            documents[sha] = project.store.document(sha)
        copy = _copy(source, row, documents[sha], sha)
        groups.setdefault(source.get("story") or key, []).append(copy)
    stories, claims, denials = [], [], []
    for copies in groups.values():
        first = copies[0]
        row = rows[first["mention_key"]]
        data = {**row, **(row.get("data") or {})}
        sentences = read_evidence(
            row["document_text"],
            data.get("evidence") or [[row["start"], row["end"]]],
            data,
            project.lexicon,
            published=as_date(first["published"]),
        )
        outlets = sorted({c["outlet"] or c["doc_id"] for c in copies})
        outlet = ", ".join(outlets)
        stories.append(
            {
                "copies": copies,
                "outlets": outlets,
                "evidence": [
                    _sentence(row["document_text"], s, first["sha256"]) for s in sentences
                ],
            }
        )
        for s in sentences:
            quote = row["document_text"][s.start : s.end]
            if s.claim is not None and (text := figures_text(s.claim)):
                claims.append({"who": _who(s.claim, outlet), "figures": text, "quote": quote})
            if s.denial is not None:
                who = s.denial.who or f"unnamed (in {outlet})"
                denials.append({"who": who, "words": s.denial.words, "quote": quote})
    return {"stories": stories, "claims": claims, "denials": denials}


def _copy(
    source: Mapping[str, Any], row: Mapping[str, Any], document: Mapping[str, Any], sha: str
) -> dict[str, Any]:
    """One copy of a story: where it was published and preserved, and a link to its span."""
    return {
        "mention_key": source.get("mention_key"),
        "doc_id": source.get("doc_id"),
        "title": source.get("title") or document.get("title"),
        "outlet": source.get("outlet") or document.get("outlet"),
        "published": source.get("published"),
        "url": document.get("url"),
        "href": _web(document.get("url")),
        "captured": document.get("captured"),
        "first_seen": document.get("first_seen"),
        "sha256": sha,
        "link": f"/documents/{sha}#ev-{row['start']}",
    }


def _sentence(text: str, sentence: Sentence, sha: str) -> dict[str, Any]:
    return {
        "html": marked(text, sentence.start, sentence.end, sentence.marks),
        "kinds": sorted({m.kind for m in sentence.marks}, key=list(LABELS).index),
        "link": f"/documents/{sha}#ev-{sentence.start}",
    }


def marked(text: str, start: int, end: int, marks: Iterable[Any]) -> Markup:
    """text[start:end] escaped, with each mark (document offsets) as a titled <mark>."""
    out: list[Markup] = []
    at = start
    for mark in sorted(marks, key=lambda m: m.start):
        if mark.start < at or mark.end > end:
            continue
        out.append(escape(text[at : mark.start]))
        out.append(
            Markup('<mark class="{}" title="{}">{}</mark>').format(
                mark.kind, LABELS.get(mark.kind, mark.kind), text[mark.start : mark.end]
            )
        )
        at = mark.end
    out.append(escape(text[at:end]))
    return Markup("").join(out)


def figures_text(claim: Claim) -> str:
    """ "≥ 30 killed", "54 killed, 12 injured": the figures a sentence states."""
    parts = [
        f"{_range(r)} {label}"
        for r, label in (
            (claim.killed, "killed"),
            (claim.injured, "injured"),
            (claim.casualties, "killed or injured"),
        )
        if r.known
    ]
    return ", ".join(parts)


def _range(r: Range) -> str:
    if r.max is None:
        return f"≥ {r.min}"
    if r.min is None:
        return f"≤ {r.max}"
    return str(r.min) if r.min == r.max else f"{r.min}–{r.max}"


def _who(claim: Claim, outlet: str) -> str:
    """The claimants of a sentence, the one relaying first; the outlet when it names none."""
    if not claim.claimants:
        return str(outlet)
    named = " ← ".join(claim.claimants)
    return named if named.lower() == str(outlet).lower() else f"{named} (in {outlet})"


def _web(url: object) -> str | None:
    """A URL to link to: http(s) only, so a "javascript:" URL in a report stays text."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None
