"""One catalogue of errors with stable codes, shared by the CLI, the API and the web pages.

The library raises these; the edges (CLI, API) turn them into one clear line or a JSON
error. Each code keeps its meaning forever, so scripts can match on it.
"""

from __future__ import annotations


class CivharmError(Exception):
    """Base class: `code` is stable, the message says what to do."""

    code = "E000"

    def __str__(self) -> str:
        return f"{self.code} {self.message}"

    @property
    def message(self) -> str:
        """The message alone, for where the code has a place of its own (the API's JSON)."""
        return super().__str__()


class InputError(CivharmError):
    """One input could not be read; the rest of the batch goes on."""

    code = "E001"

    def __init__(self, path: str, reason: str) -> None:
        # A name that is not UTF-8, or a lone surrogate quoted from the input, must not
        # make the error line itself unprintable or unstorable.
        path, reason = _printable(path), _printable(reason)
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        """Rebuilt from its two parts when it comes back from an ingest worker process."""
        return type(self), (self.path, self.reason)


def _printable(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


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


class MissingDatabase(DatabaseError):
    """A command that reads a project was given an SQLite file that does not exist."""

    code = "E011"


class EvidenceDamaged(CivharmError):
    """A preserved original is missing or no longer has its sha256: it is never served."""

    code = "E050"

    def __init__(self, digest: str, problem: str, path: str) -> None:
        super().__init__(
            f"the preserved original {digest} is {problem} ({path}); ingest the original file "
            "again to repair it, and run `civharm verify` to find any other damage"
        )
        self.digest = digest
        self.problem = problem
        self.path = path


class WorkerStopped(CivharmError):
    """An ingest worker process stopped mid-task; the ingest stops, what it stored is kept."""

    code = "E060"

    def __init__(self) -> None:
        super().__init__(
            "a worker process stopped (out of memory, or a script that ingests "
            'without `if __name__ == "__main__":`); what was stored is kept: run the same '
            "command again, with one worker (--workers 1) if this happens again"
        )


class ClusterLost(WorkerStopped):
    """The Dask cluster lost a task for good (its worker died again and again, or the
    scheduler went away); the ingest stops, what it stored is kept."""

    code = "E061"

    def __init__(self, reason: str) -> None:
        CivharmError.__init__(
            self,
            f"the Dask cluster lost a task ({reason}); what was stored is kept: run the "
            "same command again once the scheduler and its workers are up",
        )
