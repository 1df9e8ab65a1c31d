"""Decompression with a ceiling: a gzip bomb stops at `max_bytes`, not when memory runs out.

A 200 KB `.jsonl.gz` can hold a 200 MB record. `GunzipStream` inflates in small chunks,
counts what comes out and raises `TooLarge` as soon as the total passes the limit (the
`max_file_mb` setting), so neither time nor memory grows with what the file claims to hold.
It reads multi-member gzip (one member per WARC record) and, instead of raising, remembers
a stream cut short (`truncated`) or bytes that are not gzip (`damage`), so that a reader
can keep the records before the damage and say what happened after them.
"""

from __future__ import annotations

import io
import zlib

from civharm.errors import TooLarge

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""The default of the `max_file_mb` setting, in bytes, for readers called without one."""

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 64 * 1024


# HTTP Content-Encodings that `inflate` undoes, with the zlib window bits to try for each:
# 47 reads gzip or zlib (auto-detected); "deflate" is also sent as a raw stream (-15).
INFLATABLE = {"gzip": (47,), "x-gzip": (47,), "deflate": (47, -15)}


def inflate(data: bytes, encoding: str, limit: int) -> bytes:
    """A gzip or deflate HTTP body inflated to at most `limit` bytes in one bounded step.

    A body that does not inflate is returned as it is, as warcio does: servers often label
    plain bytes as gzip.
    """
    for wbits in INFLATABLE.get(encoding, ()):
        try:
            return zlib.decompressobj(wbits).decompress(data, limit)
        except zlib.error:
            continue
    return data


def over_limit(
    name: str, max_bytes: int, *, what: str = "decompresses to", then: str = "the rest was not read"
) -> TooLarge:
    """The error for content past the limit, naming the setting that moves it."""
    return TooLarge(name, f"{what} more than {_megabytes(max_bytes)} (setting max_file_mb); {then}")


def _megabytes(max_bytes: int) -> str:
    mb = max_bytes / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{max_bytes:,} bytes"


class GunzipStream(io.RawIOBase):
    """A readable stream of the decompressed bytes of `data`, never more than `max_bytes`."""

    def __init__(self, name: str, data: bytes, *, max_bytes: int) -> None:
        super().__init__()
        self.name_ = name
        self.max_bytes = max_bytes
        self.produced = 0  # decompressed bytes so far
        self.truncated = False  # the last member ended before its end-of-stream marker
        self.damage: str | None = None  # why the input stopped being gzip, if it did
        self._data = memoryview(data)
        self._pos = 0  # input consumed by the current decompressor (plus its tail)
        self._inflate = zlib.decompressobj(31)
        self._pending = b""
        self._handed = 0  # bytes returned to the caller: what `tell` reports
        self._done = False

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._handed

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._done:
            self._pending = self._step()
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        self._handed += size
        return size

    def _step(self) -> bytes:
        """Up to CHUNK more decompressed bytes; b"" may just mean a header was consumed."""
        inflate = self._inflate
        if inflate.eof and not self._next_member():
            self._done = True
            return b""
        inflate = self._inflate
        try:
            if inflate.unconsumed_tail:
                out = inflate.decompress(inflate.unconsumed_tail, CHUNK)
            elif self._pos < len(self._data):
                chunk = self._data[self._pos : self._pos + CHUNK]
                self._pos += len(chunk)
                out = inflate.decompress(chunk, CHUNK)
            else:
                out = inflate.decompress(b"", CHUNK)  # output zlib may still hold back
                if not out and not inflate.eof:
                    self.truncated = True
                    self._done = True
        except zlib.error as exc:
            self.damage = str(exc)
            self._done = True
            return b""
        self.produced += len(out)
        if self.produced > self.max_bytes:
            raise over_limit(self.name_, self.max_bytes)
        return out

    def _next_member(self) -> bool:
        """Start on the next gzip member, if the input holds one; note anything else there."""
        inflate = self._inflate
        self._pos -= len(inflate.unused_data) + len(inflate.unconsumed_tail)
        rest = self._data[self._pos :]
        if not len(rest):
            return False
        if bytes(rest[:2]) != GZIP_MAGIC:
            if bytes(rest[:CHUNK]).strip(b"\x00\r\n\t ") or len(rest) > CHUNK:
                self.damage = f"{len(rest):,} bytes after the last gzip member are not gzip"
            return False
        self._inflate = zlib.decompressobj(31)
        return True
