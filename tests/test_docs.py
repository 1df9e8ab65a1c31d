"""Docs cannot drift: generated references are current and every command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from civharm.docs import DOCS, cli_reference

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("name", sorted(DOCS))
def test_docs_generated_reference_is_current(name: str) -> None:
    current = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert current == DOCS[name](), f"docs/{name} is stale: run `python -m civharm.docs`"


def test_docs_every_command_has_help_and_a_guide_section() -> None:
    guide = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    commands = [
        line[len("## civharm ") :]
        for line in cli_reference().splitlines()
        if line.startswith("## civharm ")
    ]
    assert commands
    for command in commands:
        assert f"civharm {command}" in guide, f"docs/cli.md does not explain `civharm {command}`"


def test_docs_readme_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0].strip() for b in quick.split("```bash\n")[1:]]
    assert len(blocks) == 2
    assert "civharm demo" in blocks[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1] in ci
