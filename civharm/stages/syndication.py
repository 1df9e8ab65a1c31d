"""Syndication: articles that are copies of one another form a story.

Near-duplicates are found with MinHash over word 5-shingles: the signature's LSH band keys
(datasketch's banding for a 0.7 threshold) are stored in the database, so finding the
candidates of a new article is a lookup, not a scan; a candidate is a copy when the
estimated similarity is at least 0.8. Partial copies, where one article is wholly inside
a longer page, are found by containment of sampled shingle fingerprints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

VERSION = "syndication-1"
NUM_PERM = 128
THRESHOLD = 0.7
SIMILARITY = 0.8
CONTAINMENT = 0.8
MIN_PRINTS = 8  # about 60 words of text
_SAMPLE = 8  # keep shingles whose hash is 0 modulo this: about one in eight
_WORD = re.compile(r"\w+")
_BANDS: tuple[int, int] | None = None


def bands() -> tuple[int, int]:
    """The number of bands and rows per band datasketch picks for the threshold."""
    global _BANDS
    if _BANDS is None:
        lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        _BANDS = (lsh.b, lsh.r)
    return _BANDS


def shingles(text: str, size: int = 5) -> set[bytes]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def _hash64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


@dataclass(frozen=True)
class Signature:
    """What is stored per article to find its copies later."""

    minhash: bytes
    band_keys: tuple[int, ...]
    prints: tuple[int, ...]
    size: int

    def estimate(self, other: Signature) -> float:
        a = np.frombuffer(self.minhash, dtype=np.uint32)
        b = np.frombuffer(other.minhash, dtype=np.uint32)
        return float(np.count_nonzero(a == b)) / len(a)


def signature(text: str) -> Signature:
    grams = shingles(text)
    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch(list(grams))
    values = minhash.hashvalues.astype(np.uint32)
    b, r = bands()
    keys = tuple(
        _hash64(struct.pack("<I", band) + values[band * r : (band + 1) * r].tobytes())
        for band in range(b)
    )
    prints = tuple(sorted({h for h in map(_hash64, grams) if h % _SAMPLE == 0}))
    return Signature(values.tobytes(), keys, prints, len(grams))


def is_copy(a: Signature, b: Signature) -> bool:
    """Near-duplicates, or one wholly contained in the other."""
    if a.estimate(b) >= SIMILARITY:
        return True
    small, large = (a, b) if len(a.prints) <= len(b.prints) else (b, a)
    if len(small.prints) < MIN_PRINTS:
        return False  # too short to tell a copy from shared stock phrases
    shared = len(set(small.prints) & set(large.prints))
    return shared / len(small.prints) >= CONTAINMENT


class Stories:
    """Union-find over article ids: the copies found so far."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self, items: Iterable[int]) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for item in items:
            out.setdefault(self.find(item), []).append(item)
        return [sorted(group) for group in out.values()]


@dataclass(frozen=True)
class Copy:
    """One article of a story, with what decides which copy is the original."""

    article_id: int
    outlet: str | None
    credit: str | None
    published: dt.date | None
    first_seen: dt.datetime


def original(copies: Sequence[Copy]) -> int:
    """The original of a story: the outlet the copies credit, else the earliest published,
    else the first ingested."""
    outlets = {c.outlet.lower(): c for c in copies if c.outlet}
    for copy in copies:
        if copy.credit and copy.credit.lower() in outlets:
            return outlets[copy.credit.lower()].article_id
    dated = [c for c in copies if c.published is not None]
    if dated:
        return min(dated, key=lambda c: (c.published, c.first_seen, c.article_id)).article_id
    return min(copies, key=lambda c: (c.first_seen, c.article_id)).article_id
