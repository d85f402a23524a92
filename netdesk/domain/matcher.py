"""The give-back matcher (PRODUCT.md habit 6): who would care about this article or invitation?

Scores are simple and explainable: a tag that matches weighs most, then organisation and title, then
notes. Every point comes with a reason the user can read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from netdesk.domain.model import Contact
from netdesk.domain.text import fold

TAG_WEIGHT, ORG_WEIGHT, TITLE_WEIGHT, NOTES_WEIGHT = 3, 2, 2, 1
_WORD = re.compile(r"\w+")
# Words that say nothing about interests; an article's title is full of them.
STOPWORDS = frozenset("""
a an and are as at be but by for from has have how i in into is it its new of on or our that the their this to
was we what when where which who why will with you your about after all also can more most not now out over so
than them then there these they those up very via vs
""".split())


@dataclass(frozen=True, slots=True)
class Candidate:
    contact_id: int
    name: str
    tags: Sequence[str] = ()
    organisation: str = ""
    title: str = ""
    notes: str = ""
    strength: int = 0

    @classmethod
    def of(cls, contact: Contact) -> Candidate:
        return cls(contact.id, contact.name, contact.tags, contact.organisation, contact.title, contact.notes,
                   contact.strength)


@dataclass(frozen=True, slots=True)
class Match:
    contact_id: int
    name: str
    score: int
    reasons: tuple[str, ...]

    def to_json(self) -> dict:
        return {"id": self.contact_id, "name": self.name, "score": self.score, "reasons": list(self.reasons)}


def keywords(text: str) -> list[str]:
    """Folded words worth matching on, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(text)):
        if word not in STOPWORDS and (len(word) >= 3 or not word.isascii()):
            seen.setdefault(word, None)
    return list(seen)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(fold(text)))


def score(candidate: Candidate, words: Iterable[str], tags: Iterable[str]) -> Match:
    wanted = set(words)
    wanted_tags = {fold(t) for t in tags} | wanted
    points, reasons = 0, []
    for tag in candidate.tags:
        if fold(tag) in wanted_tags:
            points += TAG_WEIGHT
            reasons.append(f"tag {tag}")
    for label, text, weight in (("organisation", candidate.organisation, ORG_WEIGHT),
                                ("title", candidate.title, TITLE_WEIGHT), ("notes", candidate.notes, NOTES_WEIGHT)):
        hits = sorted(wanted & _words(text))
        if hits:
            points += weight * len(hits)
            reasons.append(f"{label}: {', '.join(hits)}")
    return Match(candidate.contact_id, candidate.name, points, tuple(reasons))


def rank(candidates: Iterable[Candidate], text: str, tags: Sequence[str] = (), limit: int = 20) -> list[Match]:
    """Contacts with any reason to care, best first (ties: stronger relationship, then name)."""
    words = keywords(text)
    strength = {}
    scored = []
    for candidate in candidates:
        found = score(candidate, words, tags)
        if found.score > 0:
            scored.append(found)
            strength[candidate.contact_id] = candidate.strength
    scored.sort(key=lambda m: (-m.score, -strength[m.contact_id], fold(m.name), m.contact_id))
    return scored[:limit]


def best_of(candidate: Candidate, items: Sequence[tuple[str, Sequence[str]]]) -> tuple[Match, int] | None:
    """The item (text, its keywords) this candidate would care most about, as (match, index of the item).

    Items come oldest first; on a tie the later (newer) one wins.
    """
    best: tuple[Match, int] | None = None
    for index, (_text, words) in enumerate(items):
        found = score(candidate, words, ())
        if found.score and (best is None or found.score >= best[0].score):
            best = (found, index)
    return best
