"""One catalogue of errors with stable codes, shared by the CLI, the API and the web pages.

The library raises these; the edges (CLI, API) turn them into one clear line or a JSON
error. Each code keeps its meaning forever, so scripts can match on it.
"""

from __future__ import annotations


class CivharmError(Exception):
    """Base class: `code` is stable, the message says what to do."""

    code = "E000"

    def __str__(self) -> str:
        return f"{self.code} {super().__str__()}"


class InputError(CivharmError):
    """One input could not be read; the rest of the batch goes on."""

    code = "E001"

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class EmptyInput(InputError):
    code = "E002"


class BinaryInput(InputError):
    code = "E003"


class TooLarge(InputError):
    code = "E004"


class MalformedInput(InputError):
    code = "E005"


class UnsupportedFormat(InputError):
    code = "E006"


class DatabaseError(CivharmError):
    """The database could not be opened, or its schema is newer than this civharm."""

    code = "E010"


class SettingsError(CivharmError):
    """A setting has an unknown name or a value of the wrong type."""

    code = "E020"


class NotFound(CivharmError):
    """A document, article or incident that was asked for does not exist."""

    code = "E030"


class UsageError(CivharmError):
    """The command was called with arguments that cannot work together."""

    code = "E040"


class InvalidField(UsageError):
    """A reviewer's value for a field could not be stored or replayed; `field` names it."""

    code = "E041"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
