"""Running text split into runs of words that may be place names, for
`Gazetteer.find_in_text`: the tokeniser and the word lists that decide which words may
start, join or stand alone as a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civharm.place_names import _ARTICLES, name_key

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
    # number words that open a report's sentence ("Nine civilians were killed …")
    """
    One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen
    Fifteen Sixteen Seventeen Eighteen Nineteen Twenty Thirty Forty Fifty Hundred Hundreds
    Thousand Thousands Dozen Dozens Scores
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


def _single_word_ok(text: str, tokens: list[_Token], run: list[int], pos: int, end: int) -> bool:
    """A one-word name is kept unless it is a stopword or glued to other proper nouns."""
    word = tokens[run[end]]
    if name_key(word.text) in _STOPWORDS:
        return False
    left = [tokens[i] for i in run[:pos] if not tokens[i].connector]
    right = [tokens[i] for i in run[end + 1 :] if not tokens[i].connector]
    neighbours = left[-1:] + right[:1]
    return all(name_key(n.text) in _CONTEXT_WORDS for n in neighbours)
