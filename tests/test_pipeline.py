"""The pipeline's stages declare what they need, and each need is met by an earlier stage."""

from __future__ import annotations

from dataclasses import replace

from civharm.pipeline import DEFAULT_STAGES, analyze, versions


def test_pipeline_default_order_is_consistent() -> None:
    assert analyze() == []
    assert list(versions()) == ["segment", "extract"]


def test_pipeline_analyze_names_a_missing_requirement() -> None:
    # Why: extraction before segmentation would read articles nobody made.
    reordered = (DEFAULT_STAGES[1], DEFAULT_STAGES[0])
    assert analyze(reordered) == ["stage 'extract' needs articles before it"]
    renamed = (DEFAULT_STAGES[0], replace(DEFAULT_STAGES[1], requires=("mentions",)))
    assert "needs mentions" in analyze(renamed)[0]
