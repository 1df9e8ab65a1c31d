"""Who ingests, and where each input came from, as the custody log records them.

A web upload is a temporary file read by the server's account: its custody line must
name the signed-in user and the uploaded file, not the server's login and a temporary
path. Inputs without a recorded name are recorded by their absolute path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType


@dataclass(frozen=True)
class Custody:
    user: str
    names: Mapping[Path, str] = field(default_factory=lambda: MappingProxyType({}))

    def origin(self, path: Path) -> str:
        """What the custody log says `path` was: its recorded name, else its absolute path."""
        return self.names.get(path, str(path.absolute()))
