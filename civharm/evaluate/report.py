"""What `score` returns: the result rows and metrics, the text report ``civharm eval``
prints, and the check of the metrics against pinned floors.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "METRICS",
    "ArticleRow",
    "EvalResult",
    "FalsePositive",
    "IncidentRow",
    "SyndicationRow",
    "check_floors",
]

#: Every metric a floor may name. ``syndication_accuracy`` exists only in incident mode.
METRICS: tuple[str, ...] = (
    "recall",
    "precision",
    "f1",
    "figure_accuracy",
    "article_accuracy",
    "syndication_accuracy",
    "perpetrator_accuracy",
    "place_accuracy",
)

Mode = Literal["mentions", "incidents"]


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """How one gold incident fared: found or not, and where its figures disagree."""

    key: str
    required: bool
    article: str
    found: bool
    doc_id: str | None = None
    quote: str | None = None
    place: str | None = None
    copies_found: tuple[str, ...] = ()
    figures_exact: bool | None = None
    differences: tuple[str, ...] = ()
    perpetrator: str | None = None
    perpetrator_ok: bool | None = None
    region_ok: bool | None = None


@dataclass(frozen=True, slots=True)
class FalsePositive:
    """A prediction in a covered document that matches no gold incident.

    ``duplicate_of`` names the gold incident it would have matched had another prediction
    not taken it first: a second telling of a found incident rather than an invented one.
    """

    doc_id: str
    article_title: str | None
    place: str | None
    quote: str
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One gold article in one of its files: located by title, metadata compared."""

    key: str
    entry: str
    found: bool
    doc_id: str | None = None
    title: str | None = None
    differences: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.found and not self.differences


@dataclass(frozen=True, slots=True)
class SyndicationRow:
    """Whether the copies of a syndicated article became one incident, counted right."""

    article: str
    copies: tuple[str, ...]
    independent_sources: int
    ok: bool
    incident_id: str | None = None
    n_reports: int | None = None
    n_independent_sources: int | None = None


@dataclass(frozen=True)
class EvalResult:
    """Everything ``score`` found, with the metrics; ``render`` makes the text report."""

    mode: Mode
    incidents: tuple[IncidentRow, ...]
    false_positives: tuple[FalsePositive, ...]
    articles: tuple[ArticleRow, ...]
    syndication: tuple[SyndicationRow, ...]
    metrics: Mapping[str, float]
    counts: Mapping[str, int]

    @property
    def duplicates(self) -> tuple[FalsePositive, ...]:
        return tuple(fp for fp in self.false_positives if fp.duplicate_of is not None)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists)."""
        return {
            "mode": self.mode,
            "metrics": dict(self.metrics),
            "counts": dict(self.counts),
            "incidents": [_plain(row) for row in self.incidents],
            "false_positives": [_plain(row) for row in self.false_positives],
            "articles": [{**_plain(row), "ok": row.ok} for row in self.articles],
            "syndication": [_plain(row) for row in self.syndication],
        }

    def render(self) -> str:
        """A plain-text report: metrics, then incidents, false positives, articles."""
        c = self.counts
        unit = "mentions" if self.mode == "mentions" else "incidents"
        lines = [
            f"civharm eval ({unit})",
            f"recall           {_pct(self.metrics['recall'])}  "
            f"({c['found_required']}/{c['required']} required incidents found)",
            f"precision        {_pct(self.metrics['precision'])}  "
            f"({c['matched']}/{c['predictions']} {unit} in covered documents match gold; "
            f"{c['uncovered']} outside the gold file ignored)",
            f"figure accuracy  {_pct(self.metrics['figure_accuracy'])}  "
            f"({c['figures_exact']}/{c['found_required']} found with exact figures)",
            f"article accuracy {_pct(self.metrics['article_accuracy'])}  "
            f"({c['articles_ok']}/{c['articles']} article copies with title and metadata)",
            f"perpetrator      {_pct(self.metrics['perpetrator_accuracy'])}  "
            f"({c['perpetrator_ok']}/{c['perpetrator_checked']} found incidents whose gold "
            "names one)",
            f"place            {_pct(self.metrics['place_accuracy'])}  "
            f"({c['region_ok']}/{c['region_checked']} found incidents in the gold's country and "
            "province)",
        ]
        if "syndication_accuracy" in self.metrics:
            lines.append(
                f"syndication      {_pct(self.metrics['syndication_accuracy'])}  "
                f"({c['syndication_ok']}/{c['syndication']} syndicated articles counted right)"
            )
        lines.append(
            f"optional found   {c['found_optional']}/{c['optional']}; "
            f"false positives {c['false_positives']} (of which duplicates {c['duplicates']})"
        )

        lines += ["", "Required incidents:"]
        for row in self.incidents:
            if row.required:
                lines += _render_incident(row)
        lines += ["", "Optional incidents found:"]
        optional = [row for row in self.incidents if not row.required and row.found]
        lines += [line for row in optional for line in _render_incident(row)] or ["  (none)"]

        lines += ["", "False positives:"]
        for fp in self.false_positives:
            what = f"duplicate of {fp.duplicate_of}" if fp.duplicate_of else "no gold incident"
            lines.append(
                f"  {fp.doc_id} | {fp.article_title or '(untitled)'} | "
                f"{fp.place or '(no place)'} | {what}"
            )
            lines.append(f"      {fp.quote}")
        if not self.false_positives:
            lines.append("  (none)")

        lines += ["", "Syndication:"]
        if self.mode == "mentions":
            lines.append("  (checked at incident level only)")
        for syn in self.syndication:
            mark = "ok " if syn.ok else "BAD"
            lines.append(
                f"  {mark} {syn.article} in {', '.join(syn.copies)}: expected n_reports "
                f"{len(syn.copies)}, independent {syn.independent_sources}; got "
                f"{_show(syn.n_reports)}, {_show(syn.n_independent_sources)}"
                f" (incident {syn.incident_id or '-'})"
            )

        lines += ["", "Articles:"]
        for art in self.articles:
            if not art.found:
                lines.append(f"  MISSING {art.key} in {art.entry}")
                continue
            mark = "ok     " if art.ok else "DIFFERS"
            lines.append(f"  {mark} {art.key} in {art.doc_id}")
            lines += [f"      {d}" for d in art.differences]
        return "\n".join(lines) + "\n"


def _plain(row: Any) -> dict[str, Any]:
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in dataclasses.asdict(row).items()
    }


def _pct(value: float) -> str:
    return f"{value * 100:5.1f}%"


def _show(value: object) -> str:
    return "null" if value is None else str(value)


def _render_incident(row: IncidentRow) -> list[str]:
    if not row.found:
        return [f"  MISSING {row.key} ({row.article})"]
    state = "figures exact" if row.figures_exact else "figures differ"
    copies = f" [{len(row.copies_found)} copies]" if len(row.copies_found) > 1 else ""
    out = [f"  found   {row.key} ({row.article}) in {row.doc_id}{copies} at {row.place}: {state}"]
    out += [f"      {d}" for d in row.differences]
    if row.perpetrator_ok is False:
        out.append(f"      perpetrator: got {_show(row.perpetrator)}")
    if row.quote:
        out.append(f"      {row.quote[:120]}")
    return out


def check_floors(result: EvalResult, floors: Mapping[str, float]) -> list[str]:
    """The metrics below their floors, as messages; empty when all hold.

    A floor on a name that is no metric at all is a configuration error and raises; a
    metric that this mode does not compute (syndication on mentions) is skipped.
    """
    failures = []
    for name, floor in floors.items():
        if name not in METRICS:
            raise ValueError(f"unknown metric {name!r} (known: {', '.join(METRICS)})")
        value = result.metrics.get(name)
        if value is not None and value < floor:
            failures.append(f"{name} {value:.3f} < {floor:.3f}")
    return failures
