"""Attributions the accused disputes: the party an event is blamed on says it was not
behind it ("the coalition did not carry out any operations there") and points at another
("the militia are behind the killing"), or says another party's weapon did it ("a stray
rocket from the militants was responsible"). The record then keeps every suspect under
an unresolved attribution instead of siding with the first accuser (issue #8, "Who").

A plain denial with nobody else blamed ("the army denied targeting civilians") is not a
dispute about who acted: the mention keeps the party it was blamed on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from civharm.extract.actors import actor_names, in_country, unclaimed
from civharm.extract.lexicon import Lexicon
from civharm.model import Mention

# The speaker says it did not do it.
_DISOWN = re.compile(
    r"\b(?:(?:was|were|is|are)\s+not\s+(?:behind|responsible|involved)|"
    r"did\s+not\s+carry\s+out|(?:had|has|have)\s+nothing\s+to\s+(?:do\s+)?with|"
    r"(?:denied|denies|deny|denying)\s+(?:any\s+|all\s+)?(?:involvement|responsibility|"
    r"carrying\s+out|being\s+behind|(?:that\s+)?it\s+(?:had\s+)?(?:carried|conducted|launched)))\b",
    re.I,
)
# Another party is named as the one who did it.
_BLAME = re.compile(
    r"\b(?:(?:are|is|was|were)\s+behind|(?:had\s+been|was|were|is|are)\s+responsible\s+for|"
    r"to\s+blame\s+for|instead)\b",
    re.I,
)
# Between the party and its denial: the party is the one speaking ("the LNA said in a
# statement it had …", "the coalition did not carry out …"), not "coalition bombings have
# shown that these strikes have nothing to do with …".
_SPEAKS = re.compile(
    r"(?:[’']s)?(?:\s+(?:spokes(?:man|woman|person)|military|command|ministry|forces|army))?"
    r"(?:\s*,?\s+(?:said|says|stated|insisted|denied|added|claimed)\b[^.;]{0,80}?)?"
    r"\s*(?:(?:that\s+)?(?:it|they|its\s+forces)\s+)?$",
    re.I,
)
_SAID_AFTER = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:said|says|claimed|insisted|stated)\b", re.I)


def disputed(
    texts: Sequence[str], blamed: str, lex: Lexicon, name: Callable[[str], str]
) -> tuple[str, ...]:
    """The suspects when `blamed` disputes the attribution in the sentences `texts` of one
    mention: `blamed` first, then the parties it or others name instead; empty when
    nothing disputes it. `name` turns a lexicon label into the actor it is in the
    article's setting ("the coalition" in Yemen), as `blamed` was named."""
    disowned = False
    others: list[str] = []
    for text in texts:
        disown = _DISOWN.search(text)
        blame = _BLAME.search(text)
        if disown is None and blame is None:
            continue  # most sentences: no actor need be read
        names = [(start, end, name(label)) for start, end, label in actor_names(text, lex)]
        speaker = next((start for start, _, label in names if label == blamed), None)
        # the party named last before the denial is the one who may be speaking
        spoken = [
            end for _, end, label in names if label == blamed and disown and end <= disown.start()
        ]
        if disown is not None and spoken and _SPEAKS.match(text, spoken[-1], disown.start()):
            disowned = True
            if re.search(r"\binstead\b", text, re.I):
                others.append("")  # "accusing a Tripoli-based group instead": someone else
        if blame is None:
            continue
        named = [(s, label) for s, _, label in names if label != blamed and s < blame.start()]
        if (
            speaker is not None
            and named
            and speaker < named[0][0]
            and _SAID_AFTER.match(text[speaker:])
        ):
            disowned = True  # "Israel said … a stray rocket from the militants was responsible"
        others += [label for _, label in named]
    suspects = [o for o in dict.fromkeys(others) if o]
    if not disowned or not (suspects or "" in others):
        return ()
    return (blamed, *suspects)


REACH = 8  # sentences after a mention's last one where its denial may still come


def settle_attributions(
    mentions: list[Mention], told: list[tuple[int, str]], body: str, lex: Lexicon
) -> list[Mention]:
    """The article's mentions with disputed attributions (`disputed`) and attackers the
    text says nobody knows (`unclaimed`) made "unknown". `told` is every sentence of the
    article as (start, text); each mention is read in its `stretch`."""
    out = []
    for mention in mentions:
        blamed = mention.perpetrator
        if blamed == "unknown":
            out.append(mention)
            continue
        texts = stretch(mention, mentions, told)
        if blamed is None:
            # "There was no immediate claim of responsibility", "both sides blamed each other"
            unknown = any(unclaimed(t) for t in texts)
            out.append(replace(mention, perpetrator="unknown") if unknown else mention)
            continue
        country = mention.place.country

        def named(label: str, country: str | None = country) -> str:
            return in_country(label, country, [body], lex) or label

        rivals = disputed(texts, named(blamed), lex, named)
        out.append(replace(mention, perpetrator="unknown", suspected=rivals) if rivals else mention)
    return out


def stretch(mention: Mention, mentions: list[Mention], told: list[tuple[int, str]]) -> list[str]:
    """A mention's sentences and those after its last one, up to where another mention is
    told again or `REACH` sentences on: a denial often comes paragraphs later."""
    first = min(span.start for span in mention.evidence)
    last = max(span.start for span in mention.evidence)
    others = [s.start for m in mentions if m is not mention for s in m.evidence]
    later = [start for start, _ in told if start > last][REACH : REACH + 1]
    end = min([s for s in others if s > last] + later, default=None)
    return [t for start, t in told if start >= first and (end is None or start < end)]
