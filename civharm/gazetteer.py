"""Place names → places with coordinates, robust to transliteration variants.

The packaged gazetteer (``civharm/data/gazetteer.sqlite``, built by
``scripts/build_gazetteer.py`` from Who's On First extracts; attribution in
``civharm/data/README.md``) has two tables that matter here:

* ``places``: one row per place (WOF id, display name, place type, GeoNames feature
  code, country, governorate = admin1, district = admin2, point, population);
* ``names``: ``(key, place_id, kind)``, one row per distinct *name key* of a place,
  where the key is :func:`name_key` of the name or of one of its alternate spellings.

Everything that decides whether two spellings are "the same name" lives in
:func:`name_key`, used both when the index is built and when text is looked up, so the
two sides always agree. Context (country, governorate, a nearby point) only ranks the
candidates that share a key; a fuzzy pass (rapidfuzz) runs only when no key matches.

Only the standard library's ``sqlite3`` is used for storage; the file is opened
read-only.
"""

from __future__ import annotations

import io
import json
import math
import re
import sqlite3
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process

__all__ = [
    "Gazetteer",
    "Match",
    "Place",
    "import_geonames",
    "is_latin",
    "name_key",
]

# --------------------------------------------------------------------------------------
# Name keys
# --------------------------------------------------------------------------------------

# Marks for ayn, hamza and apostrophes. Transliterations write them in a dozen ways or
# leave them out, so they carry no signal for matching: dropped.
_MARKS = re.compile("['’‘`´ʿʾʻʼ′ʹ\u02c8\u02bb\u02bc]")
# Everything that is not a letter separates words: hyphens, spaces, dots, slashes,
# brackets, commas. Digits are dropped as well (no place name here needs them).
_NON_LETTERS = re.compile(r"[^a-z]+")

# The Arabic definite article as its own word (after hyphens became spaces):
# "al-Baghouz", "Deir ez-Zor", "Tall as Susah", "Ash Sha`fah", "El Mimass", "ul"/"il"
# (Persian/Urdu izafe-like joins are not included on purpose).
_ARTICLES = frozenset(
    {
        "al", "el", "il", "ul",
        "as", "es", "ash", "esh",
        "ad", "ed", "adh", "edh",
        "ar", "er",
        "at", "et", "ath", "eth",
        "az", "ez",
        "an", "en",
    }
)  # fmt: skip

# The article glued to a word. "Ezzor", "Azzawr", "Arraqqa", "Assawt": the sun-letter
# assimilation doubles the first consonant, which is what makes it recognisable.
_GLUED_SUN_ARTICLE = re.compile(r"^[ae](tt|dd|rr|zz|ss|nn|ll|shsh|thth|dhdh)(?=[a-z]{2})")
# "Alhasakah", "Elbab": article + consonant glued on, only for long enough words so that
# short real words ("Alma", "Alta") survive.
_GLUED_AL = re.compile(r"^[ae]l(?=[bcdfghjklmnpqrstvwxz][a-z]{3})")

# "Abu Kamal" / "Albu Kamal" / "Al Bukamal": Abu ("father of") and Albu/Al Bu ("family
# of") alternate in the same names, so all three become "bu".
_BU_WORDS = {"abu": "bu", "abou": "bu", "albu": "bu", "albou": "bu", "elbu": "bu"}

_VOWELS = "aeiou"

# Letter folds, applied in this order to one word (already ASCII and lower case):
_WORD_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # French-style spellings: "Djebel" → jebel, "Cheikh" → sheikh.
        (r"dj", "j"),
        (r"tch", "sh"),
        (r"ch", "sh"),
        # ph → f ("Sophia"); ck → k.
        (r"ph", "f"),
        (r"ck", "k"),
        # ذ is written dh, z or th; ث is written th, t or s: dh → z, th → t
        # ("Dhiban"/"Ziban", "Thardeh"/"Tardeh").
        (r"dh", "z"),
        (r"th", "t"),
        # ق is written q or k (and g in Gulf dialects, not folded): q → k
        # ("Raqqa"/"Rakka", "Qamishli"/"Kamishli").
        (r"q", "k"),
        # Long u written ou (French), oo (English), u: all → u ("Baghouz"/"Baghuz",
        # "Zour"/"Zur").
        (r"ou|oo", "u"),
        # Long i written ee (English) or i: ee → i ("Hajeen"/"Hajin").
        (r"ee", "i"),
        # Arabic has no o: o → u ("Zor"/"Zur", "Douma"→"Duma").
        (r"o", "u"),
        # e spells a fatha as often as a kasra ("Deir", "Hasakeh", "Jebel"); fold it to a
        # ("Deir"→"dair", "Tell"→"tall"). Idleb/Idlib is left to the fuzzy pass.
        (r"e", "a"),
        # The ay diphthong: ai/ay are the same ("Deir"→dair→dayr, "Sheikh"→shaykh).
        (r"ai(?![aiu])", "ay"),
        # The aw diphthong and a consonantal w after u, before a consonant or at the end,
        # is a long u: "Zawr"→zur, "Fawqani"/"Fowqani"→fuqani, "Hawsh"→hush.
        (r"[au]w(?![aiuy])", "u"),
        # -iy- before a vowel is a glide in -iyah/-iya/-ieh endings: "Hamidiyah",
        # "Hamidieh", "Hamidia" → hamidia.
        (r"iy(?=[aiu])", "i"),
        # iy before a consonant or at the end is a long i.
        (r"iy(?![aiu])", "i"),
        # Final h after a vowel is the ta marbuta/ha: "Markadah"→markada,
        # "Raqqah"→rakka, "Hasakeh"→hasaka.
        (r"(?<=[aiu])h$", ""),
    )
)
# Any doubled letter is written single: "Hajjin"→hajin, "Raqqa"→raka, "Tall"→tal.
_DOUBLES = re.compile(r"(.)\1+")


def _ascii_lower(text: str) -> str:
    """Casefold and strip diacritics (NFKD, drop combining marks)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    """Fold one ASCII lower-case word (no article handling)."""
    word = _BU_WORDS.get(word, word)
    for pattern, replacement in _WORD_FOLDS:
        word = pattern.sub(replacement, word)
    return _DOUBLES.sub(r"\1", word)


def _strip_glued_article(word: str) -> str:
    match = _GLUED_SUN_ARTICLE.match(word)
    if match:
        # keep one copy of the assimilated consonant: "ezzor" → "zor", "ashsham" → "sham"
        return word[match.end() - len(match.group(1)) // 2 :]
    match = _GLUED_AL.match(word)
    if match:
        return word[match.end() :]
    return word


@lru_cache(maxsize=200_000)
def _key_words(text: str) -> tuple[str, ...]:
    """The folded words of ``text``, articles removed (unless nothing else is left)."""
    plain = _MARKS.sub("", _ascii_lower(text))
    words = [w for w in _NON_LETTERS.split(plain) if w]
    if not words:
        return ()
    kept = [w for w in words if w not in _ARTICLES]
    if not kept:
        kept = words
    out = []
    for word in kept:
        word = _strip_glued_article(word)
        folded = _fold_word(word)
        if folded:
            out.append(folded)
    return tuple(out)


def name_key(text: str) -> str:
    """The matching key of a place name: equal keys = same name, spelled differently.

    Casefold, strip diacritics, drop ayn/hamza/apostrophe marks, drop the Arabic article
    (separate or glued on), join the words without spaces, then apply the phonetic folds
    listed in ``_WORD_FOLDS`` and collapse doubled letters.

    >>> name_key("Deir ez-Zor") == name_key("Dayr az Zawr") == name_key("Deir Ezzor")
    True
    >>> name_key("Abu Kamal") == name_key("Al Bukamal") == name_key("Albu Kamal")
    True
    """
    return _DOUBLES.sub(r"\1", "".join(_key_words(text)))


_LATIN_EXTRA = frozenset("ʿʾʻʼ")


@lru_cache(maxsize=4096)
def _is_latin_char(ch: str) -> bool:
    return ch.isascii() or ch in _LATIN_EXTRA or "LATIN" in unicodedata.name(ch, "")


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is in Latin script (and there is one)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(_is_latin_char(ch) for ch in letters)


# --------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------


CITY_POPULATION = 100_000  # a city whose quarters reports name on their own


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    id: int
    name: str
    country: str
    admin1: str | None
    admin1_id: int | None
    admin2: str | None
    lat: float
    lon: float
    placetype: str
    feature_code: str | None
    population: int | None


@dataclass(frozen=True, slots=True)
class Match:
    """A span of text that names a place: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    place_ids: tuple[int, ...]


# --------------------------------------------------------------------------------------
# Schema (shared by the build script and import_geonames)
# --------------------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY,      -- WOF id (or GeoNames id for imported GeoNames rows)
    name TEXT NOT NULL,          -- display name, Latin script where one exists
    name_local TEXT,             -- local-script name (Arabic, Pashto/Dari, Ukrainian)
    placetype TEXT NOT NULL,     -- country|region|county|localadmin|locality|neighbourhood|...
    feature_code TEXT,           -- GeoNames feature code (PPL, PPLA2, ...)
    country TEXT NOT NULL,       -- ISO 3166-1 alpha-2
    admin1 TEXT,
    admin1_id INTEGER,
    admin2 TEXT,
    admin2_id INTEGER,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    population INTEGER,
    geonameid INTEGER
);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL,           -- name_key() of a name or alternate name
    place_id INTEGER NOT NULL,
    kind INTEGER NOT NULL,       -- 0 = name, 1 = alternate name, 2 = admin display form
    PRIMARY KEY (key, place_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

KIND_NAME = 0
KIND_ALT = 1
KIND_ADMIN = 2

_PLACE_COLUMNS = (
    "id, name, country, admin1, admin1_id, admin2, lat, lon, placetype, feature_code, population"
)

# How well a place type fits a bare mention of a name in a report. Localities first:
# "Deir Ezzor" alone is more often the city than the governorate, "Abu Kamal" the town
# rather than the district; admin1() asks for regions explicitly.
_PLACETYPE_WEIGHT = {
    "locality": 25.0,
    "country": 24.0,
    "region": 20.0,
    "localadmin": 12.0,
    "county": 10.0,
    "neighbourhood": 6.0,
}
_FEATURE_WEIGHT = {
    "PPLC": 8.0,
    "PPLA": 6.0,
    "PPLA2": 5.0,
    "PPLA3": 4.0,
    "PPLA4": 3.0,
    "PPL": 0.0,
    "PPLL": -2.0,
    "PPLX": -5.0,
    "PPLQ": -10.0,
    "PPLW": -10.0,
    "PPLH": -10.0,
}
_KIND_WEIGHT = {KIND_NAME: 3.0, KIND_ALT: 0.0, KIND_ADMIN: 2.0}

# Words that follow or precede a governorate name without being part of it.
_ADMIN_NOISE = re.compile(
    r"\b(province|governorate|governate|muhafazat?|countryside|rural|rif|reef|region|"
    r"district|oblast|wilayat?|vilayet|the|of|city|eastern|western|northern|southern)\b",
    re.IGNORECASE,
)
_RURAL = re.compile(r"\b(countryside|rural|rif|reef|suburbs)\b", re.IGNORECASE)
_FUZZY_CUTOFF = 85.0


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _place(row: Sequence[object]) -> Place:
    (pid, name, country, admin1, admin1_id, admin2, lat, lon, ptype, fcode, pop) = row
    return Place(
        id=int(pid),  # type: ignore[call-overload]
        name=str(name),
        country=str(country),
        admin1=None if admin1 is None else str(admin1),
        admin1_id=None if admin1_id is None else int(admin1_id),  # type: ignore[call-overload]
        admin2=None if admin2 is None else str(admin2),
        lat=float(lat),  # type: ignore[arg-type]
        lon=float(lon),  # type: ignore[arg-type]
        placetype=str(ptype),
        feature_code=None if fcode in (None, "") else str(fcode),
        population=None if pop is None else int(pop),  # type: ignore[call-overload]
    )


# --------------------------------------------------------------------------------------
# Scanning text for names
# --------------------------------------------------------------------------------------

# A word of running text: letters with apostrophes/hyphens inside ("Buqa'an",
# "ez-Zor", "al-Baghouz").
_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’‘`ʿʾ-](?=[^\W\d_]))*")
# Lower-case words allowed *inside* a multi-word name: articles, Bu/bin/ibn, Umm.
_CONNECTORS = _ARTICLES | {"bin", "ibn", "bu", "abu", "bani", "beni", "umm", "um", "wa"}
# A lower-case article glued with a hyphen to a capitalised word starts a name:
# "al-Baghouz", "ez-Zor", "as-Sawt".
_PREFIXED_CAP = re.compile(r"^(?:al|el|as|ash|ad|ar|at|az|an|ez|es|ed|adh|ath)[-’'](?=[A-Z])")


def _key_set_of(words: str) -> frozenset[str]:
    return frozenset(name_key(w) for w in words.split())


# Stopwords: capitalised words that are never a place *on their own* in English reports,
# although the gazetteer has a village with that key (Yemen and Afghanistan have
# thousands of one-word village names, many of which fold to an English word). They can
# still be part of a longer name ("Tal Abyad", "Deir Ezzor Governorate"). Groups:
_FUNCTION_WORDS = _key_set_of(
    # function words that start sentences or sit before a place in a headline
    """
    The A An And Or But If In On At Of For From By To With Without As Into Over Under
    After Before During Since Until While About Against Between Among Near Around Also
    This That These Those It Its He She They We You His Her Their Our Who What When Where
    Which Why How Not No Yes All Any Some Many Most More Much Such Other Another Each
    Every Both Only Just Even Still Then There Here Now Today Yesterday Tomorrow Later
    Earlier Meanwhile However According Despite Although Though Because Below Above
    Thus Therefore Hence Moreover Furthermore Nevertheless Nonetheless Instead Otherwise
    Indeed Overall Finally Additionally Again
    Outside Inside Across Toward Towards Via Is Are Was Were
    """
    # weekdays and months: dates are in every report ("Juma", "Mayo" are villages)
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    """
)
_STOPWORDS = _FUNCTION_WORDS | _key_set_of(
    # headline verbs and common nouns
    """
    Top Call Calls Kill Kills Killed Attack Attacks Attacked Strike Strikes Airstrike
    Airstrikes Bomb Bombs Bombing Raid Raids Shelling Makes Make Made Never Said Says Say
    Report Reports Reported News Latest Breaking Update Video Photo Photos Read Watch
    Road Street Home House Land Hill Fort Port Bay Sea Gate Market Mosque School
    Hospital Bridge Dam Camp Base Bank Centre Center Square Park Tower Palace
    Victims Civilians Children Women Men People Dead Death Deaths Toll War Peace
    Free Freedom Liberation Victory Hope Justice Truth Light Star Sun Moon Rose Danger
    """
    # institutions, titles, armed groups and outlets
    """
    Security Council United Nations Nation States State Press President Minister Ministry
    Foreign Affairs Expatriates Secretary General Chief Head Office Agency Media TV
    Army Forces Force Military Coalition International National Republic Democratic
    Islamic Government Department Defense Defence Human Rights Amnesty Source Sources
    Local Civil Popular Supreme Court Committee Commission Council Mr Mrs Ms Dr Sheikh
    Imam King Prince Emir Daesh ISIS ISIL Qaeda Nusra Takfiri Wahhabi Qasad Hezbollah
    Hamas Taliban Shabaab Houthi Houthis Ansar Jaish Jabhat Fateh Sham Tahrir Kurdish
    Arab Arabs Syrian Iraqi Yemeni Afghan Libyan Somali Ukrainian Russian American
    British French Turkish Iranian Saudi White Helmets Crescent Cross Red Times Post
    Activist Global Research Network Channel Jazeera Reuters Fars Mint Sputnik Tass
    """
    # compass and size words that are also village names
    """
    North South East West Northern Southern Eastern Western Central Upper Lower New Old
    Great Greater Little Big Mount Mountains City Town Village Province Governorate
    District Countryside Area Region Countries Country World
    """
    # states that are actors in these reports, not the village of the same name
    """
    Russia Iran Jordan Turkey Lebanon Israel Qatar Egypt France Britain England America
    China Germany Chile Kuwait Bahrain Emirates Arabia Europe Washington Moscow London
    Paris Ankara Tehran Riyadh Doha Beirut Amman Cairo Geneva
    """
    # given names that are also village names and are mostly people in reports
    """
    Mohammed Muhammad Mohamed Ahmed Ahmad Ali Hassan Hussein Husayn Omar Umar Khaled
    Khalid Mustafa Mahmoud Ibrahim Abdullah Said Saeed Samer Salim Salem Karim Hamda
    Fatima Aisha Maryam Ron John Mark Paul David Donald Vladimir Bashar Assad
    """
)
# Words that may sit next to a one-word place name in the same capitalised run without
# making it part of a longer non-place name: "Raqqa City", "Idlib Province",
# "Near Abu Kamal", "The Hajin". Other capitalised neighbours ("Samer Hussein",
# "Fort Russ") mean the word is part of a person's or an outlet's name.
_PLACE_WORDS = _key_set_of(
    """
    City Town Village Governorate Province Countryside Camp Mountains Mountain District
    Region Desert Valley River Airport Area Neighbourhood Neighborhood Suburb Suburbs
    Countryside Dam Bridge Base Oilfield Field Front Frontline Outskirts Plain Hills
    """
)
_CONTEXT_WORDS = _FUNCTION_WORDS | _PLACE_WORDS
# A run of capitalised words is looked up at most this many capitalised words at a time.
_MAX_NAME_WORDS = 4


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str
    capital: bool  # can begin/end a name
    connector: bool  # may sit inside a name, never ends one


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for m in _WORD_RE.finditer(text):
        word, end = m.group(), m.end()
        if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
            # the English possessive: "Syria's eastern province"
            word, end = word[:-2], end - 2
        lower = word.lower()
        connector = lower in _CONNECTORS
        capital = word[0].isupper() or bool(_PREFIXED_CAP.match(word))
        # All-capital acronyms of up to four letters (US, UN, UNSC, SANA, ISIS) are not
        # place names; a dateline in capitals ("DAMASCUS", "ABU KAMAL") is.
        if capital and not connector and word.isupper() and len(word) <= 4:
            capital = False
        out.append(_Token(m.start(), end, word, capital, connector))
    return out


def _runs(text: str, tokens: list[_Token]) -> list[list[int]]:
    """Maximal runs of capitalised words and connectors, separated only by spaces/hyphens."""
    runs: list[list[int]] = []
    current: list[int] = []
    for idx, tok in enumerate(tokens):
        joined = False
        if current and (tok.capital or tok.connector):
            gap = text[tokens[current[-1]].end : tok.start]
            joined = gap.strip(" -") == "" and "\n" not in gap
        if joined:
            current.append(idx)
            continue
        if current:
            runs.append(current)
        current = [idx] if tok.capital else []
    if current:
        runs.append(current)
    # a run ends on a capitalised non-connector word
    out = []
    for run in runs:
        while run and (tokens[run[-1]].connector or not tokens[run[-1]].capital):
            run = run[:-1]
        if run:
            out.append(run)
    return out


# --------------------------------------------------------------------------------------
# The gazetteer
# --------------------------------------------------------------------------------------


def packaged_path() -> Path:
    """Path of the gazetteer file shipped inside the package."""
    return Path(str(resources.files("civharm") / "data" / "gazetteer.sqlite"))


class Gazetteer:
    """Read-only access to a gazetteer SQLite file (see the module docstring)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._keys: frozenset[str] | None = None
        self._place_cache: dict[int, Place] = {}
        self._admin1_cache: dict[tuple[str, str | None], Place | None] = {}
        self._countries: frozenset[str] | None = None
        self._full_countries: frozenset[str] | None = None
        self._borders: dict[str, list[str]] | None = None

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        """Open ``path`` (default: the packaged file) read-only."""
        path = packaged_path() if path is None else Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"gazetteer file not found: {path}")
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        return cls(conn, path)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- basic access

    def meta(self) -> dict[str, str]:
        """The ``meta`` table: source, build date, counts, attribution."""
        return {str(k): str(v) for k, v in self._conn.execute("SELECT key, value FROM meta")}

    def get(self, place_id: int) -> Place | None:
        """The place with this id, or None."""
        return self._places([place_id]).get(place_id)

    def countries(self) -> frozenset[str]:
        """The countries the gazetteer holds places of."""
        if self._countries is None:
            rows = self._conn.execute("SELECT DISTINCT country FROM places").fetchall()
            self._countries = frozenset(str(r[0]) for r in rows)
        return self._countries

    def full_countries(self) -> frozenset[str]:
        """The countries whose places the gazetteer holds down to villages: a name it lacks
        there is probably not a place. Countries supplemented with towns only (meta
        ``full_countries`` leaves them out) are not among them."""
        if self._full_countries is None:
            row = self._conn.execute(
                "SELECT value FROM meta WHERE key = 'full_countries'"
            ).fetchone()
            listed = json.loads(str(row[0])) if row else None
            self._full_countries = (
                self.countries() if listed is None else frozenset(str(c) for c in listed)
            )
        return self._full_countries

    def partial_neighbours(self, country: str) -> frozenset[str]:
        """The countries across the border of ``country`` that the gazetteer holds only
        the towns of (meta ``supplement_neighbours``): a report set in Gaza names Sderot in
        Israel, and a town there with that name is the place meant."""
        if self._borders is None:
            row = self._conn.execute(
                "SELECT value FROM meta WHERE key = 'supplement_neighbours'"
            ).fetchone()
            self._borders = json.loads(str(row[0])) if row else {}
        full = self.full_countries()
        return frozenset(
            cc for cc, near in self._borders.items() if country in near and cc not in full
        )

    def seat_of(self, admin1_id: int) -> Place | None:
        """A province's capital as well as the gazetteer can tell ("the provincial
        capital"): the town that bears the province's name, else its most populous one."""
        province = self.get(admin1_id)
        rows = self._conn.execute(
            "SELECT id FROM places WHERE admin1_id = ? AND placetype = 'locality' "
            "ORDER BY population IS NULL, population DESC",
            (admin1_id,),
        ).fetchall()
        towns = list(self._places(int(r[0]) for r in rows).values())
        named = province and name_key(province.name)
        same = [t for t in towns if named and name_key(t.name) == named]
        best = same or [t for t in towns if t.population]
        return best[0] if best else None

    def is_city(self, place_id: int) -> bool:
        """Whether a place is a city large enough to have quarters of its own."""
        place = self.get(place_id)
        return place is not None and (place.population or 0) >= CITY_POPULATION

    def _places(self, ids: Iterable[int]) -> dict[int, Place]:
        unique = list(dict.fromkeys(ids))
        wanted = [i for i in unique if i not in self._place_cache]
        for chunk_start in range(0, len(wanted), 500):
            chunk = wanted[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(
                f"SELECT {_PLACE_COLUMNS} FROM places WHERE id IN ({marks})", chunk
            ):
                place = _place(row)
                self._place_cache[place.id] = place
        return {i: self._place_cache[i] for i in unique if i in self._place_cache}

    def _ids_for_keys(self, keys: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
        """key → [(place_id, kind)] for the keys that exist."""
        out: dict[str, list[tuple[int, int]]] = {}
        unique = list(dict.fromkeys(k for k in keys if k))
        for chunk_start in range(0, len(unique), 500):
            chunk = unique[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for key, pid, kind in self._conn.execute(
                f"SELECT key, place_id, kind FROM names WHERE key IN ({marks})", chunk
            ):
                out.setdefault(str(key), []).append((int(pid), int(kind)))
        return out

    # ---------------------------------------------------------------- ranking

    @staticmethod
    def _score(
        place: Place,
        kind: int,
        *,
        country: str | None,
        admin1_id: int | None,
        near: tuple[float, float] | None,
    ) -> float:
        score = _PLACETYPE_WEIGHT.get(place.placetype, 0.0)
        score += _FEATURE_WEIGHT.get(place.feature_code or "", 0.0)
        score += _KIND_WEIGHT.get(kind, 0.0)
        if place.population:
            score += 3.0 * math.log10(place.population + 1)
        if country is not None:
            score += 100.0 if place.country == country.upper() else -100.0
        if admin1_id is not None and (place.admin1_id == admin1_id or place.id == admin1_id):
            score += 60.0
        if near is not None:
            # up to +60 for a place on the spot, 0 at 300 km and beyond
            score += max(0.0, 60.0 - haversine_km(near, (place.lat, place.lon)) / 5.0)
        return score

    def _rank(
        self,
        hits: Sequence[tuple[int, int, float]],
        *,
        country: str | None,
        admin1_id: int | None,
        near: tuple[float, float] | None,
    ) -> list[Place]:
        """hits: (place_id, kind, bonus) → places, best first, each place once."""
        places = self._places(pid for pid, _, _ in hits)
        best: dict[int, float] = {}
        for pid, kind, bonus in hits:
            place = places.get(pid)
            if place is None:
                continue
            s = bonus + self._score(place, kind, country=country, admin1_id=admin1_id, near=near)
            if s > best.get(pid, -math.inf):
                best[pid] = s
        return [places[pid] for pid, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))]

    # ---------------------------------------------------------------- lookups

    def lookup(
        self,
        name: str,
        *,
        country: str | None = None,
        admin1_id: int | None = None,
        near: tuple[float, float] | None = None,
    ) -> list[Place]:
        """Candidate places for ``name``, best first.

        Exact key matches ranked by place type, context (same country, same admin1,
        distance to ``near``) and population; when no key matches exactly, a fuzzy pass
        over the names sharing the key's first three letters.

        Context ranks, it never filters: a place in another country or governorate is
        still returned (last) when nothing better exists, because reports do mention
        places across borders. A caller that trusts only in-context results checks
        ``place.country`` / ``place.admin1_id`` of the first candidate.
        """
        found = self.exact(name, country=country, admin1_id=admin1_id, near=near)
        key = name_key(name)
        if found or not key:
            return found
        return self._rank(self._fuzzy_hits(key), country=country, admin1_id=admin1_id, near=near)

    def exact(
        self,
        name: str,
        *,
        country: str | None = None,
        admin1_id: int | None = None,
        near: tuple[float, float] | None = None,
    ) -> list[Place]:
        """Like `lookup`, but only places whose name key equals the name's: no fuzzy guesses."""
        key = name_key(name)
        hits = self._ids_for_keys([key]).get(key, []) if key else []
        return self._rank(
            [(pid, kind, 0.0) for pid, kind in hits],
            country=country,
            admin1_id=admin1_id,
            near=near,
        )

    def _fuzzy_hits(self, key: str) -> list[tuple[int, int, float]]:
        if len(key) < 4:
            return []
        prefix = key[:3]
        rows = self._conn.execute(
            "SELECT key, place_id, kind FROM names WHERE key >= ? AND key < ?",
            (prefix, prefix + "\x7f"),
        ).fetchall()
        by_key: dict[str, list[tuple[int, int]]] = {}
        for k, pid, kind in rows:
            by_key.setdefault(str(k), []).append((int(pid), int(kind)))
        scored = process.extract(
            key, list(by_key), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=20
        )
        hits: list[tuple[int, int, float]] = []
        for candidate, similarity, _ in scored:
            # below an exact match in every case; similarity decides among fuzzy ones
            bonus = (similarity - 100.0) * 6.0 - 20.0
            hits.extend((pid, kind, bonus) for pid, kind in by_key[candidate])
        return hits

    def admin1(self, name: str, country: str | None = None) -> Place | None:
        cache_key = (name, country)
        if cache_key not in self._admin1_cache:
            self._admin1_cache[cache_key] = self._admin1(name, country)
        return self._admin1_cache[cache_key]

    def _admin1(self, name: str, country: str | None) -> Place | None:
        """The governorate/province (WOF region) called ``name``.

        Tolerates "Raqqa province", "Deir Ez Zour province", "Idlib countryside",
        "Hasaka": a region indexed under the whole name is taken first ("Northern Darfur",
        "Sahel Region"), else words around the name are removed, then region names are
        matched by key, then fuzzily. A locality of that name stands in for its region when no
        region matches ("Hasaka city" → Al-Hasakah governorate).
        """
        whole = name_key(name)
        named = self._ids_for_keys([whole]).get(whole, []) if whole else []
        for place in self._rank(
            [(pid, kind, 0.0) for pid, kind in named], country=country, admin1_id=None, near=None
        ):
            # a region indexed under the very words, direction and kind included:
            # "Northern Darfur", "Southern Kordofan State", "Sahel Region"
            if place.placetype == "region" and (country is None or place.country == country):
                return place
        core = _ADMIN_NOISE.sub(" ", name).strip()
        key = name_key(core or name)
        if not key:
            return None
        if _RURAL.search(name):
            # "Damascus countryside", "Rural Damascus", "Reef Dimashq" are the
            # governorate "Rif Dimashq" (rif = countryside) where one exists
            region = self._admin1(core, country)
            if region is not None:
                rif = self._rif_of(region)
                if rif is not None:
                    return rif
        exact = self._ids_for_keys([key]).get(key, [])
        hits = [(pid, kind, 0.0) for pid, kind in exact]
        for place in self._rank(hits, country=country, admin1_id=None, near=None):
            if place.placetype == "region" and (country is None or place.country == country):
                return place
        for place in self._rank(self._fuzzy_hits(key), country=country, admin1_id=None, near=None):
            if place.placetype == "region" and (country is None or place.country == country):
                return place
        # a city named like its governorate
        for place in self._rank(hits, country=country, admin1_id=None, near=None):
            if (
                place.placetype == "locality"
                and place.admin1_id is not None
                and (place.population or (place.feature_code or "").startswith("PPLA"))
            ):
                region = self.get(place.admin1_id)
                if (
                    region is not None
                    and name_key(region.name) != ""
                    and (country is None or region.country == country)
                ):
                    return region
        return None

    def _rif_of(self, region: Place) -> Place | None:
        """The "Rif X" (countryside of X) region of a city-region X, if there is one."""
        rows = self._conn.execute(
            "SELECT key, place_id FROM names WHERE key > 'rif' AND key < 'rig'"
        ).fetchall()
        for key, pid in rows:
            rif = self.get(int(pid))
            if rif is None or rif.placetype != "region" or rif.country != region.country:
                continue
            rest = str(key)[3:]
            if any(p == region.id for p, _ in self._ids_for_keys([rest]).get(rest, [])):
                return rif
        return None

    # ---------------------------------------------------------------- text scanning

    def _key_set(self) -> frozenset[str]:
        if self._keys is None:
            self._keys = frozenset(
                str(k) for (k,) in self._conn.execute("SELECT DISTINCT key FROM names")
            )
        return self._keys

    def find_in_text(self, text: str) -> list[Match]:
        """Spans of ``text`` that name places in the gazetteer, in order.

        The text is cut into runs of capitalised words (connectors such as al-, ez-, bin,
        Abu allowed inside). Within a run, the longest span of 1-4 capitalised words whose
        key is in the index wins, and the scan goes on after it. A one-word span is kept
        only if it is not a stopword and its neighbours in the run are stopwords or
        place words ("Raqqa City", "The Hajin"): "Samer Hussein" or "Fort Russ News" are
        names of people and outlets even though Hussein and Fort are villages.
        The key set is loaded on first use.
        """
        keys = self._key_set()
        tokens = _tokens(text)
        found: list[tuple[int, int, str]] = []
        for run in _runs(text, tokens):
            pos = 0  # position in run; a name may start with Abu/Umm/Al ("Abu Kamal")
            while pos < len(run):
                hit = self._longest_at(text, tokens, run, pos, keys)
                if hit is None:
                    pos += 1
                    continue
                end_pos, key = hit
                first, last = tokens[run[pos]], tokens[run[end_pos]]
                found.append((first.start, last.end, key))
                pos = end_pos + 1
        if not found:
            return []
        ids = self._ids_for_keys([k for _, _, k in found])
        return [
            Match(s, e, text[s:e], tuple(sorted({pid for pid, _ in ids.get(k, [])})))
            for s, e, k in found
        ]

    @staticmethod
    def _longest_at(
        text: str, tokens: list[_Token], run: list[int], pos: int, keys: frozenset[str]
    ) -> tuple[int, str] | None:
        """The longest span run[pos..end] whose key is in ``keys``: (end, key)."""
        candidates: list[int] = []
        caps = 0
        for end in range(pos, len(run)):
            tok = tokens[run[end]]
            if not tok.connector:
                caps += 1
                if caps > _MAX_NAME_WORDS:
                    break
                candidates.append(end)
        start_tok = tokens[run[pos]]
        if not start_tok.connector and name_key(start_tok.text) in _FUNCTION_WORDS:
            return None  # "The Raqqa campaign": the name starts after "The"
        for end in reversed(candidates):
            surface = text[start_tok.start : tokens[run[end]].end]
            key = name_key(surface)
            if len(key) < 3 or key not in keys:
                continue
            words = [t for t in (tokens[i] for i in run[pos : end + 1]) if not t.connector]
            if len(words) == 1 and not _single_word_ok(text, tokens, run, pos, end):
                continue
            return end, key
        return None


def _single_word_ok(text: str, tokens: list[_Token], run: list[int], pos: int, end: int) -> bool:
    """A one-word name is kept unless it is a stopword or glued to other proper nouns."""
    word = tokens[run[end]]
    if name_key(word.text) in _STOPWORDS:
        return False
    left = [tokens[i] for i in run[:pos] if not tokens[i].connector]
    right = [tokens[i] for i in run[end + 1 :] if not tokens[i].connector]
    neighbours = left[-1:] + right[:1]
    return all(name_key(n.text) in _CONTEXT_WORDS for n in neighbours)


# --------------------------------------------------------------------------------------
# GeoNames import
# --------------------------------------------------------------------------------------

_GEONAMES_PLACETYPE = {"P": "locality", "T": "hypsographic", "H": "hydrographic",
                       "S": "spot", "L": "area", "R": "road", "V": "vegetation",
                       "U": "undersea", "A": "admin"}  # fmt: skip
# Alternate names that are not names: codes, postcodes, wiki links.
_MAX_ALT_LEN = 60


def _geonames_placetype(fclass: str, fcode: str) -> str:
    if fclass == "A":
        if fcode == "ADM1":
            return "region"
        if fcode == "ADM2":
            return "county"
        if fcode.startswith("PCL"):
            return "country"
        if fcode in ("ADM3", "ADM4", "ADM5"):
            return "localadmin"
    return _GEONAMES_PLACETYPE.get(fclass, "feature")


def _geonames_lines(dump: Path) -> Iterator[str]:
    if dump.suffix.lower() == ".zip":
        with zipfile.ZipFile(dump) as zf:
            members = [
                m for m in zf.namelist()
                if m.endswith(".txt") and not m.lower().startswith("readme")
            ]  # fmt: skip
            if len(members) != 1:
                raise ValueError(f"{dump}: expected one .txt dump inside, found {members}")
            with zf.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8", newline="")
    else:
        with dump.open(encoding="utf-8", newline="") as fh:
            yield from fh


def _valid_alt(name: str) -> bool:
    return (
        0 < len(name) <= _MAX_ALT_LEN
        and not any(ch.isdigit() for ch in name)
        and "://" not in name
        and not (name.isupper() and len(name) <= 3)
        and is_latin(name)
    )


def import_geonames(dump: Path, *, target: Path) -> int:
    """Import a GeoNames dump (``allCountries.txt``, ``XX.txt`` or a ``.zip`` of one).

    Rows go into ``target`` (created with the gazetteer schema if missing; an existing
    gazetteer file gets the rows added). Places whose GeoNames id is already in the
    target (e.g. through Who's On First) are skipped. ``admin1``/``admin2`` are the names
    of the ADM1/ADM2 rows of the same dump, or the GeoNames code when the dump has no
    such row. Returns the number of places imported.
    """
    rows: list[list[str]] = []
    for line in _geonames_lines(Path(dump)):
        line = line.rstrip("\r\n")
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 19:
            raise ValueError(f"{dump}: expected 19 tab-separated columns, got {len(cols)}")
        rows.append(cols)

    admin1: dict[tuple[str, str], tuple[str, int]] = {}
    admin2: dict[tuple[str, str, str], tuple[str, int]] = {}
    for cols in rows:
        gid, name, asciiname = int(cols[0]), cols[1], cols[2]
        display = name if is_latin(name) else asciiname or name
        if cols[7] == "ADM1":
            admin1[(cols[8], cols[10])] = (display, gid)
        elif cols[7] == "ADM2":
            admin2[(cols[8], cols[10], cols[11])] = (display, gid)

    target = Path(target)
    conn = sqlite3.connect(target)
    try:
        conn.executescript(SCHEMA)
        known = {int(g) for (g,) in conn.execute(
            "SELECT geonameid FROM places WHERE geonameid IS NOT NULL")}  # fmt: skip
        place_rows = []
        name_rows: dict[tuple[str, int], int] = {}
        for cols in rows:
            gid = int(cols[0])
            if gid in known:
                continue
            name, asciiname, alts = cols[1], cols[2], cols[3]
            fclass, fcode, cc = cols[6], cols[7], cols[8]
            a1 = admin1.get((cc, cols[10]))
            a2 = admin2.get((cc, cols[10], cols[11]))
            display = name if is_latin(name) else asciiname or name
            placetype = _geonames_placetype(fclass, fcode)
            pop = int(cols[14]) if cols[14].strip() not in ("", "0") else None
            place_rows.append(
                (
                    gid, display, None if is_latin(name) else name, placetype, fcode or None,
                    cc,
                    a1[0] if a1 else (cols[10] or None),
                    a1[1] if a1 else (gid if placetype == "region" else None),
                    a2[0] if a2 else (cols[11] or None),
                    a2[1] if a2 else None,
                    round(float(cols[4]), 5), round(float(cols[5]), 5), pop, gid,
                )
            )  # fmt: skip
            for text, kind in [(name, KIND_NAME), (asciiname, KIND_NAME)] + [
                (alt, KIND_ALT) for alt in alts.split(",")
            ]:
                if kind == KIND_ALT and not _valid_alt(text):
                    continue
                if not is_latin(text):
                    continue
                key = name_key(text)
                if len(key) >= 2:
                    prior = name_rows.get((key, gid))
                    if prior is None or kind < prior:
                        name_rows[(key, gid)] = kind
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", place_rows
            )
            conn.executemany(
                "INSERT OR REPLACE INTO names VALUES (?,?,?)",
                sorted((k, pid, kind) for (k, pid), kind in name_rows.items()),
            )
            conn.execute(
                "INSERT OR REPLACE INTO meta VALUES ('geonames_import', ?)",
                (f"{Path(dump).name}: {len(place_rows)} places",),
            )
            # a GeoNames dump holds a country's villages too: it is now covered in full
            row = conn.execute("SELECT value FROM meta WHERE key = 'full_countries'").fetchone()
            if row is not None:
                full = set(json.loads(str(row[0]))) | {str(r[5]) for r in place_rows}
                conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('full_countries', ?)",
                    (json.dumps(sorted(full)),),
                )
        return len(place_rows)
    finally:
        conn.close()
