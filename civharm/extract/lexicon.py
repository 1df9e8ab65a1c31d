"""The extraction lexicon: `rules/*.toml` compiled once into regular expressions.

The word lists are data (rules/lexicon.toml, rules/actors.toml); this module only turns
each list into one alternation, longest terms first, matched on word boundaries.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from civharm.errors import SettingsError


def load_rules(name: str) -> dict[str, Any]:
    text = (resources.files("civharm") / "rules" / name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def trie_alternation(terms: Iterable[str]) -> str:
    """A regex matching any of the terms, written as a trie ("syria(?:ns?)?"), the longest
    first: the engine tries one branch per letter where a plain alternation tries every
    term at every position. A space matches any run of spaces; a final "*" any word ending
    ("kill*")."""
    trie: dict[str, Any] = {}
    for term in terms:
        tokens = [r"\s+" if c == " " else re.escape(c) for c in term.rstrip("*")]
        if term.endswith("*"):
            tokens.append(r"\w*")
        node = trie
        for token in tokens:
            node = node.setdefault(token, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        # a word ending ("\w*") after the letters that go on, so "killing" stays literal
        ordered = sorted((t for t in node if t), key=lambda t: (t == r"\w*", t))
        branches = [token + pattern(node[token]) for token in ordered]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # the longer terms first, then the end

    return pattern(trie)


def alternation(terms: list[str], *, case: bool = False) -> re.Pattern[str]:
    """One regex matching any of the terms as whole words, the longest first."""
    pattern = r"(?<![\w-])(?:" + trie_alternation(t for t in terms if t) + r")(?![\w-])"
    return re.compile(pattern, 0 if case else re.IGNORECASE)


@dataclass(frozen=True)
class Labelled:
    """A label and the regex of the words that signal it."""

    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Lexicon:
    killed: re.Pattern[str]
    candidate: re.Pattern[str]
    injured: re.Pattern[str]
    casualties: re.Pattern[str]
    harm_any: re.Pattern[str]
    victims: tuple[Labelled, ...]
    events: tuple[Labelled, ...]
    weapons: tuple[Labelled, ...]
    targets: tuple[Labelled, ...]
    hedges: re.Pattern[str]
    contest: re.Pattern[str]
    generic: re.Pattern[str]
    anaphora: re.Pattern[str]
    new_event: re.Pattern[str]
    claimant_aliases: tuple[tuple[re.Pattern[str], str], ...]
    claimant_generic: re.Pattern[str]
    actors: tuple[Labelled, ...]
    # actors by the first two letters of their names: where a word starts, only these are tried
    actor_index: dict[str, tuple[Labelled, ...]]
    admin1_display: dict[str, str]
    governments: dict[str, str]
    # whom a word names by the country the article is set in: "terrorists", "insurgents"
    by_setting: dict[str, dict[str, str]]
    nationalities: dict[str, str]
    # states named as actors that, after "in", say where rather than who
    countries: frozenset[str]
    # the country of forces and groups that fight only at home
    homes: dict[str, str]


def _labelled(table: dict[str, list[str]], *, case: bool = False) -> tuple[Labelled, ...]:
    return tuple(Labelled(label, alternation(terms, case=case)) for label, terms in table.items())


def _actor_pattern(aliases: list[str]) -> re.Pattern[str]:
    """Acronyms ("US", "IS", "SAA") must match in capitals; names in any case ("Regime forces")."""
    acronyms = [a for a in aliases if a.replace(".", "").replace("-", "").isupper()]
    names = [a for a in aliases if a not in acronyms]
    parts = []
    if acronyms:
        parts.append(alternation(acronyms, case=True).pattern)
    if names:
        parts.append("(?i:" + alternation(names).pattern + ")")
    return re.compile("|".join(parts))


def initials(text: str) -> str:
    """The first two letters of a name, lower case, dots and hyphens skipped ("U.S." → us)."""
    head = text[:2]
    if head.isalpha():
        return head.lower()
    return "".join(c for c in text[:8] if c.isalpha())[:2].lower()


def _index(
    actors: list[dict[str, Any]], compiled: tuple[Labelled, ...]
) -> dict[str, tuple[Labelled, ...]]:
    index: dict[str, list[Labelled]] = {}
    for actor, labelled in zip(actors, compiled, strict=True):
        for key in {initials(alias) for alias in actor["aliases"]}:
            index.setdefault(key, []).append(labelled)
    return {key: tuple(found) for key, found in index.items()}


def _user_actors(path: str) -> dict[str, Any]:
    """An extra actor list in the format of rules/actors.toml (setting `actors`)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read the actors file ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: not a valid actors TOML file ({exc})") from None
    for actor in data.get("actor", []):
        if not isinstance(actor.get("name"), str) or not isinstance(actor.get("aliases"), list):
            raise SettingsError(f"{path}: each [[actor]] needs a name and a list of aliases")
    return data


@cache
def lexicon(actors_file: str = "") -> Lexicon:
    """The packaged lexicon, plus a user's actors if given, compiled once per file."""
    data = load_rules("lexicon.toml")
    actors = load_rules("actors.toml")
    if actors_file:
        extra = _user_actors(actors_file)
        actors = {
            "actor": [*extra.get("actor", []), *actors["actor"]],
            "government": {**actors["government"], **extra.get("government", {})},
            "nationality": {**actors.get("nationality", {}), **extra.get("nationality", {})},
        }
    admin = load_rules("admin1.toml")
    harm = data["harm"]
    anaphora = data["anaphora"]
    compiled = tuple(Labelled(a["name"], _actor_pattern(a["aliases"])) for a in actors["actor"])
    return Lexicon(
        killed=alternation(harm["killed"]),
        candidate=alternation(
            harm["killed"]
            + harm["injured"]
            + harm["casualties"]
            + [w for words in data["events"].values() for w in words]
        ),
        injured=alternation(harm["injured"]),
        casualties=alternation(harm["casualties"]),
        harm_any=alternation(harm["killed"] + harm["injured"] + harm["casualties"]),
        victims=_labelled(data["victims"]),
        events=_labelled(data["events"]),
        weapons=_labelled(data["weapons"]),
        targets=_labelled(data["targets"]),
        hedges=alternation(data["hedges"]["words"]),
        contest=alternation(data["contest"]["words"]),
        generic=alternation(data["generic"]["words"]),
        anaphora=re.compile(
            # "said that an Israeli strike …": "that" there opens what was said; `attack`:
            # an attack named again ("the strike"), not a victim or a toll told again
            r"(?P<attack>\b(?:the|this|(?<!said\s)(?<!says\s)(?<!reported\s)(?<!added\s)"
            r"(?<!confirmed\s)(?<!announced\s)(?<!stated\s)that|these|those|its|their|last night's|"
            r"yesterday's|Friday's|Saturday's|Sunday's|Monday's|Tuesday's|Wednesday's|"
            r"Thursday's)\s+(?:(?!an?\s)[\w.’'-]+\s+){0,3}?(?:"
            + trie_alternation(anaphora["nouns"])
            + r")\b)|\bamong the (?:dead|victims|killed|injured|wounded)\b"
            # "Her body was recovered from the rubble": the victim already told
            # "the rebel TV reported a lower casualty figure": another claim of the same toll
            r"|\b(?:a|the)\s+(?:lower|higher|different|smaller|larger)\s+(?:casualty\s+|death\s+)?"
            r"(?:figure|toll|count)\b"
            r"|\b(?:her|his|their|the)\s+(?:bod(?:y|ies)|remains)\s+(?:was|were|had\s+been|"
            r"have\s+been)\s+(?:\w+\s+)?(?:recovered|found|pulled|retrieved)\b",
            re.IGNORECASE,
        ),
        new_event=alternation(anaphora["new_event"]),
        claimant_aliases=tuple(
            (alternation([alias], case=True), name) for alias, name in data["claimants"]["aliases"]
        ),
        claimant_generic=alternation(data["claimants"]["generic"]),
        actors=compiled,
        actor_index=_index(actors["actor"], compiled),
        admin1_display=dict(admin["display"]),
        governments=dict(actors["government"]),
        by_setting={
            word: dict(actors.get(word, {})) for word in ("terrorists", "insurgents", "separatists")
        },
        nationalities=dict(actors.get("nationality", {})),
        countries=frozenset(actors.get("countries", {}).get("names", ())),
        homes=dict(actors.get("home", {})),
    )
